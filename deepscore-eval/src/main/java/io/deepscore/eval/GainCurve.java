package io.deepscore.eval;

/**
 * A cumulative gain curve: {@code fraction[i]} of the rows, taken from the highest score down,
 * contain {@code gain[i]} of all positives. Point 0 is (0, 0); then one point per distinct score,
 * after all rows with that score; the last point is (1, 1). Between two points, that is inside a
 * group of tied scores, the curve is the straight line, which is the expected gain when the tied
 * rows are taken in random order. The record does not copy the arrays; {@link BinaryMetrics} hands
 * out fresh arrays that nothing else holds.
 */
public record GainCurve(double[] fraction, double[] gain) {

  /** Number of points. */
  public int size() {
    return fraction.length;
  }
}
