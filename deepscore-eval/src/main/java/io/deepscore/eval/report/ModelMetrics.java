package io.deepscore.eval.report;

import io.deepscore.eval.Confusion;
import io.deepscore.eval.ThresholdChoice;

/**
 * One model's numbers in an {@link EvaluationReport}, every one computed by {@link
 * io.deepscore.eval.BinaryMetrics} on the model's scores and labels.
 *
 * @param name display name
 * @param bundleId bundle id
 * @param engine engine id
 * @param rows rows scored
 * @param positives rows labelled 1
 * @param rocAuc ROC AUC
 * @param averagePrecision PR AUC as average precision (no interpolation)
 * @param logLoss mean binary cross-entropy of the probabilities
 * @param bundleThreshold the bundle's threshold, NaN if none
 * @param atBundleThreshold confusion at the bundle's threshold, null if none
 * @param atTargetPrecision the lowest threshold reaching the target precision on this data
 * @param liftTop1 lift in the top 1% of rows by score
 * @param liftTop5 lift in the top 5%
 * @param liftTop10 lift in the top 10%
 */
public record ModelMetrics(
    String name,
    String bundleId,
    String engine,
    long rows,
    long positives,
    double rocAuc,
    double averagePrecision,
    double logLoss,
    double bundleThreshold,
    Confusion atBundleThreshold,
    ThresholdChoice atTargetPrecision,
    double liftTop1,
    double liftTop5,
    double liftTop10) {

  /** Positives / rows. */
  public double positiveRate() {
    return (double) positives / rows;
  }
}
