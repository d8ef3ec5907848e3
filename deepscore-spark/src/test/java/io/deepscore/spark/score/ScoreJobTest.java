package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The batch scoring job on 2,000 generated users (10% defective) in 8 partitions. */
class ScoreJobTest {

  static ScoreFixture fx;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  private ScoreConfig.Builder config() {
    return ScoreConfig.builder()
        .modelUri(fx.bundleDir.toString())
        .output(fx.path("scores"))
        .bundleCacheDir(fx.dir.resolve("cache").toString());
  }

  @Test
  void scoresEqualDirectScoringBitwiseAndCountsAddUp() {
    // one partition, so the direct scoring below can use exactly the job's batches
    Dataset<Row> input = fx.input().coalesce(1);
    ScoreConfig cfg = config().batchSize(100).build(); // 1,8xx rows: the last batch is partial
    ScoreSummary s = ScoreJob.run(fx.spark, input, cfg);

    long nullApps = input.filter(functions.col("app_packages").isNull()).count();
    assertThat(nullApps).isPositive();
    assertThat(s.rowsIn()).isEqualTo(2000);
    assertThat(s.rejected()).isEqualTo(nullApps);
    assertThat(s.scored() + s.rejected()).isEqualTo(s.rowsIn());
    assertThat(s.rejectedByField()).containsExactlyEntriesOf(Map.of("apps", nullApps));
    assertThat(s.nonFiniteScores()).isZero();
    assertThat(s.latency().batches()).isGreaterThanOrEqualTo((s.scored() + 99) / 100);
    assertThat(s.latency().p99Ms()).isGreaterThanOrEqualTo(s.latency().p50Ms()).isPositive();
    assertThat(s.threads().intraOpThreads()).isEqualTo(1); // local[2]: 2 cores, 2 tasks

    List<Row> out = fx.spark.read().parquet(cfg.output()).collectAsList();
    assertThat(out).hasSize((int) s.scored());
    assertThat(out.get(0).schema().fieldNames())
        .containsExactly("user_id", "score", "model_version");
    Map<String, Float> direct = fx.directScores(input.collectAsList(), 100);
    assertThat(direct).hasSize(out.size());
    String version = ModelBundle.open(fx.bundleDir).manifest().bundleId();
    int differ = 0;
    for (Row r : out) {
      float expected = direct.get(r.getString(0));
      if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(r.getFloat(1))) {
        differ++;
      }
      assertThat(r.getString(2)).isEqualTo(version);
    }
    assertThat(differ).as("rows whose score is not bitwise equal").isZero();

    List<Row> rejects = fx.spark.read().json(cfg.rejects()).collectAsList();
    assertThat(rejects).hasSize((int) nullApps);
    Row r0 = rejects.get(0);
    assertThat(r0.<String>getAs("field")).isEqualTo("apps");
    assertThat(r0.<String>getAs("column")).isEqualTo("app_packages");
    assertThat(r0.<String>getAs("reason")).contains("required column 'app_packages' is null");
    assertThat(r0.<String>getAs("source_file")).contains(".parquet");
  }

  @Test
  void rowAtATimeJobEqualsDirectRowAtATimeScoring() {
    // batch size 1 is what the SQL function does: job, Transformer and UDF then agree bitwise
    Dataset<Row> input = fx.input();
    ScoreConfig cfg = config().batchSize(1).build();
    ScoreJob.run(fx.spark, input, cfg);
    Map<String, Float> direct = fx.directScores(input.collectAsList(), 1);
    Map<String, Float> job = new HashMap<>();
    fx.spark
        .read()
        .parquet(cfg.output())
        .collectAsList()
        .forEach(r -> job.put(r.getString(0), r.getFloat(1)));
    assertThat(job).isEqualTo(direct);
  }

  @Test
  void modelIsLoadedOncePerJvmAcrossPartitionsAndJobs() {
    Dataset<Row> input = fx.input();
    assertThat(input.rdd().getNumPartitions()).isGreaterThanOrEqualTo(2);
    Dataset<Row> eight = input.repartition(8);
    ScoreJob.run(fx.spark, eight, config().build());
    ScoreJob.run(fx.spark, eight, config().batchSize(64).build());
    BundleRef ref =
        BundleRef.resolve(
            fx.spark,
            fx.bundleDir.toString(),
            fx.dir.resolve("cache").toString(),
            ThreadPlan.derive(fx.spark.sparkContext().getConf(), 0));
    assertThat(ref.loadCount()).isEqualTo(1);
  }

  @Test
  void audienceAndPassThroughColumns() {
    Dataset<Row> input = fx.input();
    ScoreConfig cfg =
        config().audience(true).threshold(0.3).passThrough(List.of("event_day")).build();
    ScoreSummary s = ScoreJob.run(fx.spark, input, cfg);
    List<Row> out = fx.spark.read().parquet(cfg.output()).collectAsList();
    assertThat(out.get(0).schema().fieldNames())
        .containsExactly("user_id", "score", "model_version", "event_day", "audience");
    long audience = 0;
    for (Row r : out) {
      assertThat(r.getBoolean(4)).isEqualTo(r.getFloat(1) >= 0.3f);
      assertThat(r.get(3)).isNotNull();
      audience += r.getBoolean(4) ? 1 : 0;
    }
    assertThat(s.audienceSize()).isEqualTo(audience);
    assertThat(s.threshold()).isEqualTo(0.3);
  }

  @Test
  void defaultThresholdComesFromTheBundle() {
    ScoreSummary s = ScoreJob.run(fx.spark, fx.input(), config().audience(true).build());
    assertThat(s.threshold())
        .isEqualTo(ModelBundle.open(fx.bundleDir).manifest().threshold().threshold());
  }

  @Test
  void errorPolicyFailsNamingRowFileAndColumn() {
    Dataset<Row> input = fx.input().orderBy("user_id");
    // put a bad row first: the pass fails at it
    String badId = input.filter(functions.col("app_packages").isNull()).first().getString(0);
    Dataset<Row> withBadFirst = input.filter(functions.col("user_id").equalTo(badId)).union(input);
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    fx.spark,
                    withBadFirst,
                    config().invalidRowPolicy(InvalidRowPolicy.ERROR).build()))
        .hasMessageContaining("row with id '" + badId + "'")
        .hasMessageContaining("column 'app_packages'")
        .hasMessageContaining(".parquet");
  }

  @Test
  void malformedJsonRecordsAreRejectedWithTheirText() throws Exception {
    Path json = fx.dir.resolve("records-" + System.nanoTime() + ".json");
    Files.write(
        json,
        List.of(
            "{\"user_id\":\"a\",\"device_name\":\"x\",\"device_model\":\"y\",\"app_packages\":[\"p\"],\"ad_events\":[]}",
            "{\"user_id\":\"b\",\"device_name\":\"x\",\"app_packages\":\"not-a-list\"}",
            "{\"user_id\":\"c\",\"app_packages\":[]}"));
    Dataset<Row> raw =
        io.deepscore.spark.io.RawInput.read(
            fx.spark, json.toString(), io.deepscore.spark.io.InputFormat.JSON, fx.spec, false);
    ScoreConfig cfg = config().build();
    ScoreSummary s = ScoreJob.run(fx.spark, raw, cfg);
    assertThat(s.rowsIn()).isEqualTo(3);
    assertThat(s.scored()).isEqualTo(2);
    assertThat(s.rejectedByField()).containsExactlyEntriesOf(Map.of("_record", 1L));
    Row rej = fx.spark.read().json(cfg.rejects()).first();
    assertThat(rej.<String>getAs("id")).isEqualTo("b");
    assertThat(rej.<String>getAs("raw_value")).contains("not-a-list");
    Map<String, Float> scores = new HashMap<>();
    fx.spark
        .read()
        .parquet(cfg.output())
        .collectAsList()
        .forEach(r -> scores.put(r.getString(0), r.getFloat(1)));
    assertThat(scores).containsOnlyKeys("a", "c");
  }

  @Test
  void rowsWithoutAnIdAreRejectedNotScored() throws Exception {
    Path json = fx.dir.resolve("no-id-" + System.nanoTime() + ".json");
    Files.write(
        json,
        List.of(
            "{\"user_id\":\"a\",\"device_name\":\"x\",\"device_model\":\"y\",\"app_packages\":[\"p\"],\"ad_events\":[]}",
            "{\"user_id\":null,\"device_name\":\"x\",\"app_packages\":[\"p\"],\"ad_events\":[]}"));
    Dataset<Row> raw =
        io.deepscore.spark.io.RawInput.read(
            fx.spark, json.toString(), io.deepscore.spark.io.InputFormat.JSON, fx.spec, false);
    ScoreConfig cfg = config().build();
    ScoreSummary s = ScoreJob.run(fx.spark, raw, cfg);
    assertThat(s.rowsIn()).isEqualTo(2);
    assertThat(s.scored()).isEqualTo(1);
    assertThat(s.rejectedByField()).containsExactlyEntriesOf(Map.of("_id", 1L));
    Row rej = fx.spark.read().json(cfg.rejects()).first();
    assertThat(rej.<String>getAs("reason")).contains("id column is null");
    assertThat(rej.<String>getAs("column")).isEqualTo("user_id");
  }
}
