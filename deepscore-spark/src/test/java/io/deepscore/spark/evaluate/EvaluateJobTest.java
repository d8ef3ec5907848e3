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
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.InvalidRowPolicy;
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
import io.deepscore.spark.features.FeaturizeJob;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
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

  /** Noisy generated data: a third of the rows with the generator's defects. */
  static String noisyPath;

  /**
   * A bundle on another encoding: a spec requiring app_packages (the generator's rows without apps
   * cannot be encoded) and vocabularies counted on part of the training data.
   */
  static Path strict;

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
    noisyPath = tmp.resolve("noisy").toString();
    UserDataGenerator.write(
        spark,
        GeneratorConfig.builder().users(3000).seed(5).partitions(3).badRowFraction(0.35).build(),
        noisyPath,
        OutputFormat.PARQUET,
        false);
    FeatureSpec strictSpec = strictSpec();
    Map<String, Vocabulary> strictVocabularies =
        VocabularyJob.build(spark, raw.limit(1500), strictSpec).vocabularies();
    EncodedDataset strictRows = TestData.encode(raw, strictSpec, strictVocabularies);
    strict =
        train(
            strictSpec,
            strictRows,
            strictRows.rows() * 4 / 5,
            TestData.vocabSizes(strictSpec, strictVocabularies),
            strictVocabularies,
            XgboostParams.defaults().withMaxDepth(3).withMaxRounds(20),
            "strict");
    shallow =
        train(
            spec,
            all,
            cut,
            sizes,
            vocabularies,
            XgboostParams.defaults().withMaxDepth(1).withMaxRounds(5),
            "shallow");
    deep =
        train(
            spec,
            all,
            cut,
            sizes,
            vocabularies,
            XgboostParams.defaults().withMaxDepth(4).withMaxRounds(150),
            "deep");
  }

  /** The generated spec with app_packages required. */
  static FeatureSpec strictSpec() {
    try {
      String json = Files.readString(Path.of("../specs/generated.json"));
      String apps = "\"max_size\": 50000,\n      \"required\": false";
      assertThat(json).contains(apps);
      return FeatureSpec.fromJson(
          json.replace(apps, "\"max_size\": 50000,\n      \"required\": true"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path train(
      FeatureSpec spec,
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

  /**
   * Raw noisy data, three bundles on two encodings (the strict spec and its vocabularies are a
   * second encoder group): every kept row's label and every bundle's score are, in order and bit
   * for bit, those of the Row path, and rows in = kept + skipped, the skipped rows being those the
   * strict bundle cannot encode.
   */
  @Test
  void everyRowScoresAsTheRowPathBitForBitAndRowsInAreKeptPlusSkipped() {
    List<Path> dirs = List.of(shallow, strict, deep);
    EvaluationReport report =
        EvaluateJob.run(spark, dirs, noisyPath, 0.3, tmp.resolve("report-noisy"));
    Direct want = direct(dirs, noisyPath);
    assertSameRows(report, want);
    int kept = want.labels().length;
    long skipped = want.rowsIn() - kept;
    assertThat(want.rowsIn()).isEqualTo(3000);
    assertThat(skipped).isBetween(50L, 400L); // the noisy rows without apps
    assertThat(report.data())
        .endsWith(String.format(Locale.ROOT, "(raw, %,d rows, %,d skipped)", kept, skipped));

    // a holdout part: only the rows whose id falls in it are evaluated (and counted)
    HoldoutSplit split = new HoldoutSplit(0.1, 0.2);
    EvaluationReport test =
        EvaluateJob.run(
            spark,
            EvaluateJob.Config.of(dirs, noisyPath, 0.3, tmp.resolve("report-noisy-test"))
                .withPart(split, HoldoutSplit.Part.TEST));
    Direct wantTest = direct(dirs, noisyPath, id -> split.of(id) == HoldoutSplit.Part.TEST);
    assertSameRows(test, wantTest);
    assertThat(wantTest.labels().length).isBetween(kept / 10, kept / 3);
    assertThat(test.data())
        .contains(
            String.format(Locale.ROOT, "(raw, test part, %,d rows", wantTest.labels().length));
  }

  /** Featurized data: each row's ids go to every bundle as they are, bit for bit. */
  @Test
  void featurizedRowsScoreAsTheirIdsBitForBit() {
    Dataset<Row> raw = RawInput.read(spark, noisyPath, InputFormat.PARQUET, spec, true);
    String encoded = tmp.resolve("noisy-encoded").toString();
    FeaturizeJob.run(
        spark,
        raw,
        spec,
        ModelBundle.open(deep).vocabularies(),
        InvalidRowPolicy.REJECT,
        encoded,
        tmp.resolve("noisy-encoded-rejects").toString(),
        false);
    List<Path> dirs = List.of(shallow, deep);
    EvaluationReport report =
        EvaluateJob.run(spark, dirs, encoded, 0.3, tmp.resolve("report-featurized"));
    assertThat(report.data()).contains("featurized", "rows)").doesNotContain("skipped");

    List<Row> rows = spark.read().parquet(encoded).collectAsList();
    ModelBundle[] bundles = {ModelBundle.open(shallow), ModelBundle.open(deep)};
    EncodedBatch[] batches = new EncodedBatch[bundles.length];
    int[] labels = new int[rows.size()];
    for (int i = 0; i < bundles.length; i++) {
      batches[i] = bundles[i].encoder().newBatch(rows.size());
    }
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      int[][] ids = new int[spec.fieldCount()][];
      for (int f = 0; f < ids.length; f++) {
        ids[f] =
            row.<Integer>getList(row.fieldIndex(spec.field(f).name())).stream()
                .mapToInt(Integer::intValue)
                .toArray();
      }
      for (EncodedBatch b : batches) {
        b.appendEncoded(ids);
      }
      labels[r] = row.getInt(row.fieldIndex(spec.labelColumn().orElseThrow()));
    }
    assertSameRows(report, score(bundles, batches, labels, rows.size()));
  }

  /** What an evaluation must give: labels of the kept rows, each bundle's scores of them. */
  record Direct(int[] labels, float[][] scores, int rowsIn) {}

  /**
   * The Row path: each row of {@code data} (in the order Spark reads it) with a 0/1 label is
   * encoded by every bundle's encoder from its {@link Row} values; a row some bundle cannot encode
   * is left out of all; then each bundle scores its rows in one forward pass.
   */
  static Direct direct(List<Path> dirs, String data) {
    return direct(dirs, data, id -> true);
  }

  /** The Row path over the rows whose id {@code inPart} accepts. */
  static Direct direct(List<Path> dirs, String data, Predicate<String> inPart) {
    Dataset<Row> raw = RawInput.read(spark, data, InputFormat.PARQUET, spec, true);
    int idIndex = raw.schema().fieldIndex(spec.idColumn());
    List<Row> rows =
        raw.collectAsList().stream().filter(r -> inPart.test(r.getString(idIndex))).toList();
    int k = dirs.size();
    ModelBundle[] bundles = new ModelBundle[k];
    RawRowLayout[] layouts = new RawRowLayout[k];
    EncodedBatch[] batches = new EncodedBatch[k];
    for (int i = 0; i < k; i++) {
      bundles[i] = ModelBundle.open(dirs.get(i));
      layouts[i] = RawRowLayout.of(raw.schema(), bundles[i].spec());
      batches[i] = bundles[i].encoder().newBatch(rows.size());
    }
    int labelIndex = raw.schema().fieldIndex(spec.labelColumn().orElseThrow());
    int[] labels = new int[rows.size()];
    for (Row r : rows) {
      if (r.isNullAt(labelIndex) || (r.getInt(labelIndex) != 0 && r.getInt(labelIndex) != 1)) {
        continue;
      }
      int i = 0;
      try {
        for (; i < k; i++) {
          Object[] values = layouts[i].values(r, new Object[layouts[i].fieldCount()]);
          bundles[i].encoder().encodeRow(values, batches[i]);
        }
        labels[batches[0].size() - 1] = r.getInt(labelIndex);
      } catch (InvalidValueException e) {
        for (int j = 0; j < i; j++) {
          batches[j].dropLast();
        }
      }
    }
    return score(bundles, batches, Arrays.copyOf(labels, batches[0].size()), rows.size());
  }

  static Direct score(ModelBundle[] bundles, EncodedBatch[] batches, int[] labels, int rowsIn) {
    float[][] scores = new float[bundles.length][labels.length];
    for (int i = 0; i < bundles.length; i++) {
      try (ScoringModel model = bundles[i].loadModel(EngineSettings.threads(1));
          Scorer scorer = model.newScorer()) {
        scorer.score(batches[i], scores[i]);
      }
    }
    return new Direct(labels, scores, rowsIn);
  }

  static void assertSameRows(EvaluationReport report, Direct want) {
    assertThat(report.inputs()).hasSize(want.scores().length);
    for (int i = 0; i < want.scores().length; i++) {
      var in = report.inputs().get(i);
      assertThat(in.labels()).as("labels").isEqualTo(want.labels());
      assertThat(bits(in.scores())).as("scores of bundle %d", i).isEqualTo(bits(want.scores()[i]));
    }
  }

  private static int[] bits(float[] scores) {
    int[] b = new int[scores.length];
    for (int r = 0; r < b.length; r++) {
      b[r] = Float.floatToRawIntBits(scores[r]);
    }
    return b;
  }
}
