package io.deepscore.eval;

/**
 * Binary-classification metrics as pure static functions over primitive arrays.
 *
 * <p>Every function takes one score per row and one label per row. Labels are {@code 0} (negative)
 * or {@code 1} (positive); scores are any finite numbers where higher means "more likely positive"
 * (probabilities, logits, margins). Each function has a {@code double[]} form and a {@code float[]}
 * convenience form; a float is widened to double exactly, so both give the same answer for the same
 * values. Arrays are never modified; functions are stateless and thread-safe.
 *
 * <p>Input is validated before any work: null arrays, arrays of different length, empty arrays, a
 * label other than 0/1 or a non-finite score throw {@link IllegalArgumentException} naming the
 * array, the index and the value. A metric that is undefined for the data (AUC with one class only,
 * say) also throws, rather than returning NaN.
 *
 * <p>Ties follow scikit-learn: rows with equal scores always fall on the same side of any
 * threshold, so a group of tied scores is one step of a curve. Ranking metrics sort once, O(n log
 * n) time, using primitive sorts (no boxing) and one extra double per row of memory.
 */
public final class BinaryMetrics {

  /**
   * Probabilities are clipped to [EPS, 1 - EPS] by {@link #logLoss}; scikit-learn's old default.
   */
  public static final double LOG_LOSS_EPS = 1e-15;

  private BinaryMetrics() {}

  // ---------------------------------------------------------------------------------- ROC AUC

  /**
   * Area under the ROC curve, equal to scikit-learn's {@code roc_auc_score} for binary labels.
   *
   * <p>It is the probability that a random positive scores above a random negative, a tie counting
   * one half (the Mann-Whitney U statistic with midranks, divided by positives x negatives); that
   * is also the trapezoidal area under the ROC curve whose steps are the groups of tied scores. The
   * numerator is accumulated in exact integer arithmetic, so the only rounding is the final
   * division.
   *
   * @return the AUC in [0, 1]
   * @throws IllegalArgumentException on invalid input, or when all labels are of one class (AUC is
   *     then undefined)
   */
  public static double rocAuc(double[] scores, int[] labels) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    Inputs.requireBothClasses("ROC AUC", positives, labels.length);
    return rocAuc(RankedScores.of(scores, labels, positives));
  }

  /** {@link #rocAuc(double[], int[])} for float scores. */
  public static double rocAuc(float[] scores, int[] labels) {
    return rocAuc(Inputs.widen(scores), labels);
  }

  private static double rocAuc(RankedScores ranked) {
    // Twice the area in units of (one negative) x (one positive): a group of dn negatives and dp
    // positives adds the trapezoid dn * (tp + (tp + dp)). Bounded by 2 * P * N <= n^2 / 2 < 2^63.
    long twiceArea = 0;
    long tp = 0;
    RankedScores.Cursor group = ranked.descending();
    while (group.next()) {
      twiceArea += group.negatives() * (2 * tp + group.positives());
      tp += group.positives();
    }
    return twiceArea / (2.0 * ranked.positiveCount() * ranked.negativeCount());
  }

  // ------------------------------------------------------------------------ average precision

  /**
   * Average precision, equal to scikit-learn's {@code average_precision_score}: the step-wise sum
   * over distinct thresholds t, from the highest down, of {@code (R(t) - R(previous t)) * P(t)}
   * where P and R are the precision and recall of predicting positive when {@code score >= t}. No
   * interpolation; a group of tied scores is one step.
   *
   * @return the average precision in (0, 1]
   * @throws IllegalArgumentException on invalid input or when no label is 1
   */
  public static double averagePrecision(double[] scores, int[] labels) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    Inputs.requirePositives("average precision", positives, labels.length);
    return averagePrecision(RankedScores.of(scores, labels, positives));
  }

  /** {@link #averagePrecision(double[], int[])} for float scores. */
  public static double averagePrecision(float[] scores, int[] labels) {
    return averagePrecision(Inputs.widen(scores), labels);
  }

  private static double averagePrecision(RankedScores ranked) {
    // Sum of dp * precision, divided once by P at the end: recall steps by dp / P.
    double sum = 0.0;
    long tp = 0;
    long fp = 0;
    RankedScores.Cursor group = ranked.descending();
    while (group.next()) {
      tp += group.positives();
      fp += group.negatives();
      if (group.positives() > 0) {
        sum += group.positives() * ((double) tp / (tp + fp));
      }
    }
    return sum / ranked.positiveCount();
  }

  // --------------------------------------------------------------------------------- log loss

  /**
   * Mean binary cross-entropy, {@code -mean(y ln p + (1 - y) ln(1 - p))}, natural log, with every
   * probability first clipped to {@code [1e-15, 1 - 1e-15]} as scikit-learn's {@code log_loss} did
   * with its long-standing default {@code eps=1e-15} (recent releases default to the machine
   * epsilon of the input dtype instead). Unlike scikit-learn, data with a single class is accepted:
   * the loss is well defined.
   *
   * @param probabilities predicted probability of label 1 per row, each in [0, 1]
   * @return the loss, >= 0
   * @throws IllegalArgumentException on invalid input, or a probability outside [0, 1]
   */
  public static double logLoss(double[] probabilities, int[] labels) {
    Inputs.checkBinary(probabilities, labels, "probabilities");
    double sum = 0.0;
    for (int i = 0; i < probabilities.length; i++) {
      sum += rowLoss(probabilities[i], labels[i], i);
    }
    return sum / probabilities.length;
  }

  /** {@link #logLoss(double[], int[])} for float probabilities (computed in double). */
  public static double logLoss(float[] probabilities, int[] labels) {
    return logLoss(Inputs.widen(probabilities), labels);
  }

  private static double rowLoss(double p, int label, int index) {
    if (p < 0.0 || p > 1.0) {
      throw new IllegalArgumentException(
          "probabilities["
              + index
              + "] = "
              + p
              + " is outside [0, 1]; log loss needs probabilities (apply a sigmoid to logits)");
    }
    double clipped = Math.min(Math.max(p, LOG_LOSS_EPS), 1.0 - LOG_LOSS_EPS);
    return label == 1 ? -Math.log(clipped) : -Math.log(1.0 - clipped);
  }

  // ------------------------------------------------------------------------ fixed threshold

  /**
   * Confusion counts when rows with {@code score >= threshold} are predicted positive. See {@link
   * Confusion} for how precision and recall are defined when their denominator is zero.
   *
   * @param threshold any non-NaN value; {@code -Infinity} predicts every row positive, {@code
   *     +Infinity} only rows scored +Infinity (which validation rejects), so none
   */
  public static Confusion confusionAt(double[] scores, int[] labels, double threshold) {
    Inputs.checkBinary(scores, labels, "scores");
    requireThreshold(threshold);
    long tp = 0;
    long fp = 0;
    long positives = 0;
    for (int i = 0; i < scores.length; i++) {
      boolean predicted = scores[i] >= threshold;
      positives += labels[i];
      if (predicted) {
        tp += labels[i];
        fp += 1 - labels[i];
      }
    }
    return new Confusion(tp, fp, scores.length - positives - fp, positives - tp);
  }

  /** {@link #confusionAt(double[], int[], double)} for float scores, compared in double. */
  public static Confusion confusionAt(float[] scores, int[] labels, double threshold) {
    return confusionAt(Inputs.widen(scores), labels, threshold);
  }

  private static void requireThreshold(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold is NaN; it must be a number");
    }
  }

  // ------------------------------------------------------------------ threshold for precision

  /**
   * The lowest threshold that reaches a target precision, i.e. the one with the most recall.
   *
   * <p>Candidate thresholds are the distinct score values; at threshold t rows with {@code score >=
   * t} are predicted positive, so every candidate predicts at least one row. The answer is the
   * smallest candidate whose precision is {@code >= targetPrecision} (precision need not be
   * monotone in the threshold, so this is a full scan, not a search that stops at the first
   * failure). If no candidate reaches the target, the answer is the candidate of maximum precision,
   * the lowest one if several share it, with {@code reached = false}.
   *
   * @param targetPrecision in [0, 1]
   * @throws IllegalArgumentException on invalid input, a target outside [0, 1], or no label of 1
   */
  public static ThresholdChoice thresholdForPrecision(
      double[] scores, int[] labels, double targetPrecision) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    checkTargetPrecision(targetPrecision);
    Inputs.requirePositives("threshold for precision", positives, labels.length);
    return thresholdForPrecision(RankedScores.of(scores, labels, positives), targetPrecision);
  }

  /** {@link #thresholdForPrecision(double[], int[], double)} for float scores. */
  public static ThresholdChoice thresholdForPrecision(
      float[] scores, int[] labels, double targetPrecision) {
    return thresholdForPrecision(Inputs.widen(scores), labels, targetPrecision);
  }

  private static void checkTargetPrecision(double target) {
    if (!(target >= 0.0 && target <= 1.0)) {
      throw new IllegalArgumentException("targetPrecision = " + target + " must be in [0, 1]");
    }
  }

  private static ThresholdChoice thresholdForPrecision(RankedScores ranked, double target) {
    long tp = 0;
    long fp = 0;
    // The lowest threshold reaching the target so far, and the lowest of maximum precision so far.
    double reachedThreshold = Double.NaN;
    long reachedTp = 0;
    long reachedFp = 0;
    double bestThreshold = Double.NaN;
    double bestPrecision = -1.0;
    long bestTp = 0;
    long bestFp = 0;
    RankedScores.Cursor group = ranked.descending();
    while (group.next()) {
      tp += group.positives();
      fp += group.negatives();
      double precision = (double) tp / (tp + fp);
      if (precision >= target) {
        reachedThreshold = group.threshold();
        reachedTp = tp;
        reachedFp = fp;
      }
      if (precision >= bestPrecision) {
        bestThreshold = group.threshold();
        bestPrecision = precision;
        bestTp = tp;
        bestFp = fp;
      }
    }
    boolean reached = !Double.isNaN(reachedThreshold);
    double threshold = reached ? reachedThreshold : bestThreshold;
    long chosenTp = reached ? reachedTp : bestTp;
    long chosenFp = reached ? reachedFp : bestFp;
    return new ThresholdChoice(
        threshold,
        (double) chosenTp / (chosenTp + chosenFp),
        (double) chosenTp / ranked.positiveCount(),
        chosenTp + chosenFp,
        reached);
  }

  // ----------------------------------------------------------------------------------- curves

  /**
   * The ROC curve with one point per distinct score, as scikit-learn's {@code roc_curve} with
   * {@code drop_intermediate=False}; see {@link RocCurve} for the layout.
   *
   * @throws IllegalArgumentException on invalid input or when all labels are of one class
   */
  public static RocCurve rocCurve(double[] scores, int[] labels) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    Inputs.requireBothClasses("ROC curve", positives, labels.length);
    return RankedScores.of(scores, labels, positives).rocCurve();
  }

  /** {@link #rocCurve(double[], int[])} for float scores. */
  public static RocCurve rocCurve(float[] scores, int[] labels) {
    return rocCurve(Inputs.widen(scores), labels);
  }

  /**
   * The precision-recall curve with one point per distinct score, in scikit-learn's layout; see
   * {@link PrecisionRecallCurve}.
   *
   * @throws IllegalArgumentException on invalid input or when no label is 1
   */
  public static PrecisionRecallCurve precisionRecallCurve(double[] scores, int[] labels) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    Inputs.requirePositives("precision-recall curve", positives, labels.length);
    return RankedScores.of(scores, labels, positives).precisionRecallCurve();
  }

  /** {@link #precisionRecallCurve(double[], int[])} for float scores. */
  public static PrecisionRecallCurve precisionRecallCurve(float[] scores, int[] labels) {
    return precisionRecallCurve(Inputs.widen(scores), labels);
  }

  /**
   * The cumulative gain curve; see {@link GainCurve}.
   *
   * @throws IllegalArgumentException on invalid input or when no label is 1
   */
  public static GainCurve cumulativeGain(double[] scores, int[] labels) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    Inputs.requirePositives("cumulative gain", positives, labels.length);
    return RankedScores.of(scores, labels, positives).cumulativeGain();
  }

  /** {@link #cumulativeGain(double[], int[])} for float scores. */
  public static GainCurve cumulativeGain(float[] scores, int[] labels) {
    return cumulativeGain(Inputs.widen(scores), labels);
  }

  /**
   * The share of all positives found in the top {@code fraction} of rows by score: the {@link
   * GainCurve} read at {@code fraction}.
   *
   * <p>The top fraction covers {@code fraction * n} rows. When that cut falls inside a group of
   * tied scores, the group contributes positives in proportion to the part of it that is taken (the
   * expected count under a random order of the ties), so the answer never depends on row order. A
   * cut within a few units in the last place of a whole number of rows is taken as that whole
   * number, so "the top 28% of 25 rows" is exactly 7 rows although {@code 0.28 * 25} is {@code
   * 7.000000000000001} in double.
   *
   * @param fraction in (0, 1]
   * @throws IllegalArgumentException on invalid input, a fraction outside (0, 1], or no label of 1
   */
  public static double cumulativeGainAt(double[] scores, int[] labels, double fraction) {
    long positives = Inputs.checkBinary(scores, labels, "scores");
    Inputs.checkFraction("fraction", fraction);
    Inputs.requirePositives("cumulative gain", positives, labels.length);
    return RankedScores.of(scores, labels, positives).gainAt(fraction);
  }

  /** {@link #cumulativeGainAt(double[], int[], double)} for float scores. */
  public static double cumulativeGainAt(float[] scores, int[] labels, double fraction) {
    return cumulativeGainAt(Inputs.widen(scores), labels, fraction);
  }

  /**
   * Lift in the top {@code fraction} of rows: the positive rate among them divided by the positive
   * rate of all rows, which equals {@code cumulativeGainAt(fraction) / fraction}. Ties at the cut
   * are shared as described in {@link #cumulativeGainAt(double[], int[], double)}. 1.0 is random
   * targeting; the maximum is {@code min(1 / fraction, n / positives)}.
   *
   * @param fraction in (0, 1]
   * @throws IllegalArgumentException on invalid input, a fraction outside (0, 1], or no label of 1
   */
  public static double liftAt(double[] scores, int[] labels, double fraction) {
    return cumulativeGainAt(scores, labels, fraction) / fraction;
  }

  /** {@link #liftAt(double[], int[], double)} for float scores. */
  public static double liftAt(float[] scores, int[] labels, double fraction) {
    return liftAt(Inputs.widen(scores), labels, fraction);
  }
}
