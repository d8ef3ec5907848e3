package io.deepscore.spark.train;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.ThresholdChoice;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
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
 * The XGBoost sibling of {@link TrainJob}: the same flow on the same data (featurized rows loaded
 * to the driver, split by a hash of the id unless a validation set is given, threshold for the
 * target precision chosen on the validation rows), but trains {@link XgboostTrainer} and writes an
 * {@code xgboost} bundle. Returns {@link TrainJob.Result} so callers print both alike ({@code
 * training().bestEpoch()} is the best boosting round).
 */
public final class XgboostTrainJob {

  private XgboostTrainJob() {}

  /**
   * What to train; see {@link TrainJob.Config} for the shared fields.
   *
   * @param targetPrecision the precision the audience threshold must reach, in (0, 1)
   */
  public record Config(
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      String trainPath,
      String validPath,
      HoldoutSplit split,
      XgboostParams params,
      double targetPrecision,
      Path bundleDir,
      String bundleName) {
    public Config {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(vocabularies, "vocabularies");
      Objects.requireNonNull(trainPath, "trainPath");
      Objects.requireNonNull(params, "params");
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

  /** Trains and writes the bundle. */
  public static TrainJob.Result run(SparkSession spark, Config c, TrainingListener listener) {
    long start = System.nanoTime();
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
    long[] vocabSizes = new long[c.spec().fieldCount()];
    for (int f = 0; f < vocabSizes.length; f++) {
      vocabSizes[f] = c.vocabularies().get(c.spec().field(f).name()).size();
    }
    try (XgboostTrainedModel model =
        new XgboostTrainer(c.params()).train(train, valid, vocabSizes, listener)) {
      TrainingResult result = model.result();
      ThresholdChoice choice =
          BinaryMetrics.thresholdForPrecision(
              result.bestValidScores(), valid.labels(), c.targetPrecision());
      ModelBundle bundle =
          ModelBundle.writeXgboost(
              c.bundleDir(),
              c.bundleName(),
              c.spec(),
              c.vocabularies(),
              model,
              BundleThreshold.of(c.targetPrecision(), choice));
      return new TrainJob.Result(
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
}
