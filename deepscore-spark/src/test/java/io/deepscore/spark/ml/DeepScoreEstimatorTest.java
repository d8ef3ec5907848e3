package io.deepscore.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.score.DeepScorer;
import io.deepscore.spark.score.ScoreFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The estimator tested like Spark's own stages: default params, read/write round trips of the
 * estimator and of a fitted Pipeline, schema errors before any work, and vocab + train + score as
 * one Pipeline.
 */
class DeepScoreEstimatorTest {

  static ScoreFixture fx;
  static Dataset<Row> train;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
    train = RawInput.read(fx.spark, fx.trainPath, InputFormat.PARQUET, fx.spec, true);
  }

  private DeepScoreEstimator small(String algorithm) {
    return new DeepScoreEstimator()
        .setFeatureSpec(fx.spec)
        .setAlgorithm(algorithm)
        .setBundleDir(fx.path("fitted"))
        .setMaxIter(2)
        .setBatchSize(256)
        .setEmbeddingDim(8)
        .setHiddenLayers(new int[] {16})
        .setSeed(5);
  }

  @Test
  void defaultParams() {
    DeepScoreEstimator e = new DeepScoreEstimator();
    assertThat(e.getOrDefault(e.algorithm())).isEqualTo("dnn");
    assertThat(e.getOrDefault(e.handleInvalid())).isEqualTo("keep");
    assertThat(e.explainParams()).contains("featureSpec", "bundleDir", "maxIter", "seed");
    assertThatThrownBy(() -> e.setAlgorithm("random-forest")).hasMessageContaining("algorithm");
    assertThatThrownBy(() -> e.setValidFraction(1.0)).hasMessageContaining("validFraction");
    assertThatThrownBy(() -> e.setMaxIter(0)).hasMessageContaining("maxIter");
    assertThat(e.copy(new org.apache.spark.ml.param.ParamMap()).uid()).isEqualTo(e.uid());
  }

  @Test
  void estimatorReadWriteRoundTrip() throws Exception {
    DeepScoreEstimator e = small("xgboost").setTargetPrecision(0.3);
    String path = fx.path("estimator");
    e.write().save(path);
    DeepScoreEstimator loaded = DeepScoreEstimator.read().load(path);
    assertThat(loaded.uid()).isEqualTo(e.uid());
    for (var param : e.params()) {
      assertThat(loaded.isDefined(loaded.getParam(param.name())))
          .as(param.name())
          .isEqualTo(e.isDefined(param));
      if (!e.isDefined(param)) {
        continue;
      }
      Object expected = e.getOrDefault(param);
      Object actual = loaded.getOrDefault(loaded.getParam(param.name()));
      if (expected instanceof int[] a) {
        assertThat((int[]) actual).as(param.name()).containsExactly(a);
      } else {
        assertThat(actual).as(param.name()).isEqualTo(expected);
      }
    }
  }

  @Test
  void schemaErrorsComeBeforeAnyWork() {
    DeepScoreEstimator e = small("dnn");
    assertThatThrownBy(() -> e.transformSchema(train.drop("label").schema()))
        .hasMessageContaining("column 'label'");
    assertThatThrownBy(
            () -> new Pipeline().setStages(new PipelineStage[] {e}).fit(train.drop("device_model")))
        .hasMessageContaining("column 'device_model'");
    assertThatThrownBy(() -> new DeepScoreEstimator().transformSchema(train.schema()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("featureSpec is not set");
    assertThat(e.transformSchema(train.schema()).fieldNames()).endsWith("score", "reject_reason");
  }

  @Test
  void vocabTrainAndScoreAreOnePipelineThatSavesAndLoads() throws Exception {
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {small("dnn")}).fit(train);
    DeepScorer scorer = (DeepScorer) fitted.stages()[0];
    Path bundleDir = Path.of(scorer.getModelUri());
    ModelBundle bundle = ModelBundle.open(bundleDir);
    assertThat(bundleDir.getFileName().toString()).isEqualTo(bundle.manifest().bundleId());
    assertThat(scorer.getBundleSha256()).isEqualTo(bundle.contentHash());
    assertThat(bundle.manifest().provenance()).containsEntry("algorithm", "dnn");

    Map<String, Float> scores = scores(fitted.transform(fx.input()));
    assertThat(scores).isNotEmpty();
    String saved = fx.path("pipeline-model");
    fitted.write().save(saved);
    assertThat(scores(PipelineModel.load(saved).transform(fx.input()))).isEqualTo(scores);

    // the same data and seed give the same bundle, found at the same content-named place
    DeepScorer again = small("dnn").setBundleDir(bundleDir.getParent().toString()).fit(train);
    assertThat(again.getModelUri()).isEqualTo(scorer.getModelUri());
  }

  private static Map<String, Float> scores(Dataset<Row> out) {
    Map<String, Float> m = new HashMap<>();
    List<Row> rows =
        out.filter(functions.col("score").isNotNull()).select("user_id", "score").collectAsList();
    rows.forEach(r -> m.put(r.getString(0), r.getFloat(1)));
    return m;
  }
}
