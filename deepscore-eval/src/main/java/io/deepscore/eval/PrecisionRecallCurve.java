package io.deepscore.eval;

/**
 * A precision-recall curve in scikit-learn's {@code precision_recall_curve} layout: {@code
 * thresholds} are the distinct scores in increasing order, {@code precision[i]} and {@code
 * recall[i]} are those of predicting positive when {@code score >= thresholds[i]}, and the arrays
 * {@code precision} and {@code recall} carry one extra last point (precision 1, recall 0) that has
 * no threshold. Every distinct score has a point, including those below the score at which recall
 * first reaches 1 (older scikit-learn releases dropped those). The record does not copy the arrays;
 * {@link BinaryMetrics} hands out fresh arrays that nothing else holds.
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {

  /** Number of thresholds (one less than the number of points). */
  public int size() {
    return thresholds.length;
  }
}
