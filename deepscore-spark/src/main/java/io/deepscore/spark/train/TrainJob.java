package io.deepscore.spark.train;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.ThresholdChoice;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.train.TrainedModel;
import io.deepscore.model.train.Trainer;
import io.deepscore.model.train.TrainingData;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.train.TrainingResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a model on a featurized dataset and writes a verified {@link ModelBundle}. This job only
 * moves data: it loads the rows (Spark, to the driver), splits them by a hash of the id when no
 * validation set is given, hands them to the configured {@link Trainer} (any algorithm), chooses
 * the threshold that reaches the target precision on the validation rows, and writes the bundle,
 * whose provenance records where the rows came from.
 */
public final class TrainJob {

  private TrainJob() {}

  /**
   * What to train.
   *
   * @param trainPath the featurized training data ({@link #run} reads it; null when the rows are
   *     handed to {@link #train})
   * @param validPath a separate featurized validation set, or null to split {@code trainPath} by
   *     {@code split} (its test part is then held out of training and validation entirely)
   * @param trainer the algorithm, configured
   * @param targetPrecision the precision the audience threshold must reach, in (0, 1)
   */
  public record Config(
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      String trainPath,
      String validPath,
      HoldoutSplit split,
      Trainer trainer,
      double targetPrecision,
      Path bundleDir,
      String bundleName) {
    public Config {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(vocabularies, "vocabularies");
      Objects.requireNonNull(trainer, "trainer");
      Objects.requireNonNull(bundleDir, "bundleDir");
      if (!(targetPrecision > 0 && targetPrecision < 1)) {
        throw new InvalidInputException(
            "target precision must be in (0, 1), got " + targetPrecision);
      }
      if (validPath == null) {
        Objects.requireNonNull(split, "split (needed when no validation set is given)");
      }
    }
  }

  /** What a run produced. */
  public record Result(
      ModelBundle bundle,
      TrainingResult training,
      ThresholdChoice threshold,
      int trainRows,
      int trainPositives,
      int validRows,
      long heldOutTestRows,
      double seconds) {

    Result withSeconds(double s) {
      return new Result(
          bundle, training, threshold, trainRows, trainPositives, validRows, heldOutTestRows, s);
    }
  }

  /** Loads the rows from {@code c}'s paths, trains and writes the bundle. */
  public static Result run(SparkSession spark, Config c, TrainingListener listener) {
    long start = System.nanoTime();
    Objects.requireNonNull(c.trainPath(), "trainPath");
    requireStandardReservedIds(c); // before reading any rows
    EncodedDatasets.Parts parts;
    if (c.validPath() == null) {
      parts = EncodedDatasets.load(spark, c.trainPath(), c.spec(), c.split());
    } else {
      EncodedDataset train =
          EncodedDatasets.load(spark, c.trainPath(), c.spec(), null).get(HoldoutSplit.Part.TRAIN);
      EncodedDataset valid =
          EncodedDatasets.load(spark, c.validPath(), c.spec(), null).get(HoldoutSplit.Part.TRAIN);
      parts =
          new EncodedDatasets.Parts(
              Map.of(
                  HoldoutSplit.Part.TRAIN, train,
                  HoldoutSplit.Part.VALID, valid,
                  HoldoutSplit.Part.TEST, EncodedDataset.builder(train.maxLengths()).build()),
              train.rows() + valid.rows());
    }
    Result r = train(parts, c, source(c, parts.get(HoldoutSplit.Part.TEST).rows()), listener);
    return r.withSeconds((System.nanoTime() - start) / 1e9);
  }

  /**
   * Trains on rows already loaded (by {@link #run}, or by a caller holding a DataFrame, such as the
   * Spark ML estimator) and writes the bundle; {@code c}'s paths are not read.
   *
   * @param parts the training, validation and held-out test rows
   * @param source where the rows came from, recorded in the bundle's provenance
   */
  public static Result train(
      EncodedDatasets.Parts parts,
      Config c,
      Map<String, Object> source,
      TrainingListener listener) {
    long start = System.nanoTime();
    requireStandardReservedIds(c);
    EncodedDataset train = parts.get(HoldoutSplit.Part.TRAIN);
    EncodedDataset valid = parts.get(HoldoutSplit.Part.VALID);
    long[] vocabSizes = new long[c.spec().fieldCount()];
    for (int f = 0; f < vocabSizes.length; f++) {
      vocabSizes[f] = c.vocabularies().get(c.spec().field(f).name()).size();
    }
    TrainingData data = new TrainingData(train, valid, vocabSizes, source);
    try (TrainedModel model = c.trainer().train(data, listener)) {
      TrainingResult result = model.provenance().result();
      ThresholdChoice choice =
          BinaryMetrics.thresholdForPrecision(
              result.bestValidScores(), valid.labels(), c.targetPrecision());
      ModelBundle bundle =
          ModelBundle.write(
              c.bundleDir(),
              c.bundleName(),
              c.spec(),
              c.vocabularies(),
              model,
              BundleThreshold.of(c.targetPrecision(), choice));
      return new Result(
          bundle,
          result,
          choice,
          train.rows(),
          train.positives(),
          valid.rows(),
          parts.get(HoldoutSplit.Part.TEST).rows(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  private static void requireStandardReservedIds(Config c) {
    Vocabularies.requireStandardReservedIds(
        c.vocabularies(), "deepscore's trainers (the DNN masks id 0, XGBoost skips ids 0 and 1)");
  }

  /** Where the rows came from, as provenance records it ({@link TrainingRecipe} reads it back). */
  static Map<String, Object> source(Config c, long heldOutTestRows) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(TrainingRecipe.TRAIN_PATH, c.trainPath());
    m.put(TrainingRecipe.VALID_PATH, c.validPath());
    if (c.validPath() == null) {
      m.put(TrainingRecipe.VALID_FRACTION, c.split().validFraction());
      m.put(TrainingRecipe.TEST_FRACTION, c.split().testFraction());
      m.put("held_out_test_rows", heldOutTestRows);
    }
    return m;
  }
}
