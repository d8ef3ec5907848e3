package io.deepscore.spark.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.report.EvaluationReport;
import io.deepscore.eval.report.ModelMetrics;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostTrainedModel;
import io.deepscore.model.xgboost.XgboostTrainer;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.TestData;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.partition.RawRowLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two XGBoost bundles (a stump model and a deeper one) trained on generated users, evaluated on
 * other generated users with defective rows: one Spark pass, a report with deltas.
 */
class EvaluateJobTest {

  @TempDir static Path tmp;
  static SparkSession spark;
  static FeatureSpec spec;
  static String evalPath;
  static Path shallow;
  static Path deep;

  @BeforeAll
  static void trainTwoBundles() {
    spark = SparkSessions.forTests();
    spec = FeatureSpec.read(Path.of("../specs/generated.json"));
    String train = tmp.resolve("train").toString();
    UserDataGenerator.write(
        spark,
        GeneratorConfig.builder().users(4000).seed(7).partitions(2).build(),
        train,
        OutputFormat.PARQUET,
        false);
    evalPath = tmp.resolve("eval").toString();
    UserDataGenerator.write(
        spark,
        GeneratorConfig.builder().users(3000).seed(11).partitions(4).badRowFraction(0.05).build(),
        evalPath,
        OutputFormat.PARQUET,
        false);
    Dataset<Row> raw = RawInput.read(spark, train, InputFormat.PARQUET, spec, true);
    Map<String, Vocabulary> vocabularies = VocabularyJob.build(spark, raw, spec).vocabularies();
    EncodedDataset all = TestData.encode(raw, spec, vocabularies);
    int cut = all.rows() * 4 / 5;
    long[] sizes = TestData.vocabSizes(spec, vocabularies);
    shallow =
        train(
            all,
            cut,
            sizes,
            vocabularies,
            XgboostParams.defaults().withMaxDepth(1).withMaxRounds(5),
            "shallow");
    deep =
        train(
            all,
            cut,
            sizes,
            vocabularies,
            XgboostParams.defaults().withMaxDepth(4).withMaxRounds(150),
            "deep");
  }

  static Path train(
      EncodedDataset all,
      int cut,
      long[] sizes,
      Map<String, Vocabulary> vocabularies,
      XgboostParams params,
      String name) {
    EncodedDataset valid = all.slice(cut, all.rows());
    try (XgboostTrainedModel m =
        new XgboostTrainer(params.withThreads(2))
            .train(all.slice(0, cut), valid, sizes, TrainingListener.NONE)) {
      BundleThreshold t =
          BundleThreshold.of(
              0.3,
              BinaryMetrics.thresholdForPrecision(
                  m.result().bestValidScores(), valid.labels(), 0.3));
      return ModelBundle.write(tmp.resolve(name), name, spec, vocabularies, m, t).dir();
    }
  }

  /** Every encodable evaluation row scored on the driver with the bundle's encoder and model. */
  static float[] directScores(Path bundleDir) {
    ModelBundle bundle = ModelBundle.open(bundleDir);
    Dataset<Row> raw = RawInput.read(spark, evalPath, InputFormat.PARQUET, spec, true);
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    List<Row> rows = raw.collectAsList();
    Encoder encoder = bundle.encoder();
    EncodedBatch batch = encoder.newBatch(rows.size());
    Object[] values = new Object[spec.fieldCount()];
    for (Row r : rows) {
      try {
        encoder.encodeRow(layout.values(r, values), batch);
      } catch (InvalidValueException e) {
        // skipped by the job too
      }
    }
    float[] out = new float[batch.size()];
    try (ScoringModel model = bundle.loadModel(EngineSettings.threads(1));
        Scorer scorer = model.newScorer()) {
      scorer.score(batch, out);
    }
    return out;
  }

  @Test
  void twoBundlesGiveAReportWithDeltasMatchingTheMetricFunctions() throws Exception {
    Path out = tmp.resolve("report");
    EvaluationReport report = EvaluateJob.run(spark, List.of(shallow, deep), evalPath, 0.3, out);

    assertThat(report.models()).extracting(ModelMetrics::name).containsExactly("shallow", "deep");
    assertThat(report.models()).extracting(ModelMetrics::engine).containsOnly("xgboost");
    // Both models see the same rows (the generated defects still encode under this spec).
    long rows = report.models().get(0).rows();
    assertThat(rows).isBetween(2000L, 3000L);
    assertThat(report.models().get(1).rows()).isEqualTo(rows);
    assertThat(report.data()).contains("raw", "3,000 rows");
    assertThat(report.deltas()).hasSize(1);
    assertThat(report.deltas().get(0).reference()).isEqualTo("shallow");
    assertThat(report.deltas().get(0).challenger()).isEqualTo("deep");

    // The report's numbers are BinaryMetrics on the scores Spark produced.
    for (int i = 0; i < 2; i++) {
      var in = report.inputs().get(i);
      assertThat(report.models().get(i).rocAuc())
          .isEqualTo(BinaryMetrics.rocAuc(in.scores(), in.labels()));
      assertThat(report.models().get(i).averagePrecision())
          .isEqualTo(BinaryMetrics.averagePrecision(in.scores(), in.labels()));
    }
    // Spark's scores are the bundle's own scores of the same rows (order aside).
    float[] direct = directScores(deep);
    float[] viaSpark = report.inputs().get(1).scores().clone();
    java.util.Arrays.sort(direct);
    java.util.Arrays.sort(viaSpark);
    assertThat(viaSpark).containsExactly(direct);

    JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(json.get("deltas")).hasSize(1);
    assertThat(json.get("deltas").get(0).get("roc_auc_relative_pct").asDouble())
        .isEqualTo(report.deltas().get(0).rocAucPercent());
    String html = Files.readString(out.resolve("report.html"));
    for (String png : List.of("roc.png", "pr.png", "gain.png", "hist-0-shallow.png")) {
      assertThat(html).contains("src=\"" + png + "\"");
      assertThat(Files.size(out.resolve(png))).isGreaterThan(5 * 1024);
    }
    StringWriter sw = new StringWriter();
    report.printTable(new PrintWriter(sw));
    assertThat(sw.toString()).contains("shallow", "deep", "Deltas against the reference");
  }

  @Test
  void generatedDataGetsAnOracleRowAndSeedGroupsGetASpread() {
    Path out = tmp.resolve("report-oracle");
    EvaluateJob.Config config =
        EvaluateJob.Config.of(List.of(shallow, shallow, deep), evalPath, 0.3, out)
            .withGroups(java.util.Arrays.asList("stumps", "stumps", null));
    EvaluationReport report = EvaluateJob.run(spark, config);

    assertThat(report.models())
        .extracting(ModelMetrics::name)
        .containsExactly("shallow", "shallow-2", "deep");
    assertThat(report.groups()).extracting(g -> g.name()).containsExactly("stumps", "deep");
    assertThat(report.groups().get(0).rocAuc().n()).isEqualTo(2);
    assertThat(report.groups().get(0).rocAuc().sd()).isZero(); // the same bundle twice

    // the generator's true probabilities score the oracle row, on the same rows as the models
    ModelMetrics oracle = report.oracle().orElseThrow();
    assertThat(oracle.name()).isEqualTo(EvaluateJob.ORACLE);
    assertThat(oracle.rows()).isEqualTo(report.models().get(2).rows());
    assertThat(oracle.rocAuc())
        .isBetween(0.75, 0.95)
        .isGreaterThan(report.models().get(2).rocAuc());
    assertThat(report.oracleGaps()).hasSize(3).allMatch(g -> g.rocAucGap() > 0);

    // no truth column, no oracle
    EvaluationReport none =
        EvaluateJob.run(
            spark,
            new EvaluateJob.Config(
                List.of(deep),
                evalPath,
                EvaluateJob.Input.AUTO,
                0.3,
                tmp.resolve("report-no-oracle"),
                null,
                null,
                1024,
                null,
                null));
    assertThat(none.oracle()).isEmpty();
  }
}
