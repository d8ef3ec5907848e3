package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte path ({@link Utf8Value}) gives exactly the ids of the String path, for every tokenizer
 * and normalization the fast path handles and the ones it hands back, on noisy values: case,
 * leading/trailing/inner whitespace of every kind, delimiters, NBSP, full-width letters, accents,
 * emoji, empty strings and null elements.
 */
class Utf8EncodingTest {
  private static final String[] PIECES = {
    "com.app.one",
    "Com.App.One",
    "Samsung",
    "galaxy",
    "S21",
    "iphone 12",
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u3000",
    "\u0085",
    ",",
    ", ",
    "|",
    "·",
    "Ｇａｌａｘｙ",
    "café",
    "CAFÉ",
    "😀",
    "x",
    "",
    "-",
    "__",
    "A1b2"
  };

  /** A value built from random pieces: the same bytes and chars both ways. */
  private static String noisy(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int k = 0, n = r.nextInt(5); k < n; k++) {
      sb.append(PIECES[r.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static FieldSpec field(
      String name, FieldKind kind, TokenizerType t, String pattern, NormalizeOptions o) {
    FieldSpec.Builder b =
        FieldSpec.builder(name).column(name).kind(kind).maxLength(12).maxSize(1000).normalize(o);
    return (t == TokenizerType.WHOLE ? b : b.tokenizer(t, pattern)).build();
  }

  @Test
  void byteIdsEqualStringIdsOnNoisyValues() {
    List<FieldSpec> fields = new ArrayList<>();
    NormalizeOptions[] opts = {
      NormalizeOptions.DEFAULT,
      NormalizeOptions.NONE,
      new NormalizeOptions(true, false, true, false),
      new NormalizeOptions(false, true, false, true)
    };
    int k = 0;
    for (NormalizeOptions o : opts) {
      fields.add(field("w" + k, FieldKind.SINGLE, TokenizerType.WHOLE, null, o));
      fields.add(field("m" + k, FieldKind.MULTI, TokenizerType.WHOLE, null, o));
      fields.add(field("d" + k, FieldKind.MULTI, TokenizerType.DELIMITER, ",", o));
      fields.add(field("u" + k, FieldKind.SINGLE, TokenizerType.DELIMITER, "·", o));
      fields.add(
          field("r" + k, FieldKind.SINGLE, TokenizerType.REGEX, Utf8Analyzer.ALNUM_SPLIT, o));
      fields.add(field("s" + k, FieldKind.SINGLE, TokenizerType.REGEX, "\\s*\\|\\s*", o));
      k++;
    }
    FeatureSpec.Builder sb = FeatureSpec.builder().name("noisy").idColumn("id");
    fields.forEach(sb::addField);
    FeatureSpec spec = sb.build();

    Random r = new Random(12);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      Object[] row = new Object[fields.size()];
      for (int f = 0; f < row.length; f++) {
        if (r.nextInt(20) == 0) {
          continue; // null value
        }
        if (fields.get(f).kind() == FieldKind.MULTI) {
          List<String> list = new ArrayList<>();
          for (int e = 0, n = r.nextInt(6); e < n; e++) {
            list.add(r.nextInt(15) == 0 ? null : noisy(r));
          }
          row[f] = list;
        } else {
          row[f] = noisy(r);
        }
      }
      rows.add(row);
    }
    // vocabularies from the first half, so the second half meets unknown tokens too
    Map<String, Vocabulary> vocabs = new java.util.HashMap<>();
    for (int f = 0; f < fields.size(); f++) {
      FieldAnalyzer a = FieldAnalyzer.of(fields.get(f));
      VocabularyBuilder vb = new VocabularyBuilder();
      for (Object[] row : rows.subList(0, rows.size() / 2)) {
        a.analyze(row[f], t -> vb.add(t, 1));
      }
      vocabs.put(fields.get(f).name(), vb.build(fields.get(f).name(), 1, 1000));
    }
    Encoder encoder = new Encoder(spec, vocabs);
    int compared = 0;
    for (Object[] row : rows) {
      for (int f = 0; f < row.length; f++) {
        int[] viaString = new int[12];
        int[] viaBytes = new int[12];
        int n1 = encoder.encodeField(f, row[f], viaString, 0);
        int n2 = encoder.encodeField(f, bytesOf(row[f]), viaBytes, 0);
        assertThat(viaBytes).as("field %s value %s", f, row[f]).isEqualTo(viaString);
        assertThat(n2).isEqualTo(n1);
        compared++;
      }
    }
    assertThat(compared).isEqualTo(3000 * fields.size());
  }

  @Test
  void kindMismatchIsInvalidValue() {
    FieldSpec multi =
        field("m", FieldKind.MULTI, TokenizerType.WHOLE, null, NormalizeOptions.DEFAULT);
    FeatureSpec spec = FeatureSpec.builder().name("k").idColumn("id").addField(multi).build();
    Encoder e =
        new Encoder(spec, Map.of("m", new VocabularyBuilder().add("a", 1).build("m", 1, 1000)));
    assertThatThrownBy(() -> e.encodeField(0, bytesOf("a"), new int[12], 0))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("expected array<string>, found string");
  }

  /** The value as a {@link Utf8Value} over its UTF-8 bytes. */
  static Utf8Value bytesOf(Object value) {
    if (value == null) {
      return null;
    }
    boolean array = value instanceof List;
    List<?> list = array ? (List<?>) value : List.of(value);
    byte[][] bytes = new byte[list.size()][];
    for (int i = 0; i < bytes.length; i++) {
      Object e = list.get(i);
      bytes[i] = e == null ? null : ((String) e).getBytes(StandardCharsets.UTF_8);
    }
    return new Utf8Value() {
      @Override
      public boolean isArray() {
        return array;
      }

      @Override
      public int size() {
        return bytes.length;
      }

      @Override
      public int read(int i, Utf8Buffer buffer) {
        if (bytes[i] == null) {
          return -1;
        }
        buffer.writable(bytes[i].length).put(bytes[i]);
        return bytes[i].length;
      }

      @Override
      public String toString() {
        return Arrays.deepToString(bytes);
      }
    };
  }
}
