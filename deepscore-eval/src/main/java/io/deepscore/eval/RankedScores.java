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

  /** The ROC curve, one point per distinct score (see {@link BinaryMetrics#rocCurve}). */
  RocCurve rocCurve() {
    int points = distinctCount() + 1;
    double[] fpr = new double[points];
    double[] tpr = new double[points];
    double[] thresholds = new double[points];
    thresholds[0] = Double.POSITIVE_INFINITY;
    double p = positiveCount();
    double n = negativeCount();
    long tp = 0;
    long fp = 0;
    int k = 1;
    RankedScores.Cursor group = descending();
    while (group.next()) {
      tp += group.positives();
      fp += group.negatives();
      thresholds[k] = group.threshold();
      tpr[k] = tp / p;
      fpr[k] = fp / n;
      k++;
    }
    return new RocCurve(fpr, tpr, thresholds);
  }

  /** The precision-recall curve (see {@link BinaryMetrics#precisionRecallCurve}). */
  PrecisionRecallCurve precisionRecallCurve() {
    int m = distinctCount();
    double[] precision = new double[m + 1];
    double[] recall = new double[m + 1];
    double[] thresholds = new double[m];
    precision[m] = 1.0;
    recall[m] = 0.0;
    double p = positiveCount();
    long tp = 0;
    long fp = 0;
    // The walk goes from the highest score down; the layout wants increasing thresholds.
    int k = m - 1;
    RankedScores.Cursor group = descending();
    while (group.next()) {
      tp += group.positives();
      fp += group.negatives();
      thresholds[k] = group.threshold();
      precision[k] = (double) tp / (tp + fp);
      recall[k] = tp / p;
      k--;
    }
    return new PrecisionRecallCurve(precision, recall, thresholds);
  }

  /** The cumulative gain curve (see {@link BinaryMetrics#cumulativeGain}). */
  GainCurve cumulativeGain() {
    int points = distinctCount() + 1;
    double[] fraction = new double[points];
    double[] gain = new double[points];
    double rows = rowCount();
    double p = positiveCount();
    long taken = 0;
    long tp = 0;
    int k = 1;
    RankedScores.Cursor group = descending();
    while (group.next()) {
      taken += group.positives() + group.negatives();
      tp += group.positives();
      fraction[k] = taken / rows;
      gain[k] = tp / p;
      k++;
    }
    return new GainCurve(fraction, gain);
  }

  /** The gain curve read at {@code fraction} (see {@link BinaryMetrics#cumulativeGainAt}). */
  double gainAt(double fraction) {
    double rows = rowCount();
    double cut = fraction * rows;
    double whole = Math.rint(cut);
    // fraction * rows is off by at most a couple of ulps from the decimal the caller meant.
    if (Math.abs(cut - whole) <= 4 * Math.ulp(whole)) {
      cut = whole;
    }
    long taken = 0;
    long tp = 0;
    RankedScores.Cursor group = descending();
    while (group.next()) {
      long size = group.positives() + group.negatives();
      if (taken + size >= cut) {
        double partOfGroup = cut - taken;
        double found = tp + partOfGroup * group.positives() / size;
        return found / positiveCount();
      }
      taken += size;
      tp += group.positives();
    }
    return 1.0; // unreachable: cut <= rows, and the last group ends at rows
  }
}
