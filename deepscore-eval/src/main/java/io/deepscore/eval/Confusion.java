package io.deepscore.eval;

/**
 * Counts of a binary decision at one threshold: a row is predicted positive when its score is at
 * least the threshold.
 *
 * <p>Ratios with an empty denominator are defined, never NaN, by the vacuous reading: with no
 * predicted positives there are no false alarms, so {@link #precision()} is 1.0; with no actual
 * positives nothing was missed, so {@link #recall()} is 1.0. scikit-learn instead returns 0.0 with
 * an {@code UndefinedMetricWarning} (its {@code zero_division="warn"}); the 1.0 here matches the
 * (recall 0, precision 1) end point of its precision-recall curve. {@link #f1()} is {@code 2tp /
 * (2tp + fp + fn)}, which equals the harmonic mean of these precision and recall values in every
 * case and is 1.0 only when there is nothing to find and nothing was predicted.
 *
 * @param tp positives scored at or above the threshold
 * @param fp negatives scored at or above the threshold
 * @param tn negatives scored below the threshold
 * @param fn positives scored below the threshold
 */
public record Confusion(long tp, long fp, long tn, long fn) {

  /** Rejects negative counts. */
  public Confusion {
    if (tp < 0 || fp < 0 || tn < 0 || fn < 0) {
      throw new IllegalArgumentException(
          "confusion counts must be >= 0, got tp=" + tp + " fp=" + fp + " tn=" + tn + " fn=" + fn);
    }
  }

  /** Number of rows. */
  public long total() {
    return tp + fp + tn + fn;
  }

  /** tp / (tp + fp); 1.0 when nothing is predicted positive (see the class comment). */
  public double precision() {
    long predicted = tp + fp;
    return predicted == 0 ? 1.0 : (double) tp / predicted;
  }

  /** tp / (tp + fn); 1.0 when there are no actual positives (see the class comment). */
  public double recall() {
    long actual = tp + fn;
    return actual == 0 ? 1.0 : (double) tp / actual;
  }

  /** 2tp / (2tp + fp + fn); 1.0 when there were no positives to find and none was predicted. */
  public double f1() {
    long denominator = 2 * tp + fp + fn;
    return denominator == 0 ? 1.0 : (2.0 * tp) / denominator;
  }

  /** (tp + tn) / total. */
  public double accuracy() {
    return (double) (tp + tn) / total();
  }
}
