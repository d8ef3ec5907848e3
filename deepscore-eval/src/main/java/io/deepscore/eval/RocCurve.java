package io.deepscore.eval;

/**
 * A ROC curve as scikit-learn's {@code roc_curve(..., drop_intermediate=False)} returns it: point 0
 * is (0, 0) at threshold {@code +Infinity}, then one point per distinct score, thresholds
 * decreasing, the last point being (1, 1). Point i is the rate of negatives ({@code fpr}) and of
 * positives ({@code tpr}) scored at or above {@code thresholds[i]}. The three arrays have the same
 * length; the record does not copy them, and {@link BinaryMetrics} hands out fresh arrays that
 * nothing else holds.
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

  /** Number of points. */
  public int size() {
    return thresholds.length;
  }
}
