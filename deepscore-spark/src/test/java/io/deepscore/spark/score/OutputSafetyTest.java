package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.io.TooManyRejectsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outputs are all or nothing, carry {@code _SUCCESS} and {@code _deepscore.json}, are never
 * replaced without {@code --overwrite}, and a run that rejects too much fails after writing (issue
 * 11 item 5, issue 16 item 4).
 */
class OutputSafetyTest {

  static ScoreFixture fx;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  private ScoreConfig.Builder config(String out) {
    return ScoreConfig.builder()
        .modelUri(fx.bundleDir.toString())
        .output(out)
        .bundleCacheDir(fx.dir.resolve("cache").toString());
  }

  private static JsonNode runInfo(String output) throws IOException {
    return JSON.readTree(Path.of(output, StagedOutput.RUN_INFO).toFile());
  }

  private static void assertNoStagingLeft(String output) throws IOException {
    Path out = Path.of(output);
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith("." + out.getFileName() + ".deepscore-"));
    }
  }

  @Test
  void aCommittedOutputCarriesSuccessAndTheRunsCountsWrittenLast() throws IOException {
    String out = fx.path("safe");
    ScoreSummary s = ScoreJob.run(fx.spark, fx.input(), config(out).input("the fixture").build());
    for (String dir : new String[] {out, s.rejectsOutput()}) {
      assertThat(Path.of(dir, StagedOutput.SUCCESS)).exists();
      JsonNode info = runInfo(dir);
      assertThat(info.get("command").asText()).isEqualTo("score");
      assertThat(info.get("run_id").asText()).isEqualTo(s.runId());
      assertThat(info.get("bundle_id").asText()).isEqualTo(s.bundleId());
      assertThat(info.get("input").asText()).isEqualTo("the fixture");
      assertThat(info.get("rows_in").asLong())
          .isEqualTo(info.get("scored").asLong() + info.get("rejected").asLong())
          .isEqualTo(2000);
      assertThat(info.get("rejected_by_field").get("apps").asLong()).isEqualTo(s.rejected());
      assertThat(info.get("rejected_by_reason").get(0).get("reason").asText())
          .contains("required column 'app_packages' is null");
      assertThat(info.get("null_counts").get("apps").asLong()).isEqualTo(s.rejected());
      assertThat(info.get("outputs").get("scores").asText()).endsWith(out);
      assertThat(info.get("outputs").get("rejects").asText()).endsWith(s.rejectsOutput());
      assertThat(info.get("started").asText()).isNotBlank();
      assertThat(info.get("finished").asText())
          .isGreaterThanOrEqualTo(info.get("started").asText());
      assertThat(info.get("deepscore_version").asText()).isNotBlank();
    }
    // the output's rows are the summary's rows
    assertThat(fx.spark.read().parquet(out).count()).isEqualTo(s.scored());
    assertThat(fx.spark.read().json(s.rejectsOutput()).count()).isEqualTo(s.rejected());
    assertNoStagingLeft(out);
  }

  @Test
  void aRerunRefusesUnlessOverwriteThenReplacesTheOutputWhole() throws IOException {
    String out = fx.path("rerun");
    ScoreSummary first = ScoreJob.run(fx.spark, fx.input(), config(out).build());
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, fx.input(), config(out).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("already exists (remove it or pass --overwrite)");
    assertThat(runInfo(out).get("run_id").asText()).isEqualTo(first.runId());

    Dataset<Row> half = fx.input().filter(functions.col("user_id").lt("u8"));
    ScoreSummary second = ScoreJob.run(fx.spark, half, config(out).overwrite(true).build());
    assertThat(runInfo(out).get("run_id").asText()).isEqualTo(second.runId());
    assertThat(runInfo(second.rejectsOutput()).get("run_id").asText()).isEqualTo(second.runId());
    assertThat(fx.spark.read().parquet(out).count()).isEqualTo(second.scored());
    assertNoStagingLeft(out);
  }

  @Test
  void aFailedOverwriteLeavesThePreviousCompleteOutput() throws IOException {
    String out = fx.path("keep");
    ScoreSummary first = ScoreJob.run(fx.spark, fx.input(), config(out).build());
    Path broken = fx.dir.resolve("broken-" + System.nanoTime());
    fx.input().drop("_source_file").write().parquet(broken.toString());
    try (Stream<Path> s = Files.list(broken)) {
      Path last =
          s.filter(p -> p.toString().endsWith(".parquet")).sorted().reduce((a, b) -> b).get();
      Files.write(last, new byte[] {1, 2, 3}); // not Parquet at all
      Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));
    }
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    fx.spark,
                    RawInput.read(fx.spark, broken.toString(), InputFormat.AUTO, fx.spec, false),
                    config(out).overwrite(true).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot read input file");
    assertThat(runInfo(out).get("run_id").asText()).isEqualTo(first.runId());
    assertThat(fx.spark.read().parquet(out).count()).isEqualTo(first.scored());
    assertNoStagingLeft(out);
  }

  @Test
  void overwriteOnlyReplacesEarlierOutputs() throws IOException {
    Path mine = Files.createDirectories(fx.dir.resolve("precious-" + System.nanoTime()));
    Files.writeString(mine.resolve("thesis.txt"), "years of work");
    assertThatThrownBy(
            () ->
                ScoreJob.run(fx.spark, fx.input(), config(mine.toString()).overwrite(true).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is not an earlier output");
    assertThat(mine.resolve("thesis.txt")).hasContent("years of work");
  }

  @Test
  void anUnwritableOutputFailsBeforeAnyWork() {
    assertThatThrownBy(
            () -> ScoreJob.run(fx.spark, fx.input(), config("/proc/deepscore-scores").build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("cannot write output path /proc/deepscore-scores");
    assertThat(Path.of("/proc/deepscore-scores")).doesNotExist();
  }

  @Test
  void stagedOutputIsInvisibleUntilCommittedAndGoneWhenAborted() throws IOException {
    Configuration hadoop = new Configuration();
    Path target = fx.dir.resolve("staged-" + System.nanoTime());
    try (StagedOutput out = StagedOutput.prepare(hadoop, target.toString(), false, "r1")) {
      Files.writeString(Path.of(out.stagingPath().replace("file:", ""), "part-0"), "rows");
      assertThat(target).doesNotExist();
    } // closed without commit: aborted
    assertThat(target).doesNotExist();
    assertNoStagingLeft(target.toString());

    StagedOutput out = StagedOutput.prepare(hadoop, target.toString(), false, "r2");
    Files.writeString(Path.of(out.stagingPath().replace("file:", ""), "part-0"), "rows");
    out.commit("{\"run_id\":\"r2\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(target.resolve("part-0")).hasContent("rows");
    assertThat(target.resolve(StagedOutput.SUCCESS)).exists();
    assertThat(target.resolve(StagedOutput.RUN_INFO)).hasContent("{\"run_id\":\"r2\"}");
    assertNoStagingLeft(target.toString());
  }

  @Test
  void tooManyRejectsFailsAfterWritingTheOutputs() throws IOException {
    String out = fx.path("too-many");
    ScoreConfig cfg = config(out).maxRejectFraction(0.0).build();
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, fx.input(), cfg))
        .isInstanceOfSatisfying(
            TooManyRejectsException.class,
            e -> assertThat(e.summary()).anyMatch(l -> l.startsWith("rows in: 2,000 = scored")))
        .hasMessageContaining("more than --max-reject-fraction 0.0")
        .hasMessageContaining(cfg.rejects());
    assertThat(runInfo(out).get("too_many_rejects").asBoolean()).isTrue();
    assertThat(Path.of(cfg.rejects(), StagedOutput.SUCCESS)).exists();

    // every row rejected fails whatever the limit
    Dataset<Row> noApps =
        fx.input().withColumn("app_packages", functions.lit(null).cast("array<string>"));
    ScoreConfig all = config(fx.path("all-rejected")).maxRejectFraction(1.0).build();
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, noApps, all))
        .isInstanceOf(TooManyRejectsException.class)
        .hasMessageStartingWith("every input row (2,000) was rejected");
    assertThat(fx.spark.read().json(all.rejects()).count()).isEqualTo(2000);
  }

  private static FeaturizeJob.Result featurize(String out, String input, double maxRejects) {
    return FeaturizeJob.run(
        fx.spark,
        fx.input(),
        fx.spec,
        ModelBundle.open(fx.bundleDir).vocabularies(),
        new FeaturizeJob.Options(
            InvalidRowPolicy.REJECT, out, out + ".rej", false, input, maxRejects));
  }

  @Test
  void featurizeOutputsAreStagedCountedAndLimitedTheSameWay() throws IOException {
    String out = fx.path("enc");
    FeaturizeJob.Result r = featurize(out, "in", 0.5);
    assertThat(r.encoded() + r.rejected()).isEqualTo(r.rowsIn()).isEqualTo(2000);
    JsonNode info = runInfo(out);
    assertThat(info.get("command").asText()).isEqualTo("featurize");
    assertThat(info.get("input").asText()).isEqualTo("in");
    assertThat(info.get("encoded").asLong()).isEqualTo(r.encoded());
    assertThat(runInfo(out + ".rej").get("run_id").asText()).isEqualTo(r.runId());
    assertThat(r.nullsByField().get("apps")).isPositive();
    assertThat(info.get("null_counts").get("apps").asLong())
        .isEqualTo(r.nullsByField().get("apps"));

    assertThatThrownBy(() -> featurize(out, null, 0.5))
        .hasMessageContaining("already exists (remove it or pass --overwrite)");

    String tooMany = fx.path("enc-too-many");
    assertThatThrownBy(() -> featurize(tooMany, null, 0.0))
        .isInstanceOf(TooManyRejectsException.class);
    assertThat(Path.of(tooMany, StagedOutput.RUN_INFO)).exists();
  }
}
