package io.deepscore.eval;

import java.util.Arrays;

/**
 * The scores of one binary problem split by label and sorted, so that every metric can walk the
 * distinct score values from the highest down and see how many positives and negatives share each.
 *
 * <p>Sorting the two classes separately with {@link Arrays#sort(double[])} keeps the work primitive
 * (no boxing, no index permutation) and O(n log n); the walk is a linear merge. Memory: one double
 * per row. {@code -0.0} is folded into {@code +0.0} so that equal scores always form one group.
 */
final class RankedScores {

  private final double[] positives;
  private final double[] negatives;

  private RankedScores(double[] positives, double[] negatives) {
    Arrays.sort(positives);
    Arrays.sort(negatives);
    this.positives = positives;
    this.negatives = negatives;
  }

  /** Splits validated scores by label; {@code positiveCount} is the number of labels equal to 1. */
  static RankedScores of(double[] scores, int[] labels, long positiveCount) {
    double[] pos = new double[(int) positiveCount];
    double[] neg = new double[scores.length - (int) positiveCount];
    int p = 0;
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      // + 0.0 turns -0.0 into +0.0 and leaves every other value unchanged.
      double s = scores[i] + 0.0;
      if (labels[i] == 1) {
        pos[p++] = s;
      } else {
        neg[n++] = s;
      }
    }
    return new RankedScores(pos, neg);
  }

  /** As {@link #of(double[], int[], long)}; widening float to double is exact. */
  static RankedScores of(float[] scores, int[] labels, long positiveCount) {
    double[] pos = new double[(int) positiveCount];
    double[] neg = new double[scores.length - (int) positiveCount];
    int p = 0;
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      double s = scores[i] + 0.0;
      if (labels[i] == 1) {
        pos[p++] = s;
      } else {
        neg[n++] = s;
      }
    }
    return new RankedScores(pos, neg);
  }

  long positiveCount() {
    return positives.length;
  }

  long negativeCount() {
    return negatives.length;
  }

  long rowCount() {
    return (long) positives.length + negatives.length;
  }

  /** Number of distinct score values. */
  int distinctCount() {
    int count = 0;
    Cursor cursor = descending();
    while (cursor.next()) {
      count++;
    }
    return count;
  }

  /** A fresh cursor over the distinct score values, highest first. */
  Cursor descending() {
    return new Cursor();
  }

  /**
   * Walks the distinct score values from the highest down. After each {@link #next()} the cursor
   * holds one value and how many positives and negatives have exactly that score.
   */
  final class Cursor {
    private int pos = positives.length - 1;
    private int neg = negatives.length - 1;
    private double threshold;
    private long groupPositives;
    private long groupNegatives;

    boolean next() {
      if (pos < 0 && neg < 0) {
        return false;
      }
      if (pos < 0) {
        threshold = negatives[neg];
      } else if (neg < 0) {
        threshold = positives[pos];
      } else {
        threshold = Math.max(positives[pos], negatives[neg]);
      }
      int pos0 = pos;
      while (pos >= 0 && positives[pos] == threshold) {
        pos--;
      }
      int neg0 = neg;
      while (neg >= 0 && negatives[neg] == threshold) {
        neg--;
      }
      groupPositives = pos0 - pos;
      groupNegatives = neg0 - neg;
      return true;
    }

    double threshold() {
      return threshold;
    }

    long positives() {
      return groupPositives;
    }

    long negatives() {
      return groupNegatives;
    }
  }
}
