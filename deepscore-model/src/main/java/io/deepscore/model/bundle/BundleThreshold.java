package io.deepscore.model.bundle;

import io.deepscore.eval.ThresholdChoice;

/**
 * The decision threshold stored in a bundle: chosen on the validation scores for a target
 * precision.
 *
 * @param targetPrecision the precision asked for
 * @param threshold predict positive when {@code probability >= threshold}
 * @param precision the validation precision at the threshold
 * @param recall the validation recall at the threshold
 * @param reached whether the target precision was reached (if not, the threshold of maximum
 *     precision)
 */
public record BundleThreshold(
    double targetPrecision, double threshold, double precision, double recall, boolean reached) {

  /** From the evaluation module's answer. */
  public static BundleThreshold of(double targetPrecision, ThresholdChoice choice) {
    return new BundleThreshold(
        targetPrecision, choice.threshold(), choice.precision(), choice.recall(), choice.reached());
  }
}
