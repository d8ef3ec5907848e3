package io.deepscore.eval;

/**
 * The answer of {@link BinaryMetrics#thresholdForPrecision(double[], int[], double)}: a score
 * threshold (predict positive when {@code score >= threshold}) and what it achieves.
 *
 * @param threshold one of the input scores
 * @param precision tp / (tp + fp) at that threshold
 * @param recall tp / (all positives) at that threshold
 * @param positivesPredicted rows scored at or above the threshold (tp + fp)
 * @param reached whether {@code precision >= targetPrecision}; when false the threshold is the one
 *     of maximum precision instead
 */
public record ThresholdChoice(
    double threshold, double precision, double recall, long positivesPredicted, boolean reached) {}
