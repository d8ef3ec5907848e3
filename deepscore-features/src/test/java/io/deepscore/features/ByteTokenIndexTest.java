package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The byte-keyed table gives {@link Vocabulary#indexOf}'s id for every token, including tokens with
 * the same hash ({@code "Aa"} and {@code "BB"} share {@link String#hashCode}) or the same length,
 * and the absent id for what the vocabulary does not hold, wherever the bytes sit in the buffer.
 */
class ByteTokenIndexTest {
  private static final int ABSENT = -7;

  @Test
  void everyTokenIsFoundAndNothingElse() {
    VocabularyBuilder b = new VocabularyBuilder();
    String[] colliding = {"Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB"};
    for (String t : colliding) {
      b.add(t, 5);
    }
    for (int i = 0; i < 3000; i++) {
      b.add("com.app" + i, 1 + i % 4);
    }
    b.add("café", 3); // not ASCII: not indexed, the exact path looks it up
    Vocabulary v = b.build("apps", 1, 10_000);
    ByteTokenIndex index = new ByteTokenIndex(v);

    for (int id = 0; id < v.size(); id++) {
      String t = v.token(id);
      boolean indexed = id != v.padId() && id != v.unknownId() && ByteTokenIndex.isAscii(t);
      assertThat(lookUp(index, "  " + t + "|", 2)).as(t).isEqualTo(indexed ? id : ABSENT);
    }
    for (String absent : new String[] {"", "Ab", "BBB", "com.app3000", "com.app1 ", "aa"}) {
      assertThat(lookUp(index, absent, 0)).as(absent).isEqualTo(ABSENT);
    }
  }

  /** Looks up {@code s} without its {@code pad} leading and one trailing character, if any. */
  private static int lookUp(ByteTokenIndex index, String s, int pad) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int end = pad == 0 ? bytes.length : bytes.length - 1;
    return index.get(bytes, pad, end, ABSENT);
  }
}
