package io.deepscore.eval;

/** Argument checks shared by the metric functions; every message names the array and the index. */
final class Inputs {

  private Inputs() {}

  /**
   * The float scores as doubles (exact: every float is a double), so that each metric has one
   * implementation; validation and results are the same as for the float values.
   */
  static double[] widen(float[] scores) {
    if (scores == null) {
      return null;
    }
    double[] out = new double[scores.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = scores[i];
    }
    return out;
  }

  /** Checks scores and labels of one binary problem and returns the number of positive labels. */
  static long checkBinary(double[] scores, int[] labels, String scoresName) {
    checkShape(scores == null ? -1 : scores.length, labels, scoresName);
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isFinite(scores[i])) {
        throw new IllegalArgumentException(
            scoresName
                + "["
                + i
                + "] = "
                + scores[i]
                + " is not finite; every score must be a finite number");
      }
    }
    return countPositives(labels);
  }

  private static void checkShape(int scoresLength, int[] labels, String scoresName) {
    if (scoresLength < 0) {
      throw new IllegalArgumentException(scoresName + " is null");
    }
    if (labels == null) {
      throw new IllegalArgumentException("labels is null");
    }
    if (scoresLength != labels.length) {
      throw new IllegalArgumentException(
          scoresName
              + " has "
              + scoresLength
              + " rows but labels has "
              + labels.length
              + "; they must be the same length (one score and one label per row)");
    }
    if (scoresLength == 0) {
      throw new IllegalArgumentException(
          scoresName + " and labels are empty; a metric needs at least one row");
    }
  }

  private static long countPositives(int[] labels) {
    long positives = 0;
    for (int i = 0; i < labels.length; i++) {
      int label = labels[i];
      if (label != 0 && label != 1) {
        throw new IllegalArgumentException(
            "labels[" + i + "] = " + label + "; labels must be 0 (negative) or 1 (positive)");
      }
      positives += label;
    }
    return positives;
  }

  /** Rejects a metric that needs both classes when one of them is absent. */
  static void requireBothClasses(String metric, long positives, long rows) {
    requirePositives(metric, positives, rows);
    if (positives == rows) {
      throw new IllegalArgumentException(
          metric
              + " is undefined: all "
              + rows
              + " labels are 1 (no negatives); it needs at least one label of each class");
    }
  }

  /** Rejects a metric that needs at least one positive label when there is none. */
  static void requirePositives(String metric, long positives, long rows) {
    if (positives == 0) {
      throw new IllegalArgumentException(
          metric
              + " is undefined: all "
              + rows
              + " labels are 0 (no positives); it needs at least one label of 1");
    }
  }

  static void checkFraction(String name, double value) {
    if (!(value > 0.0 && value <= 1.0)) {
      throw new IllegalArgumentException(name + " = " + value + " must be in (0, 1]");
    }
  }
}
