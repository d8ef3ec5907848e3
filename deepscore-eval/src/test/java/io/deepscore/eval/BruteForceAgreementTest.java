package io.deepscore.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast metrics against slow, obviously-correct definitions on random data with many ties
 * (scores rounded to 1/1000, so 200K rows share about 1000 distinct values).
 */
class BruteForceAgreementTest {

  private static final int ROWS = 200_000;
  private static final int SUBSET = 2_000;

  private static double[] scores;
  private static int[] labels;

  @BeforeAll
  static void generate() {
    Random random = new Random(20240611L);
    scores = new double[ROWS];
    labels = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      double s = Math.rint(random.nextDouble() * 1000.0) / 1000.0;
      scores[i] = s;
      // A label that depends on the score, so the AUC is far from 1/2 (about 0.7).
      labels[i] = random.nextDouble() < 0.1 + 0.5 * s ? 1 : 0;
    }
  }

  @Test
  void fastAucEqualsAllPairsAucOnTheSubset() {
    double[] s = Arrays.copyOf(scores, SUBSET);
    int[] y = Arrays.copyOf(labels, SUBSET);
    // Twice the number of (positive, negative) pairs ranked right, ties counting one (= 2 x 1/2).
    long twiceWins = 0;
    long positives = 0;
    long negatives = 0;
    for (int i = 0; i < SUBSET; i++) {
      if (y[i] == 1) {
        positives++;
        for (int j = 0; j < SUBSET; j++) {
          if (y[j] == 0) {
            twiceWins += s[i] > s[j] ? 2 : s[i] == s[j] ? 1 : 0;
          }
        }
      } else {
        negatives++;
      }
    }
    double bruteForce = twiceWins / (2.0 * positives * negatives);
    // Same exact integer numerator, same division: equal to the last bit.
    assertThat(BinaryMetrics.rocAuc(s, y)).isEqualTo(bruteForce);
    assertThat(bruteForce).isBetween(0.6, 0.8);
  }

  @Test
  void fastAucEqualsMidrankMannWhitneyOnAllRows() {
    // Rank sum of the positives with midranks over a boxed index sort: independent of the
    // class-split merge the fast version uses.
    Integer[] order = new Integer[ROWS];
    for (int i = 0; i < ROWS; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    long twiceRankSum = 0; // twice the sum of 1-based midranks of the positives
    long positives = 0;
    int start = 0;
    while (start < ROWS) {
      int end = start;
      while (end < ROWS && scores[order[end]] == scores[order[start]]) {
        end++;
      }
      long twiceMidrank = (start + 1) + end; // ranks start+1 .. end
      for (int k = start; k < end; k++) {
        if (labels[order[k]] == 1) {
          twiceRankSum += twiceMidrank;
          positives++;
        }
      }
      start = end;
    }
    long negatives = ROWS - positives;
    long twiceU = twiceRankSum - positives * (positives + 1);
    double expected = twiceU / (2.0 * positives * negatives);

    assertThat(BinaryMetrics.rocAuc(scores, labels)).isEqualTo(expected);
    float[] asFloats = new float[ROWS];
    for (int i = 0; i < ROWS; i++) {
      asFloats[i] = (float) scores[i]; // distinct thousandths stay distinct as floats
    }
    assertThat(BinaryMetrics.rocAuc(asFloats, labels)).isEqualTo(expected);
  }

  @Test
  void averagePrecisionAndThresholdChoiceMatchAThresholdByThresholdScan() {
    double[] s = Arrays.copyOf(scores, SUBSET);
    int[] y = Arrays.copyOf(labels, SUBSET);
    TreeSet<Double> distinct = new TreeSet<>(Comparator.reverseOrder());
    for (double v : s) {
      distinct.add(v);
    }
    long positives = Arrays.stream(y).filter(v -> v == 1).count();
    double ap = 0.0;
    double previousRecall = 0.0;
    double target = 0.62;
    Double lowestReaching = null;
    for (double t : distinct) {
      Confusion c = BinaryMetrics.confusionAt(s, y, t);
      double recall = (double) c.tp() / positives;
      ap += (recall - previousRecall) * c.precision();
      previousRecall = recall;
      if (c.precision() >= target) {
        lowestReaching = t;
      }
    }
    assertThat(BinaryMetrics.averagePrecision(s, y)).isCloseTo(ap, within(1e-12));

    ThresholdChoice choice = BinaryMetrics.thresholdForPrecision(s, y, target);
    assertThat(lowestReaching).isNotNull();
    assertThat(choice.reached()).isTrue();
    assertThat(choice.threshold()).isEqualTo(lowestReaching);
    Confusion atChoice = BinaryMetrics.confusionAt(s, y, choice.threshold());
    assertThat(choice.precision()).isEqualTo(atChoice.precision());
    assertThat(choice.recall()).isEqualTo(atChoice.recall());
    assertThat(choice.positivesPredicted()).isEqualTo(atChoice.tp() + atChoice.fp());
  }

  @Test
  void curvesAgreeWithConfusionAtEachThreshold() {
    double[] s = Arrays.copyOf(scores, SUBSET);
    int[] y = Arrays.copyOf(labels, SUBSET);
    RocCurve roc = BinaryMetrics.rocCurve(s, y);
    PrecisionRecallCurve pr = BinaryMetrics.precisionRecallCurve(s, y);
    GainCurve gain = BinaryMetrics.cumulativeGain(s, y);
    int m = pr.size();
    assertThat(roc.size()).isEqualTo(m + 1);
    assertThat(gain.size()).isEqualTo(m + 1);
    for (int k = 1; k <= m; k++) {
      double t = roc.thresholds()[k];
      Confusion c = BinaryMetrics.confusionAt(s, y, t);
      assertThat(roc.tpr()[k]).isEqualTo((double) c.tp() / (c.tp() + c.fn()));
      assertThat(roc.fpr()[k]).isEqualTo((double) c.fp() / (c.fp() + c.tn()));
      int prIndex = m - k; // increasing layout
      assertThat(pr.thresholds()[prIndex]).isEqualTo(t);
      assertThat(pr.precision()[prIndex]).isEqualTo(c.precision());
      assertThat(pr.recall()[prIndex]).isEqualTo(c.recall());
      assertThat(gain.fraction()[k]).isEqualTo((double) (c.tp() + c.fp()) / SUBSET);
      assertThat(gain.gain()[k]).isEqualTo(c.recall());
    }
  }
}
