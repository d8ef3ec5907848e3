package io.deepscore.spark.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.TokenizerType;
import io.deepscore.features.Truncation;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.NpzExport;
import io.deepscore.spark.io.RawInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vocabulary and featurize jobs on tiny inline JSON records, bad ones included. */
class FeaturePipelineTest {

  static SparkSession spark;
  @TempDir Path tmp;

  static final FeatureSpec SPEC =
      FeatureSpec.builder()
          .name("tiny")
          .idColumn("user_id")
          .labelColumn("label")
          .addField(
              FieldSpec.builder("device")
                  .column("device_name")
                  .kind(FieldKind.SINGLE)
                  .tokenizer(TokenizerType.REGEX, "[^\\p{L}\\p{N}]+")
                  .maxLength(3)
                  .truncation(Truncation.KEEP_FIRST)
                  .maxSize(100)
                  .build())
          .addField(
              FieldSpec.builder("apps")
                  .column("app_packages")
                  .kind(FieldKind.MULTI)
                  .tokenizer(TokenizerType.WHOLE, null)
                  .maxLength(2)
                  .truncation(Truncation.KEEP_MOST_FREQUENT)
                  .minCount(2)
                  .maxSize(100)
                  .build())
          .build();

  static final List<String> RECORDS =
      List.of(
          "{\"user_id\":\"u1\",\"label\":1,\"device_name\":\"Xiaomi  Redmi\",\"app_packages\":[\"com.a\",\"com.b\"]}",
          "{\"user_id\":\"u2\",\"label\":0,\"device_name\":\"ＸＩＡＯＭＩ Mi\",\"app_packages\":[\"com.a\",\"com.c\",\"com.b\"]}",
          "{\"user_id\":\"u3\",\"label\":0,\"device_name\":null,\"app_packages\":[]}",
          "{\"user_id\":\"u4\",\"label\":1,\"device_name\":\"apple iphone\",\"app_packages\":\"com.a\"}",
          "{\"user_id\":\"u5\",\"label\":7,\"device_name\":\"apple\",\"app_packages\":[\"com.b\"]}",
          "{\"user_id\":\"u6\",\"label\":0,\"device_name\":\"apple\",\"app_packages\":[\"com.zzz\", null, \"  \"]}");

  @BeforeAll
  static void start() {
    spark = SparkSessions.forTests();
  }

  private Dataset<Row> input() throws Exception {
    Path json = tmp.resolve("raw.json");
    Files.write(json, RECORDS);
    return RawInput.read(spark, json.toString(), InputFormat.AUTO, SPEC, true);
  }

  @Test
  void vocabularyCountsWithTheEncodersTokenizer() throws Exception {
    VocabularyJob.Result result = VocabularyJob.build(spark, input(), SPEC);
    Vocabulary device = result.vocabularies().get("device");
    // xiaomi x2 (full-width folded by NFKC), apple x3 (u4's row is malformed JSON: skipped)
    assertThat(device.tokens()).startsWith("<pad>", "<oov>", "apple", "xiaomi");
    Vocabulary apps = result.vocabularies().get("apps");
    // min_count 2: com.a (2) and com.b (3) kept, com.c and com.zzz dropped
    assertThat(apps.tokens()).containsExactly("<pad>", "<oov>", "com.b", "com.a");
    assertThat(result.rows()).isEqualTo(6);
    assertThat(result.invalidValues()).isEqualTo(1);
  }

  @Test
  void featurizeEncodesGoodRowsAndRejectsBadOnesWithReasons() throws Exception {
    Dataset<Row> raw = input();
    Map<String, Vocabulary> vocabularies = VocabularyJob.build(spark, raw, SPEC).vocabularies();
    String out = tmp.resolve("enc").toString();
    String rejects = tmp.resolve("rej").toString();
    FeaturizeJob.Result r =
        FeaturizeJob.run(
            spark, raw, SPEC, vocabularies, InvalidRowPolicy.REJECT, out, rejects, false);

    assertThat(r.rowsIn()).isEqualTo(6);
    assertThat(r.encoded()).isEqualTo(4);
    assertThat(r.rejected()).isEqualTo(2);
    assertThat(r.encoded() + r.rejected()).isEqualTo(r.rowsIn());

    List<Row> encoded = spark.read().parquet(out).orderBy("user_id").collectAsList();
    assertThat(encoded).extracting(row -> row.getString(0)).containsExactly("u1", "u2", "u3", "u6");
    Row u2 = encoded.get(1);
    assertThat(u2.<Integer>getList(u2.fieldIndex("apps")))
        .containsExactly(3, 2); // keep most frequent
    Row u3 = encoded.get(2);
    assertThat(u3.<Integer>getList(u3.fieldIndex("device"))).containsExactly(0, 0, 0);
    assertThat(u3.<Integer>getList(u3.fieldIndex("apps"))).containsExactly(0, 0);
    Row u6 = encoded.get(3);
    assertThat(u6.<Integer>getList(u6.fieldIndex("apps")))
        .containsExactly(1, 0); // OOV, blanks gone

    List<Row> rejected = spark.read().json(rejects).orderBy("id").collectAsList();
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).<String>getAs("id")).isEqualTo("u4");
    assertThat(rejected.get(0).<String>getAs("reason"))
        .isEqualTo("column 'app_packages' (field 'apps'): expected array<string>, found string");
    assertThat(rejected.get(0).<String>getAs("column")).isEqualTo("app_packages");
    assertThat(rejected.get(0).<String>getAs("raw_value")).contains("\"app_packages\":\"com.a\"");
    assertThat(rejected.get(0).<String>getAs("source_file")).contains("raw.json");
    assertThat(rejected.get(1).<String>getAs("id")).isEqualTo("u5");
    assertThat(rejected.get(1).<String>getAs("reason")).contains("label must be 0 or 1, found 7");
  }

  @Test
  void errorPolicyFailsNamingTheRowAndColumn() throws Exception {
    Dataset<Row> raw = input();
    Map<String, Vocabulary> vocabularies = VocabularyJob.build(spark, raw, SPEC).vocabularies();
    assertThatThrownBy(
            () ->
                FeaturizeJob.run(
                    spark,
                    raw,
                    SPEC,
                    vocabularies,
                    InvalidRowPolicy.ERROR,
                    tmp.resolve("e").toString(),
                    tmp.resolve("er").toString(),
                    false))
        .isInstanceOf(InvalidInputException.class) // the task's error, not Spark's wrapper
        .hasMessageContaining("row with id 'u4'")
        .hasMessageContaining("column 'app_packages' (field 'apps'): expected array<string>")
        .hasMessageContaining("raw.json");
  }

  @Test
  void wrongColumnTypeFailsBeforeAnyWorkNamingColumnAndTypes() throws Exception {
    Path json = tmp.resolve("typed.json");
    Files.write(
        json,
        List.of(
            "{\"user_id\":\"u1\",\"label\":1,\"device_name\":\"x\",\"app_packages\":\"com.a\"}"));
    Dataset<Row> typed = spark.read().json(json.toString()); // infers app_packages: string
    assertThatThrownBy(() -> RawInput.conform(typed, SPEC, json.toString(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'app_packages' (field 'apps')")
        .hasMessageContaining("expected array<string>, found string");
  }

  @Test
  void missingColumnFailsListingTheColumnsThereAre() {
    Dataset<Row> df = spark.sql("select 'u1' as user_id, 1 as label");
    assertThatThrownBy(() -> RawInput.conform(df, SPEC, "inline", true))
        .hasMessageContaining("column 'device_name' (field 'device') not found in inline")
        .hasMessageContaining("[user_id, label]");
  }

  @Test
  void npzExportHoldsOneArrayPerColumn() throws Exception {
    Dataset<Row> raw = input();
    Map<String, Vocabulary> vocabularies = VocabularyJob.build(spark, raw, SPEC).vocabularies();
    String out = tmp.resolve("enc2").toString();
    FeaturizeJob.run(
        spark,
        raw,
        SPEC,
        vocabularies,
        InvalidRowPolicy.REJECT,
        out,
        tmp.resolve("r2").toString(),
        false);
    Path npz = tmp.resolve("enc.npz");
    long rows = NpzExport.write(spark.read().parquet(out), npz);
    assertThat(rows).isEqualTo(4);
    try (ZipFile zip = new ZipFile(npz.toFile())) {
      assertThat(zip.stream().map(e -> e.getName()))
          .containsExactly("user_id.npy", "label.npy", "device.npy", "apps.npy");
      byte[] apps = zip.getInputStream(zip.getEntry("apps.npy")).readAllBytes();
      String header = new String(apps, 10, 118, java.nio.charset.StandardCharsets.US_ASCII);
      assertThat(header).contains("'descr': '<i4'", "'shape': (4, 2)");
      assertThat((apps.length - 128) / 4).isEqualTo(8);
    }
  }
}
