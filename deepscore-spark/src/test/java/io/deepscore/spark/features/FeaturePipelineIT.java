package io.deepscore.spark.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.generate.DefectKind;
import io.deepscore.spark.generate.GenerationSummary;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance run: generate 50K users with 1% bad rows -> vocab -> featurize; counts add
 * up, every reject has a reason, and the same input gives byte-identical vocabularies.
 */
class FeaturePipelineIT {

  @TempDir Path tmp;

  @Test
  void generateVocabFeaturizeOnFiftyThousandUsers() throws Exception {
    SparkSession spark = SparkSessions.forTests();
    // The shipped spec with 'apps' required: the generator's null-app_packages defect is then a
    // reject, the other defects (empty/huge arrays, blanks, U+FFFD, null elements) must encode.
    FeatureSpec shipped = FeatureSpec.read(Path.of("..", "specs", "generated.json"));
    FeatureSpec spec = rebuildWithRequiredApps(shipped);

    String raw = tmp.resolve("raw").toString();
    GenerationSummary g =
        UserDataGenerator.write(
            spark,
            GeneratorConfig.builder().users(50_000).seed(7).badRowFraction(0.01).build(),
            raw,
            OutputFormat.JSON,
            false);
    assertThat(g.rowsWritten()).isEqualTo(50_000);
    // Two records a data platform might also hold: a wrong type and a line that is not JSON.
    Files.write(
        Path.of(raw).resolve("part-extra.json"),
        List.of(
            "{\"user_id\":\"x1\",\"label\":0,\"device_name\":\"a\",\"device_model\":\"b\","
                + "\"app_packages\":\"com.a\",\"ad_events\":[]}",
            "{\"user_id\":\"x2\", this is not json"));

    Dataset<Row> input = RawInput.read(spark, raw, InputFormat.AUTO, spec, true);
    VocabularyJob.Result v1 = VocabularyJob.build(spark, input, spec);
    VocabularyJob.Result v2 = VocabularyJob.build(spark, input, spec);
    Path d1 = tmp.resolve("vocab1");
    Path d2 = tmp.resolve("vocab2");
    Vocabularies.writeAll(d1, v1.vocabularies());
    Vocabularies.writeAll(d2, v2.vocabularies());
    for (FieldSpec f : spec.fields()) {
      assertThat(Files.readAllBytes(Vocabularies.path(d1, f.name())))
          .as("vocabulary of %s is byte-identical across runs", f.name())
          .isEqualTo(Files.readAllBytes(Vocabularies.path(d2, f.name())));
    }
    Vocabulary apps = v1.vocabularies().get("apps");
    assertThat(apps.size()).isGreaterThan(10_000);
    assertThat(apps.coverage()).isGreaterThan(0.9);

    String out = tmp.resolve("encoded").toString();
    String rejects = tmp.resolve("rejects").toString();
    FeaturizeJob.Result r =
        FeaturizeJob.run(
            spark, input, spec, v1.vocabularies(), InvalidRowPolicy.REJECT, out, rejects, false);

    assertThat(r.rowsIn()).isEqualTo(50_002);
    assertThat(r.encoded() + r.rejected()).isEqualTo(r.rowsIn());
    assertThat(spark.read().parquet(out).count()).isEqualTo(r.encoded());
    Dataset<Row> rej = spark.read().json(rejects);
    assertThat(rej.count()).isEqualTo(r.rejected());
    assertThat(rej.filter(functions.col("reason").isNull()).count()).isZero();
    long nullApps = g.badRowsByKind().get(DefectKind.NULL_APP_PACKAGES);
    assertThat(nullApps).isPositive();
    assertThat(
            rej.filter(functions.col("reason").contains("required column 'app_packages' is null"))
                .count())
        .isEqualTo(nullApps);
    assertThat(rej.filter(functions.col("field").equalTo("_record")).count()).isEqualTo(2);
    assertThat(
            rej.filter(functions.col("reason").contains("expected array<string>, found string"))
                .select("id")
                .as(Encoders.STRING())
                .collectAsList())
        .containsExactly("x1");
    assertThat(rej.filter(functions.col("reason").startsWith("malformed JSON record")).count())
        .isEqualTo(1);
    assertThat(r.rejected()).isEqualTo(nullApps + 2);

    // Every encoded row has exactly max_length ids per field.
    Row first = spark.read().parquet(out).first();
    for (FieldSpec f : spec.fields()) {
      assertThat(first.getList(first.fieldIndex(f.name()))).hasSize(f.maxLength());
    }
  }

  private static FeatureSpec rebuildWithRequiredApps(FeatureSpec shipped) {
    FeatureSpec.Builder b =
        FeatureSpec.builder()
            .name(shipped.name())
            .idColumn(shipped.idColumn())
            .labelColumn(shipped.labelColumn().orElseThrow());
    for (FieldSpec f : shipped.fields()) {
      b.addField(f.name().equals("apps") ? f.toBuilder().required(true).build() : f);
    }
    return b.build();
  }
}
