package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncoderTest {
  /** Vocabulary ids: a=2 (count 9), b=3 (8), c=4 (7), d=5 (6). */
  static Vocabulary vocab(String field) {
    return new VocabularyBuilder()
        .add("a", 9)
        .add("b", 8)
        .add("c", 7)
        .add("d", 6)
        .build(field, 1, 100);
  }

  static Encoder encoder(Truncation truncation, int maxLength, boolean required) {
    FeatureSpec spec =
        FeatureSpec.builder()
            .name("t")
            .idColumn("user_id")
            .addField(
                FieldSpec.builder("apps")
                    .column("app_packages")
                    .kind(FieldKind.MULTI)
                    .maxLength(maxLength)
                    .truncation(truncation)
                    .maxSize(100)
                    .required(required)
                    .build())
            .addField(
                FieldSpec.builder("name")
                    .column("device_name")
                    .kind(FieldKind.SINGLE)
                    .tokenizer(TokenizerType.REGEX, "[^\\p{L}\\p{N}]+")
                    .maxLength(3)
                    .maxSize(100)
                    .build())
            .build();
    return new Encoder(spec, Map.of("apps", vocab("apps"), "name", vocab("name")));
  }

  static int[] encode(Encoder e, int field, Object raw) {
    int[] dst = new int[e.maxLength(field) + 2];
    Arrays.fill(dst, -7);
    int n = e.encodeField(field, raw, dst, 1);
    assertThat(dst[0]).isEqualTo(-7);
    assertThat(dst[dst.length - 1]).isEqualTo(-7); // writes exactly maxLength ints
    int[] out = Arrays.copyOfRange(dst, 1, dst.length - 1);
    assertThat(n).isEqualTo((int) Arrays.stream(out).filter(id -> id != 0).count());
    return out;
  }

  @Test
  void knownUnknownAndPadding() {
    Encoder e = encoder(Truncation.KEEP_FIRST, 5, false);
    assertThat(encode(e, 0, List.of("B", "zzz", "a"))).containsExactly(3, 1, 2, 0, 0);
    assertThat(encode(e, 1, "  C-d  ")).containsExactly(4, 5, 0);
  }

  @Test
  void nullEmptyAndBlankGiveAllPadding() {
    Encoder e = encoder(Truncation.KEEP_FIRST, 3, false);
    assertThat(encode(e, 0, null)).containsExactly(0, 0, 0);
    assertThat(encode(e, 0, List.of())).containsExactly(0, 0, 0);
    assertThat(encode(e, 0, Arrays.asList(null, " ", "\u3000"))).containsExactly(0, 0, 0);
    assertThat(encode(e, 1, "")).containsExactly(0, 0, 0);
  }

  @Test
  void keepFirstTruncation() {
    Encoder e = encoder(Truncation.KEEP_FIRST, 3, false);
    assertThat(encode(e, 0, List.of("d", "x", "c", "a", "b"))).containsExactly(5, 1, 4);
  }

  @Test
  void keepMostFrequentKeepsSmallestIdsInOriginalOrder() {
    Encoder e = encoder(Truncation.KEEP_MOST_FREQUENT, 3, false);
    // ids: d=5 x=1(OOV) c=4 a=2 b=3 -> most frequent known three are 2, 3, 4 in input order: c, a,
    // b. An unknown token ranks below every known one, so OOV never displaces a known token.
    assertThat(encode(e, 0, List.of("d", "x", "c", "a", "b"))).containsExactly(4, 2, 3);
    // x(OOV) d a b, keep 3: the OOV token is the one dropped -> d, a, b.
    assertThat(encode(e, 0, List.of("x", "d", "a", "b"))).containsExactly(5, 2, 3);
    // ties at the cut-off keep the earliest: ids 4 2 4 4 5 -> keep 2 and the first two 4s.
    assertThat(encode(e, 0, List.of("c", "a", "c", "c", "d"))).containsExactly(4, 2, 4);
  }

  @Test
  void requiredNullIsInvalidButEmptyIsNot() {
    Encoder e = encoder(Truncation.KEEP_FIRST, 3, true);
    assertThatThrownBy(() -> e.encodeField(0, null, new int[3], 0))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("field 'apps' (column 'app_packages'): required column 'app_packages' is null");
    assertThat(encode(e, 0, List.of())).containsExactly(0, 0, 0);
  }

  @Test
  void wrongTypeLeavesDestinationUnchanged() {
    Encoder e = encoder(Truncation.KEEP_FIRST, 3, false);
    int[] dst = {9, 9, 9};
    assertThatThrownBy(() -> e.encodeField(0, "a", dst, 0))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("field 'apps' (column 'app_packages'): expected array<string>, found string");
    assertThat(dst).containsExactly(9, 9, 9);
  }

  @Test
  void batchAppendFullClearAndCounters() {
    Encoder e = encoder(Truncation.KEEP_MOST_FREQUENT, 2, false);
    EncodedBatch batch = e.newBatch(2);
    assertThat(batch.isEmpty()).isTrue();
    e.encodeRow(new Object[] {List.of("a", "zz", "b"), "Ｄ a"}, batch);
    e.encodeRow(new Object[] {null, "c"}, batch);
    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.isFull()).isTrue();
    assertThat(batch.field(0)).containsExactly(2, 3, 0, 0);
    assertThat(batch.field(1)).containsExactly(5, 2, 0, 4, 0, 0);
    assertThat(batch.id(1, 1, 0)).isEqualTo(4);
    assertThat(batch.truncatedRows(0)).isEqualTo(1);
    assertThat(batch.oovTokens(0)).isEqualTo(1);
    assertThat(batch.tokens(0)).isEqualTo(3);
    assertThat(batch.truncatedRows(1)).isZero();

    assertThatThrownBy(() -> e.encodeRow(new Object[] {null, null}, batch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("batch is full (capacity 2)");

    batch.clear();
    assertThat(batch.size()).isZero();
    e.encodeRow(new Object[] {List.of("d"), null}, batch);
    assertThat(batch.size()).isEqualTo(1);
    assertThat(batch.id(0, 0, 0)).isEqualTo(5);
    assertThat(batch.tokens(0)).isEqualTo(4); // counters survive clear()
    batch.resetCounters();
    assertThat(batch.tokens(0)).isZero();
  }

  @Test
  void rowIsNotAppendedWhenAFieldFails() {
    Encoder e = encoder(Truncation.KEEP_FIRST, 2, false);
    EncodedBatch batch = e.newBatch(3);
    e.encodeRow(new Object[] {List.of("a"), "b"}, batch);
    int[] apps = batch.field(0).clone();
    int[] names = batch.field(1).clone();

    // Field 0 is fine and gets written, field 1 has the wrong type.
    assertThatThrownBy(() -> e.encodeRow(new Object[] {List.of("c", "d"), 42}, batch))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("field 'name' (column 'device_name'): expected string");
    assertThat(batch.size()).isEqualTo(1);
    assertThat(batch.field(0)).containsExactly(apps);
    assertThat(batch.field(1)).containsExactly(names);
    assertThat(batch.tokens(0)).isEqualTo(1);

    e.encodeRow(new Object[] {List.of("d"), "c"}, batch);
    assertThat(batch.size()).isEqualTo(2);
    assertThat(batch.id(0, 1, 0)).isEqualTo(5);
    assertThat(batch.id(1, 1, 0)).isEqualTo(4);
  }

  @Test
  void constructorNeedsAMatchingVocabularyPerField() {
    FeatureSpec spec = encoder(Truncation.KEEP_FIRST, 2, false).spec();
    assertThatThrownBy(() -> new Encoder(spec, Map.of("apps", vocab("apps"))))
        .isInstanceOf(VocabularyException.class)
        .hasMessageStartingWith("no vocabulary for field 'name'");
    assertThatThrownBy(() -> new Encoder(spec, Map.of("apps", vocab("apps"), "name", vocab("x"))))
        .isInstanceOf(VocabularyException.class)
        .hasMessageContaining("vocabulary is for field 'x', expected 'name'");
  }

  @Test
  void longInputsGrowTheScratch() {
    Encoder e = encoder(Truncation.KEEP_MOST_FREQUENT, 3, false);
    String[] many = new String[1000];
    Arrays.fill(many, "d");
    many[700] = "a";
    many[999] = "b";
    assertThat(encode(e, 0, many)).containsExactly(5, 2, 3);
  }

  @Test
  void appendEncodedCopiesIdsAndChecksShape() {
    EncodedBatch batch = new EncodedBatch(new int[] {2, 1}, 2);
    batch.appendEncoded(new int[] {4, 0}, new int[] {7});
    assertThat(batch.size()).isEqualTo(1);
    assertThat(batch.id(0, 0, 0)).isEqualTo(4);
    assertThat(batch.id(1, 0, 0)).isEqualTo(7);
    assertThatThrownBy(() -> batch.appendEncoded(new int[] {1}, new int[] {1}))
        .hasMessageContaining("field 0: expected 2 ids");
    assertThat(batch.size()).isEqualTo(1);
    batch.appendEncoded(new int[] {1, 2}, new int[] {3});
    assertThatThrownBy(() -> batch.appendEncoded(new int[] {1, 2}, new int[] {3}))
        .isInstanceOf(IllegalStateException.class);
  }
}
