package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.InvalidBundleException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.io.FileUtils;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Transformer and the SQL function score exactly like the job and like the bundle itself. */
class DeepScorerTest {

  static ScoreFixture fx;
  static Map<String, Float> direct;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
    direct = fx.directScores(fx.input().collectAsList(), 1);
  }

  private static void assertBitwiseDirect(Map<String, Float> actual) {
    assertThat(actual.keySet()).isEqualTo(direct.keySet());
    int differ = 0;
    for (var e : actual.entrySet()) {
      if (Float.floatToRawIntBits(e.getValue())
          != Float.floatToRawIntBits(direct.get(e.getKey()))) {
        differ++;
      }
    }
    assertThat(differ).as("rows not bitwise equal to direct scoring").isZero();
  }

  private static Map<String, Float> scored(Dataset<Row> out, String col) {
    Map<String, Float> m = new HashMap<>();
    for (Row r :
        out.filter(functions.col(col).isNotNull()).select("user_id", col).collectAsList()) {
      m.put(r.getString(0), r.getFloat(1));
    }
    return m;
  }

  @Test
  void transformerScoresLikeDirectAndKeepsRejectsWithReasons() {
    DeepScorer scorer = new DeepScorer().setModelUri(fx.bundleDir.toString()).setBatchSize(1);
    assertThat(scorer.getHandleInvalid()).isEqualTo("keep");
    Dataset<Row> out = scorer.transform(fx.input());
    assertThat(out.columns()).endsWith("score", DeepScorer.REJECT_REASON_COLUMN);
    assertBitwiseDirect(scored(out, "score"));
    List<Row> rejected = out.filter(functions.col("score").isNull()).collectAsList();
    assertThat(rejected).hasSize(2000 - direct.size());
    assertThat(rejected.get(0).<String>getAs(DeepScorer.REJECT_REASON_COLUMN))
        .contains("column 'app_packages'", "is null");
  }

  @Test
  void handleInvalidSkipDropsTheRowsAndErrorFailsNamingTheRow() {
    Dataset<Row> skipped =
        new DeepScorer()
            .setModelUri(fx.bundleDir.toString())
            .setHandleInvalid("skip")
            .setBatchSize(1)
            .transform(fx.input());
    assertThat(skipped.columns()).endsWith("score").doesNotContain("reject_reason");
    assertBitwiseDirect(scored(skipped, "score"));
    assertThat(skipped.count()).isEqualTo(direct.size());

    Dataset<Row> strict =
        new DeepScorer()
            .setModelUri(fx.bundleDir.toString())
            .setHandleInvalid("error")
            .transform(fx.input());
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(strict::count);
    DeepScoreException typed = DeepScoreException.find(failure);
    assertThat(typed).isInstanceOf(InvalidInputException.class);
    assertThat(typed).hasMessageContaining("row with id", "column 'app_packages'");
  }

  @Test
  void transformIsLazyAndTransformSchemaReadsNoBundle() throws Exception {
    Path copy = Files.createDirectories(Path.of(fx.path("bundle-copy")));
    FileUtils.copyDirectory(fx.bundleDir.toFile(), copy.toFile());
    DeepScorer bound = DeepScorer.forBundle(fx.spark, copy.toString());
    assertThat(bound.getBundleSha256()).isEqualTo(ModelBundle.open(copy).contentHash());

    AtomicInteger jobs = new AtomicInteger();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onJobStart(SparkListenerJobStart jobStart) {
            jobs.incrementAndGet();
          }
        };
    Dataset<Row> input = fx.input();
    fx.spark.sparkContext().addSparkListener(counter);
    try {
      bound.transform(input);
      fx.spark.sparkContext().listenerBus().waitUntilEmpty();
      assertThat(jobs.get()).as("Spark jobs started by transform").isZero();
    } finally {
      fx.spark.sparkContext().removeSparkListener(counter);
    }

    FileUtils.deleteDirectory(copy.toFile());
    // no bundle any more: the schema is still checked, from the bound feature spec
    assertThat(bound.transformSchema(input.schema()).fieldNames())
        .endsWith("score", "reject_reason");
    assertThatThrownBy(() -> bound.transformSchema(input.drop("app_packages").schema()))
        .hasMessageContaining("column 'app_packages' (field 'apps') not found");
    assertThatThrownBy(() -> bound.transform(input)).isInstanceOf(InvalidBundleException.class);
  }

  @Test
  void aSavedScorerRefusesABundleThatChanged() throws Exception {
    Path copy = Files.createDirectories(Path.of(fx.path("bundle-changing")));
    FileUtils.copyDirectory(fx.bundleDir.toFile(), copy.toFile());
    String saved = fx.path("scorer-bound");
    // bound at save time: the saved stage carries the bundle's content hash
    new DeepScorer().setModelUri(copy.toString()).write().save(saved);
    DeepScorer loaded = DeepScorer.load(saved);
    assertThat(loaded.getBundleSha256()).isEqualTo(ModelBundle.open(copy).contentHash());
    assertBitwiseDirect(scored(loaded.setBatchSize(1).transform(fx.input()), "score"));

    // the bundle is rewritten in place (same files, a new manifest): a different bundle
    Path manifest = copy.resolve(ModelBundle.MANIFEST);
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replaceFirst("\"created\" : \"[^\"]+\"", "\"created\" : \"2030-01-01T00:00:00Z\""));
    assertThatThrownBy(() -> DeepScorer.load(saved).transform(fx.input()))
        .isInstanceOf(InvalidBundleException.class)
        .hasMessageContaining("changed since DeepScorer")
        .hasMessageContaining(loaded.getBundleSha256());
  }

  @Test
  void transformerBatchesLikeDirectScoringOfTheSameBatches() {
    // libtorch's float results depend (in the last bits) on the batch a row is scored in:
    // with the same batches (one partition, same order) the scores are bitwise equal
    Dataset<Row> one = fx.input().coalesce(1);
    Map<String, Float> sameBatches = fx.directScores(one.collectAsList(), 128);
    Map<String, Float> actual =
        scored(
            new DeepScorer().setModelUri(fx.bundleDir.toString()).setBatchSize(128).transform(one),
            "score");
    assertThat(actual).isEqualTo(sameBatches);
    double maxDiff = 0;
    for (var e : actual.entrySet()) {
      maxDiff = Math.max(maxDiff, Math.abs(e.getValue() - direct.get(e.getKey())));
    }
    assertThat(maxDiff).as("batch 128 vs batch 1").isLessThan(1e-6);
  }

  @Test
  void pipelineWithTheScorerSavesAndLoads() throws Exception {
    DeepScorer scorer =
        new DeepScorer().setModelUri(fx.bundleDir.toString()).setOutputCol("p").setBatchSize(1);
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {scorer}).fit(fx.input());
    String path = fx.path("pipeline");
    model.write().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    DeepScorer again = (DeepScorer) loaded.stages()[0];
    assertThat(again.uid()).isEqualTo(scorer.uid());
    assertThat(again.getOutputCol()).isEqualTo("p");
    assertThat(again.getBatchSize()).isEqualTo(1);
    assertBitwiseDirect(scored(loaded.transform(fx.input()), "p"));

    assertThat(again.getBundleSha256()).isEqualTo(ModelBundle.open(fx.bundleDir).contentHash());

    String single = fx.path("scorer");
    scorer.write().save(single);
    assertThat(DeepScorer.load(single).getModelUri()).isEqualTo(fx.bundleDir.toString());
    assertThat(scorer.getBundleSha256()).as("saving does not change the stage").isNull();
  }

  @Test
  void transformChecksTheInputBeforeAnyWork() {
    DeepScorer scorer = DeepScorer.forBundle(fx.spark, fx.bundleDir.toString());
    Dataset<Row> noApps = fx.input().drop("app_packages");
    assertThatThrownBy(() -> scorer.transformSchema(noApps.schema()))
        .hasMessageContaining("column 'app_packages' (field 'apps') not found");
    Dataset<Row> wrongType =
        fx.input()
            .withColumn("app_packages", functions.concat_ws(",", functions.col("app_packages")));
    assertThatThrownBy(() -> scorer.transform(wrongType))
        .hasMessageContaining("column 'app_packages'")
        .hasMessageContaining("expected array<string>, found string");
    assertThat(scorer.transformSchema(fx.input().schema()).fieldNames())
        .endsWith("score", "reject_reason");
  }

  @Test
  void paramsAreValidatedWithSparksWords() {
    DeepScorer scorer = new DeepScorer();
    assertThatThrownBy(() -> scorer.setBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> scorer.setThreads(-1)).hasMessageContaining("threads");
    assertThatThrownBy(() -> scorer.setHandleInvalid("reject"))
        .hasMessageContaining("handleInvalid");
    for (String policy : new String[] {"error", "skip", "keep"}) {
      assertThat(scorer.setHandleInvalid(policy).getHandleInvalid()).isEqualTo(policy);
    }
    assertThatThrownBy(() -> scorer.transform(fx.input()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("modelUri is not set");
    DeepScorer fresh = new DeepScorer();
    assertThat(fresh.getOutputCol()).isEqualTo("score");
    assertThat(fresh.getHandleInvalid()).isEqualTo("keep");
    assertThat(fresh.getBatchSize()).isEqualTo(ScoreConfig.DEFAULT_BATCH_SIZE);
    assertThat(fresh.getBundleSha256()).isNull();
  }

  @Test
  void sqlFunctionScoresLikeDirectAndGivesNullForBadRows() {
    UserDefinedFunction fn =
        DeepScoreUdf.register(fx.spark, DeepScoreUdf.DEFAULT_NAME, fx.bundleDir.toString());
    fx.input().createOrReplaceTempView("users_for_udf");
    Dataset<Row> out =
        fx.spark.sql(
            "SELECT user_id, deepscore_score(device_name, device_model, app_packages, ad_events)"
                + " AS s FROM users_for_udf");
    assertBitwiseDirect(scored(out, "s"));
    assertThat(out.filter(functions.col("s").isNull()).count()).isEqualTo(2000 - direct.size());
    Dataset<Row> viaApi =
        fx.input()
            .select(
                functions.col("user_id"),
                fn.apply(
                        functions.col("device_name"),
                        functions.col("device_model"),
                        functions.col("app_packages"),
                        functions.col("ad_events"))
                    .as("s"));
    assertBitwiseDirect(scored(viaApi, "s"));
  }
}
