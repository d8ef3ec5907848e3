package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An imported table in the spec, the encoder, the sample check and the trainers' guard. */
class ImportedTableUseTest {

  /** Padding 3, unknown 0, tokens in no count order; exact tokens. */
  static Vocabulary genres() {
    return Vocabulary.imported(
        "genres", List.of("[UNK]", "Sci-Fi", "Drama", "[PAD]", "動作 片"), null, 3, 0, "g.txt");
  }

  static FeatureSpec spec(Truncation truncation) {
    return FeatureSpec.fromJson(
        "{\"format_version\": 1, \"name\": \"byom\", \"id_column\": \"id\", \"fields\": ["
            + "{\"name\": \"genres\", \"column\": \"genres\", \"kind\": \"multi\","
            + " \"normalize\": \"none\", \"max_length\": 4, \"max_size\": 10, \"truncation\": \""
            + truncation.id()
            + "\"}]}");
  }

  @Test
  void normalizeNoneIsAllStepsOffAndWritesTheObjectForm() {
    FeatureSpec s = spec(Truncation.KEEP_FIRST);
    assertThat(s.field(0).normalize()).isEqualTo(NormalizeOptions.NONE);
    assertThat(s.toJson()).contains("\"lowercase\": false");
    assertThat(FeatureSpec.fromJson(s.toJson())).isEqualTo(s);
    assertThatThrownBy(
            () -> FeatureSpec.fromJson(s.toJson().replaceFirst("\\{\\s*\"nfkc\"[^}]*}", "\"off\"")))
        .isInstanceOf(FeatureSpecException.class)
        .hasMessage(
            "fields[0] 'genres': normalize must be an object [nfkc, lowercase, trim,"
                + " collapse_spaces] or the string \"none\", found string \"off\"");
  }

  @Test
  void encoderPadsWithTheTablesPadIdAndMapsUnknownToItsUnknownId() {
    Encoder e = new Encoder(spec(Truncation.KEEP_FIRST), Map.of("genres", genres()));
    int[] dst = new int[4];
    int n = e.encodeField(0, List.of("Drama", "drama", " Drama", "動作 片"), dst, 0);
    assertThat(n).isEqualTo(4);
    assertThat(dst).containsExactly(2, 0, 0, 4);
    e.encodeField(0, List.of("Sci-Fi"), dst, 0);
    assertThat(dst).containsExactly(1, 3, 3, 3);
    e.encodeField(0, null, dst, 0);
    assertThat(dst).containsExactly(3, 3, 3, 3);

    EncodedBatch batch = e.newBatch(2);
    e.encodeRow(new Object[] {List.of("Horror", "Drama")}, batch);
    assertThat(Arrays.copyOf(batch.field(0), 4)).containsExactly(0, 2, 3, 3);
    assertThat(batch.oovTokens(0)).isEqualTo(1);
  }

  @Test
  void keepMostFrequentCannotUseAnImportedTable() {
    assertThatThrownBy(
            () -> new Encoder(spec(Truncation.KEEP_MOST_FREQUENT), Map.of("genres", genres())))
        .isInstanceOf(VocabularyException.class)
        .hasMessage(
            "vocabulary given for field 'genres': field 'genres' is truncated keep_most_frequent,"
                + " which ranks tokens by their ids, but its vocabulary is an imported table whose"
                + " ids are not ordered by count: use \"truncation\": \"keep_first\" in the spec");
  }

  @Test
  void trainersRefuseTablesWithOtherReservedIds() {
    Vocabulary standard =
        Vocabulary.imported("apps", List.of("<pad>", "<unk>", "x"), null, 0, 1, "a.txt");
    Vocabularies.requireStandardReservedIds(Map.of("apps", standard), "deepscore's trainers");
    assertThatThrownBy(
            () ->
                Vocabularies.requireStandardReservedIds(
                    Map.of("genres", genres()), "deepscore's trainers"))
        .isInstanceOf(VocabularyException.class)
        .hasMessage(
            "field 'genres': the imported table pads with id 3 and maps unknown tokens to id 0, but"
                + " deepscore's trainers need padding 0 and unknown 1: re-import the table with its"
                + " padding at index 0 and its unknown token at 1, or train the model outside"
                + " deepscore and bundle it");
  }

  @Test
  void sampleCountsUnknownTokensPerFieldWithTheMostFrequentExamples() {
    UnknownTokenSample sample =
        new UnknownTokenSample(
            new Encoder(spec(Truncation.KEEP_FIRST), Map.of("genres", genres())));
    sample.add(new Object[] {List.of("drama", "Drama", "sci-fi")});
    sample.add(new Object[] {List.of("sci-fi", "horror", "drama", "western")});
    sample.add(new Object[] {"not a list"});
    sample.add(new Object[] {null});
    assertThat(sample.rows()).isEqualTo(4);
    assertThat(sample.invalidValues()).isEqualTo(1);
    UnknownTokenSample.Field f = sample.fields().get(0);
    assertThat(f.field()).isEqualTo("genres");
    assertThat(f.tokens()).isEqualTo(7);
    assertThat(f.unknown()).isEqualTo(6);
    assertThat(f.unknownShare()).isEqualTo(6.0 / 7);
    assertThat(f.examples()).containsExactly("drama", "sci-fi", "horror");
  }
}
