package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
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
  void transformerScoresLikeDirectAndRejectsWithReasons() {
    DeepScorer scorer =
        new DeepScorer()
            .setModelUri(fx.bundleDir.toString())
            .setBatchSize(1)
            .setRejectsPath(fx.path("t-rejects"));
    Dataset<Row> out = scorer.transform(fx.input());
    assertThat(out.columns()).endsWith("score", DeepScorer.REJECT_REASON_COLUMN);
    assertBitwiseDirect(scored(out, "score"));
    List<Row> rejected = out.filter(functions.col("score").isNull()).collectAsList();
    assertThat(rejected).hasSize(2000 - direct.size());
    assertThat(rejected.get(0).<String>getAs(DeepScorer.REJECT_REASON_COLUMN))
        .contains("column 'app_packages'", "is null");
    assertThat(fx.spark.read().json(scorer.getOrDefault(scorer.rejectsPath())).count())
        .isEqualTo(rejected.size());
    out.unpersist();
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

    String single = fx.path("scorer");
    scorer.write().save(single);
    assertThat(DeepScorer.load(single).getModelUri()).isEqualTo(fx.bundleDir.toString());
  }

  @Test
  void transformSchemaChecksTheInputBeforeAnyWork() {
    DeepScorer scorer = new DeepScorer().setModelUri(fx.bundleDir.toString());
    Dataset<Row> noApps = fx.input().drop("app_packages");
    assertThatThrownBy(() -> scorer.transformSchema(noApps.schema()))
        .isInstanceOf(IllegalArgumentException.class)
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
  void paramsAreValidated() {
    DeepScorer scorer = new DeepScorer();
    assertThatThrownBy(() -> scorer.setBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> scorer.setThreads(-1)).hasMessageContaining("threads");
    assertThatThrownBy(() -> scorer.setHandleInvalid("skip")).hasMessageContaining("handleInvalid");
    assertThatThrownBy(() -> scorer.transformSchema(fx.input().schema()))
        .hasMessageContaining("modelUri is not set");
    assertThat(scorer.getOutputCol()).isEqualTo("score");
    assertThat(scorer.getBatchSize()).isEqualTo(ScoreConfig.DEFAULT_BATCH_SIZE);
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
