package io.deepscore.spark.train;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.ThresholdChoice;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.train.DnnTrainer;
import io.deepscore.model.train.TrainedModel;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.train.TrainingResult;
import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostTrainedModel;
import io.deepscore.model.xgboost.XgboostTrainer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a model on a featurized dataset and writes a verified {@link ModelBundle}: loads the rows
 * (Spark, to the driver), splits them by a hash of the id when no validation set is given, trains
 * with early stopping on validation AUC, chooses the threshold that reaches the target precision on
 * the validation rows, and writes the bundle.
 */
public final class TrainJob {

  private TrainJob() {}

  /** A way to train a model on encoded rows: the DNN or logistic network in DJL, or XGBoost. */
  @FunctionalInterface
  public interface Algorithm {
    /**
     * Trains with early stopping on {@code valid}.
     *
     * @return the best model; the caller closes it (it may hold native memory)
     */
    Trained train(
        EncodedDataset train, EncodedDataset valid, long[] vocabSizes, TrainingListener listener);
  }

  /** A trained model that has not been written yet. */
  public interface Trained extends AutoCloseable {
    /** Best epoch (or boosting round), validation AUC and scores, history. */
    TrainingResult result();

    /** Writes and verifies the bundle of this model. */
    ModelBundle write(
        Path dir,
        String name,
        FeatureSpec spec,
        Map<String, Vocabulary> vocabularies,
        BundleThreshold threshold);

    @Override
    void close();
  }

  /** The network of {@code network} (DNN or logistic) trained with DJL. */
  public static Algorithm network(NetworkConfig network, TrainingConfig training) {
    return (train, valid, vocabSizes, listener) -> {
      TrainedModel model =
          new DnnTrainer(network, training).train(train, valid, vocabSizes, listener);
      return new Trained() {
        @Override
        public TrainingResult result() {
          return model.result();
        }

        @Override
        public ModelBundle write(
            Path dir, String name, FeatureSpec spec, Map<String, Vocabulary> v, BundleThreshold t) {
          return ModelBundle.write(dir, name, spec, v, model, t);
        }

        @Override
        public void close() {
          model.close();
        }
      };
    };
  }

  /** Gradient-boosted trees on the multi-hot encoding of the same features (the baseline). */
  public static Algorithm xgboost(XgboostParams params) {
    return (train, valid, vocabSizes, listener) -> {
      XgboostTrainedModel model =
          new XgboostTrainer(params).train(train, valid, vocabSizes, listener);
      return new Trained() {
        @Override
        public TrainingResult result() {
          return model.result();
        }

        @Override
        public ModelBundle write(
            Path dir, String name, FeatureSpec spec, Map<String, Vocabulary> v, BundleThreshold t) {
          return ModelBundle.writeXgboost(dir, name, spec, v, model, t);
        }

        @Override
        public void close() {
          model.close();
        }
      };
    };
  }

  /**
   * What to train.
   *
   * @param validPath a separate featurized validation set, or null to split {@code trainPath} by
   *     {@code split} (its test part is then held out of training and validation entirely)
   * @param targetPrecision the precision the audience threshold must reach, in (0, 1)
   */
  public record Config(
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      String trainPath,
      String validPath,
      HoldoutSplit split,
      Algorithm algorithm,
      double targetPrecision,
      Path bundleDir,
      String bundleName) {
    public Config {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(vocabularies, "vocabularies");
      Objects.requireNonNull(trainPath, "trainPath");
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(bundleDir, "bundleDir");
      if (!(targetPrecision > 0 && targetPrecision < 1)) {
        throw new IllegalArgumentException(
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
      double seconds) {}

  /** Trains and writes the bundle. */
  public static Result run(SparkSession spark, Config c, TrainingListener listener) {
    long start = System.nanoTime();
    Vocabularies.requireStandardReservedIds(
        c.vocabularies(), "deepscore's trainers (the DNN masks id 0, XGBoost skips ids 0 and 1)");
    EncodedDataset train;
    EncodedDataset valid;
    long heldOut = 0;
    if (c.validPath() == null) {
      EncodedDatasets.Parts parts = EncodedDatasets.load(spark, c.trainPath(), c.spec(), c.split());
      train = parts.get(HoldoutSplit.Part.TRAIN);
      valid = parts.get(HoldoutSplit.Part.VALID);
      heldOut = parts.get(HoldoutSplit.Part.TEST).rows();
    } else {
      train =
          EncodedDatasets.load(spark, c.trainPath(), c.spec(), null).get(HoldoutSplit.Part.TRAIN);
      valid =
          EncodedDatasets.load(spark, c.validPath(), c.spec(), null).get(HoldoutSplit.Part.TRAIN);
    }
    requireBothClasses(train, "training");
    requireBothClasses(valid, "validation");

    long[] vocabSizes = new long[c.spec().fieldCount()];
    for (int f = 0; f < vocabSizes.length; f++) {
      vocabSizes[f] = c.vocabularies().get(c.spec().field(f).name()).size();
    }
    try (Trained model = c.algorithm().train(train, valid, vocabSizes, listener)) {
      TrainingResult result = model.result();
      ThresholdChoice choice =
          BinaryMetrics.thresholdForPrecision(
              result.bestValidScores(), valid.labels(), c.targetPrecision());
      ModelBundle bundle =
          model.write(
              c.bundleDir(),
              c.bundleName(),
              c.spec(),
              c.vocabularies(),
              BundleThreshold.of(c.targetPrecision(), choice));
      return new Result(
          bundle,
          result,
          choice,
          train.rows(),
          train.positives(),
          valid.rows(),
          heldOut,
          (System.nanoTime() - start) / 1e9);
    }
  }

  private static void requireBothClasses(EncodedDataset d, String what) {
    if (d.rows() == 0 || d.positives() == 0 || d.positives() == d.rows()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " set has "
              + d.rows()
              + " rows and "
              + d.positives()
              + " positives: it needs both classes (more rows, or other split fractions)");
    }
  }
}
