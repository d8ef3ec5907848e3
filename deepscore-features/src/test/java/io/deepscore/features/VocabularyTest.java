package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VocabularyTest {

  /** counts: c=5, a=3, b=3, d=3, e=1, f=2 (total 17, 6 distinct). */
  static VocabularyBuilder sample() {
    VocabularyBuilder b = new VocabularyBuilder();
    for (String t : "c a b c d c e c f a b f d c a b d".split(" ")) {
      b.add(t);
    }
    return b;
  }

  @Test
  void idsAreByDescendingCountThenToken() {
    Vocabulary v = sample().build("apps", 1, 100);
    assertThat(v.tokens()).containsExactly("<pad>", "<oov>", "c", "a", "b", "d", "f", "e");
    assertThat(v.count(2)).isEqualTo(5);
    assertThat(v.count(3)).isEqualTo(3);
    assertThat(v.count(7)).isEqualTo(1);
    assertThat(v.size()).isEqualTo(8);
    assertThat(v.keptTokens()).isEqualTo(6);
    assertThat(v.indexOf("c")).isEqualTo(2);
    assertThat(v.indexOf("d")).isEqualTo(5);
    assertThat(v.token(Vocabulary.PAD_ID)).isEqualTo("<pad>");
    assertThat(v.token(Vocabulary.OOV_ID)).isEqualTo("<oov>");
  }

  @Test
  void insertionOrderDoesNotChangeIds() {
    List<String> tokens = new ArrayList<>();
    for (String t : "c a b c d c e c f a b f d c a b d".split(" ")) {
      tokens.add(t);
    }
    Vocabulary reference = sample().build("apps", 1, 100);
    Random rnd = new Random(7);
    for (int round = 0; round < 5; round++) {
      Collections.shuffle(tokens, rnd);
      VocabularyBuilder b = new VocabularyBuilder();
      tokens.forEach(b::add);
      Vocabulary v = b.build("apps", 1, 100);
      assertThat(v).isEqualTo(reference);
      assertThat(v.id()).isEqualTo(reference.id());
    }
  }

  @Test
  void minCountAndMaxSizeCutTheTail() {
    Vocabulary min3 = sample().build("apps", 3, 100);
    assertThat(min3.tokens()).containsExactly("<pad>", "<oov>", "c", "a", "b", "d");
    // max_size 2 cuts inside the 3-way tie a/b/d: ties broken by token.
    Vocabulary max2 = sample().build("apps", 1, 2);
    assertThat(max2.tokens()).containsExactly("<pad>", "<oov>", "c", "a");
  }

  @Test
  void unknownAndNullTokensAreOov() {
    Vocabulary v = sample().build("apps", 3, 100);
    assertThat(v.indexOf("zzz")).isEqualTo(Vocabulary.OOV_ID);
    assertThat(v.indexOf("e")).isEqualTo(Vocabulary.OOV_ID); // below min_count
    assertThat(v.indexOf(null)).isEqualTo(Vocabulary.OOV_ID);
    // The reserved spellings never get a real id, so data can never produce padding.
    assertThat(v.indexOf("<pad>")).isEqualTo(Vocabulary.OOV_ID);
  }

  @Test
  void reservedSpellingsInDataAreDropped() {
    VocabularyBuilder b = new VocabularyBuilder().add("<pad>", 10).add("<oov>", 9).add("x", 2);
    Vocabulary v = b.build("f", 1, 10);
    assertThat(v.tokens()).containsExactly("<pad>", "<oov>", "x");
    assertThat(v.distinctSeen()).isEqualTo(3);
    assertThat(v.count(Vocabulary.OOV_ID)).isEqualTo(19);
  }

  @Test
  void coverageStats() {
    Vocabulary v = sample().build("apps", 3, 3); // keeps c=5, a=3, b=3
    assertThat(v.distinctSeen()).isEqualTo(6);
    assertThat(v.keptTokens()).isEqualTo(3);
    assertThat(v.totalOccurrences()).isEqualTo(17);
    assertThat(v.keptOccurrences()).isEqualTo(11);
    assertThat(v.count(Vocabulary.OOV_ID)).isEqualTo(6);
    assertThat(v.count(Vocabulary.PAD_ID)).isZero();
    assertThat(v.coverage()).isCloseTo(11.0 / 17.0, within(1e-12));
    assertThat(new VocabularyBuilder().build("e", 1, 5).coverage()).isZero();
  }

  @Test
  void fromTopCountsEqualsBuilderGivenOnlyTheTopTokensInAnyOrder() {
    VocabularyBuilder b = new VocabularyBuilder();
    Random rnd = new Random(42);
    for (int i = 0; i < 5000; i++) {
      // Zipf-ish with many ties.
      int t = (int) Math.floor(Math.pow(rnd.nextDouble(), 3) * 400);
      b.add("tok" + t);
    }
    int minCount = 3;
    int maxSize = 50;
    Vocabulary expected = b.build("apps", minCount, maxSize);

    // What a distributed count would send: the top maxSize + 2 by (count desc, token asc),
    // shuffled.
    List<TokenCount> all = new ArrayList<>();
    for (int t = 0; t < 400; t++) {
      long c = b.count("tok" + t);
      if (c > 0) {
        all.add(new TokenCount("tok" + t, c));
      }
    }
    all.sort((x, y) -> TokenCount.compareForVocabulary(x.token(), x.count(), y.token(), y.count()));
    List<TokenCount> top = new ArrayList<>(all.subList(0, maxSize + 2));
    Collections.shuffle(top, rnd);

    Vocabulary fromTop =
        Vocabulary.fromTopCounts(
            "apps", top, minCount, maxSize, b.distinct(), b.totalOccurrences());
    assertThat(fromTop).isEqualTo(expected);
    assertThat(fromTop.id()).isEqualTo(expected.id());
    assertThat(fromTop.coverage()).isEqualTo(expected.coverage());
    assertThat(expected.keptTokens()).isEqualTo(maxSize);
  }

  @Test
  void mergeAddsCounts() {
    VocabularyBuilder a = new VocabularyBuilder().add("x").add("y", 4);
    VocabularyBuilder b = new VocabularyBuilder().add("x", 2).add("z");
    a.merge(b);
    assertThat(a.count("x")).isEqualTo(3);
    assertThat(a.count("y")).isEqualTo(4);
    assertThat(a.count("z")).isEqualTo(1);
    assertThat(a.distinct()).isEqualTo(3);
    assertThat(a.totalOccurrences()).isEqualTo(8);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThatThrownBy(() -> new VocabularyBuilder().add(""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VocabularyBuilder().add("x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be >= 1");
    assertThatThrownBy(() -> sample().build("apps", 0, 10))
        .isInstanceOf(VocabularyException.class)
        .hasMessageContaining("min_count 0 must be >= 1");
    assertThatThrownBy(
            () ->
                Vocabulary.fromTopCounts(
                    "apps", List.of(new TokenCount("a", 3), new TokenCount("a", 2)), 1, 10, 5, 10))
        .isInstanceOf(VocabularyException.class)
        .hasMessageContaining("token 'a' appears twice");
    assertThatThrownBy(
            () -> Vocabulary.fromTopCounts("apps", List.of(new TokenCount("a", 30)), 1, 10, 5, 10))
        .isInstanceOf(VocabularyException.class)
        .hasMessageContaining("more than total_occurrences 10");
  }
}
