package io.deepscore.spark.score;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.network.NetworkModel;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.TestData;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.partition.RawRowLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One tiny trained bundle per test JVM: 3,000 generated users (clean) train a small DNN for two
 * epochs; 2,000 other users with 10% defective rows are the scoring input. The spec is {@code
 * specs/generated.json} with {@code apps} made required, so the generator's null-{@code
 * app_packages} rows are rejected.
 */
public final class ScoreFixture {

  private static ScoreFixture instance;

  public final SparkSession spark;
  final Path dir;
  public final FeatureSpec spec;
  public final Path bundleDir;
  final String inputPath;
  public final String trainPath;

  public static synchronized ScoreFixture get() {
    if (instance == null) {
      instance = new ScoreFixture();
    }
    return instance;
  }

  private ScoreFixture() {
    spark = SparkSessions.forTests();
    try {
      dir = Files.createTempDirectory("deepscore-score-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FeatureSpec base = FeatureSpec.read(Path.of("../specs/generated.json"));
    FeatureSpec.Builder nb =
        FeatureSpec.builder()
            .name("score-test")
            .idColumn(base.idColumn())
            .labelColumn(base.labelColumn().orElse(null));
    for (FieldSpec f : base.fields()) {
      nb.addField(f.name().equals("apps") ? f.toBuilder().required(true).build() : f);
    }
    spec = nb.build();

    String train = dir.resolve("train").toString();
    trainPath = train;
    UserDataGenerator.write(
        spark,
        GeneratorConfig.builder().users(3000).seed(7).partitions(2).build(),
        train,
        OutputFormat.PARQUET,
        false);
    inputPath = dir.resolve("input").toString();
    UserDataGenerator.write(
        spark,
        GeneratorConfig.builder().users(2000).seed(11).partitions(8).badRowFraction(0.1).build(),
        inputPath,
        OutputFormat.PARQUET,
        false);

    Dataset<Row> raw = RawInput.read(spark, train, InputFormat.PARQUET, spec, true);
    Map<String, Vocabulary> vocabularies = VocabularyJob.build(spark, raw, spec).vocabularies();
    EncodedDataset all = TestData.encode(raw, spec, vocabularies);
    int cut = all.rows() * 4 / 5;
    EncodedDataset valid = all.slice(cut, all.rows());
    long[] sizes = TestData.vocabSizes(spec, vocabularies);
    try (NetworkModel trained =
        new DnnTrainer(
                NetworkConfig.dnn().withEmbeddingDim(8).withHiddenSizes(List.of(16)),
                TrainingConfig.defaults()
                    .withMaxEpochs(2)
                    .withBatchSize(256)
                    .withLearningRate(5e-3f))
            .train(all.slice(0, cut), valid, sizes, TrainingListener.NONE)) {
      BundleThreshold threshold =
          BundleThreshold.of(
              0.5,
              BinaryMetrics.thresholdForPrecision(
                  trained.result().bestValidScores(), valid.labels(), 0.5));
      bundleDir =
          ModelBundle.write(
                  dir.resolve("bundle"), "scoretest", spec, vocabularies, trained, threshold)
              .dir();
    }
  }

  /** The scoring input, read and checked like the CLI does. */
  public Dataset<Row> input() {
    return RawInput.read(spark, inputPath, InputFormat.PARQUET, spec, false);
  }

  /** A copy of the fixture's bundle under a fresh name (to damage or edit in a test). */
  Path copyBundle(String name) {
    Path dst = dir.resolve(name + "-" + System.nanoTime());
    try {
      org.apache.commons.io.FileUtils.copyDirectory(bundleDir.toFile(), dst.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dst;
  }

  /** A fresh path under the fixture's temp dir. */
  public String path(String name) {
    return dir.resolve(name + "-" + System.nanoTime()).toString();
  }

  /**
   * Scores rows outside Spark with the bundle's own encoder and a scorer, {@code batchSize} rows
   * per forward pass; unencodable rows are absent from the result.
   */
  Map<String, Float> directScores(List<Row> rows, int batchSize) {
    ModelBundle bundle = ModelBundle.open(bundleDir);
    Encoder encoder = bundle.encoder();
    RawRowLayout layout = RawRowLayout.of(rows.get(0).schema(), spec);
    Map<String, Float> out = new HashMap<>();
    try (ScoringModel model = bundle.loadModel(EngineSettings.threads(1));
        Scorer scorer = model.newScorer()) {
      EncodedBatch batch = encoder.newBatch(batchSize);
      String[] ids = new String[batchSize];
      float[] scores = new float[batchSize];
      Object[] values = new Object[spec.fieldCount()];
      for (int i = 0; i <= rows.size(); i++) {
        if (i < rows.size()) {
          Row r = rows.get(i);
          try {
            encoder.encodeRow(layout.values(r, values), batch);
            ids[batch.size() - 1] = r.getString(r.fieldIndex(spec.idColumn()));
          } catch (InvalidValueException e) {
            continue;
          }
        }
        if (batch.isFull() || (i == rows.size() && !batch.isEmpty())) {
          scorer.score(batch, scores);
          for (int k = 0; k < batch.size(); k++) {
            out.put(ids[k], scores[k]);
          }
          batch.clear();
        }
      }
    }
    return out;
  }
}
