package io.deepscore.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. Notation in the comments: groups of rows by distinct score, highest first;
 * tp / fp are cumulative counts of positives / negatives scored at or above the group's score.
 */
class BinaryMetricsTest {

  private static final double EXACT = 1e-15;

  // scikit-learn's documentation example for roc_auc_score / average_precision_score.
  private static final double[] DOC_SCORES = {0.1, 0.4, 0.35, 0.8};
  private static final int[] DOC_LABELS = {0, 0, 1, 1};

  // Eight rows, scores strictly decreasing, four positives.
  private static final double[] EIGHT_SCORES = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2};
  private static final int[] EIGHT_LABELS = {1, 1, 0, 1, 0, 1, 0, 0};

  @Nested
  class RocAuc {

    @Test
    void scikitLearnDocumentationExample() {
      // Pairs (pos, neg): 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4 -> 3 of 4.
      assertThat(BinaryMetrics.rocAuc(DOC_SCORES, DOC_LABELS)).isEqualTo(0.75);
    }

    @Test
    void allScoresTiedIsOneHalf() {
      // Every (pos, neg) pair is a tie worth 1/2.
      assertThat(BinaryMetrics.rocAuc(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1}))
          .isEqualTo(0.5);
    }

    @Test
    void tieBetweenClassesCountsOneHalf() {
      // Pairs: 0.5 vs 0.1 = 1, 0.5 vs 0.5 = 1/2, 0.9 vs 0.1 = 1, 0.9 vs 0.5 = 1 -> 3.5 / 4.
      assertThat(BinaryMetrics.rocAuc(new double[] {0.1, 0.5, 0.5, 0.9}, new int[] {0, 0, 1, 1}))
          .isEqualTo(0.875);
    }

    @Test
    void tiedGroupWithSeveralOfEachClass() {
      // Positives 0.6, 0.6, 0.2; negatives 0.9, 0.6. Each 0.6 positive: 0 + 1/2; 0.2: 0 + 0.
      // (1/2 + 1/2) / (3 * 2) = 1/6.
      double auc =
          BinaryMetrics.rocAuc(new double[] {0.9, 0.6, 0.6, 0.6, 0.2}, new int[] {0, 1, 1, 0, 1});
      assertThat(auc).isCloseTo(1.0 / 6.0, within(EXACT));
    }

    @Test
    void perfectAndReversedRankings() {
      assertThat(BinaryMetrics.rocAuc(EIGHT_SCORES, new int[] {1, 1, 1, 1, 0, 0, 0, 0}))
          .isEqualTo(1.0);
      assertThat(BinaryMetrics.rocAuc(EIGHT_SCORES, new int[] {0, 0, 0, 0, 1, 1, 1, 1}))
          .isEqualTo(0.0);
    }

    @Test
    void negativeZeroTiesWithPositiveZero() {
      // -0.0 == 0.0 numerically, so the pair is a tie: (1/2 + 1) / 2 with the 1.0 positive.
      assertThat(BinaryMetrics.rocAuc(new double[] {-0.0, 0.0, 1.0}, new int[] {0, 1, 1}))
          .isEqualTo(0.75);
    }

    @Test
    void floatOverloadAgrees() {
      float[] scores = {0.1f, 0.4f, 0.35f, 0.8f};
      assertThat(BinaryMetrics.rocAuc(scores, DOC_LABELS)).isEqualTo(0.75);
    }
  }

  @Nested
  class AveragePrecision {

    @Test
    void scikitLearnDocumentationExample() {
      // 0.8: tp1 fp0, recall +1/2, P=1     -> 0.5
      // 0.4: tp1 fp1, recall +0
      // 0.35: tp2 fp1, recall +1/2, P=2/3  -> 1/3
      // 0.1: tp2 fp2, recall +0            => 5/6 = 0.8333333333
      assertThat(BinaryMetrics.averagePrecision(DOC_SCORES, DOC_LABELS))
          .isCloseTo(0.8333333333333333, within(EXACT));
    }

    @Test
    void stepsAtEveryPositive() {
      // labels by decreasing score 0,1,0,1,1 (P = 3):
      // 0.7: tp1 fp1 P=1/2; 0.5: tp2 fp2 P=2/4; 0.4: tp3 fp2 P=3/5
      // AP = (1/3)(1/2 + 1/2 + 3/5) = 1.6 / 3 = 0.5333...
      double ap =
          BinaryMetrics.averagePrecision(
              new double[] {0.8, 0.7, 0.6, 0.5, 0.4}, new int[] {0, 1, 0, 1, 1});
      assertThat(ap).isCloseTo(1.6 / 3.0, within(EXACT));
    }

    @Test
    void tiedGroupIsOneStepWithPrecisionAtItsEnd() {
      // 0.9: tp0 fp1; 0.6 (two positives, one negative): tp2 fp2, recall +2/3, P=1/2 -> 1/3;
      // 0.2: tp3 fp2, recall +1/3, P=3/5 -> 1/5.  AP = 1/3 + 1/5 = 8/15 = 0.5333...
      double ap =
          BinaryMetrics.averagePrecision(
              new double[] {0.9, 0.6, 0.6, 0.6, 0.2}, new int[] {0, 1, 1, 0, 1});
      assertThat(ap).isCloseTo(8.0 / 15.0, within(EXACT));
    }

    @Test
    void constantScoresGiveTheBaseRate() {
      // One group: recall 0 -> 1 at precision 2/4.
      assertThat(
              BinaryMetrics.averagePrecision(
                  new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1}))
          .isEqualTo(0.5);
    }

    @Test
    void onlyPositivesIsOne() {
      assertThat(BinaryMetrics.averagePrecision(new float[] {0.2f, 0.1f}, new int[] {1, 1}))
          .isEqualTo(1.0);
    }
  }

  @Nested
  class LogLoss {

    @Test
    void meanOfNaturalLogLosses() {
      // -(ln 0.9 + ln(1 - 0.2)) / 2 = (0.105360515657826 + 0.223143551314210) / 2
      double loss = BinaryMetrics.logLoss(new double[] {0.9, 0.2}, new int[] {1, 0});
      assertThat(loss).isCloseTo(0.164252033486018, within(1e-14));
    }

    @Test
    void aCoinFlipCostsLnTwo() {
      double loss = BinaryMetrics.logLoss(new float[] {0.5f, 0.5f, 0.5f}, new int[] {1, 0, 1});
      assertThat(loss).isCloseTo(0.693147180559945, within(1e-14));
    }

    @Test
    void certainAndWrongIsClippedAtOneEMinus15() {
      // p = 0 for a positive is clipped to 1e-15: -ln(1e-15) = 15 ln 10 = 34.538776394910684.
      double loss = BinaryMetrics.logLoss(new double[] {0.0}, new int[] {1});
      assertThat(loss).isCloseTo(34.538776394910684, within(1e-12));
    }

    @Test
    void certainAndRightCostsAlmostNothing() {
      // p = 1 for a positive is clipped to 1 - 1e-15: -ln(1 - 1e-15) ~ 1.1e-15 (1 - 1e-15 in double
      // is 1 - 1.110e-15).
      double loss = BinaryMetrics.logLoss(new double[] {1.0, 0.0}, new int[] {1, 0});
      assertThat(loss).isGreaterThan(0.0).isLessThan(2e-15);
    }
  }

  @Nested
  class ConfusionAt {

    @Test
    void thresholdIsInclusive() {
      // Predicted positive: 0.9(1) 0.8(1) 0.7(0) 0.6(1); below: 0.5(0) 0.4(1) 0.3(0) 0.2(0).
      Confusion c = BinaryMetrics.confusionAt(EIGHT_SCORES, EIGHT_LABELS, 0.6);
      assertThat(c).isEqualTo(new Confusion(3, 1, 3, 1));
      assertThat(c.precision()).isEqualTo(0.75);
      assertThat(c.recall()).isEqualTo(0.75);
      assertThat(c.f1()).isEqualTo(0.75);
      assertThat(c.accuracy()).isEqualTo(0.75);
      assertThat(c.total()).isEqualTo(8);
    }

    @Test
    void betweenScores() {
      // 0.65 drops the 0.6 positive: tp2 fp1 tn3 fn2; P=2/3, R=1/2, F1=2*2/(4+1+2)=4/7.
      Confusion c = BinaryMetrics.confusionAt(EIGHT_SCORES, EIGHT_LABELS, 0.65);
      assertThat(c).isEqualTo(new Confusion(2, 1, 3, 2));
      assertThat(c.precision()).isCloseTo(2.0 / 3.0, within(EXACT));
      assertThat(c.recall()).isEqualTo(0.5);
      assertThat(c.f1()).isCloseTo(4.0 / 7.0, within(EXACT));
    }

    @Test
    void nothingPredictedHasPrecisionOneByDefinition() {
      Confusion c = BinaryMetrics.confusionAt(EIGHT_SCORES, EIGHT_LABELS, 1.0);
      assertThat(c).isEqualTo(new Confusion(0, 0, 4, 4));
      assertThat(c.precision()).isEqualTo(1.0);
      assertThat(c.recall()).isEqualTo(0.0);
      assertThat(c.f1()).isEqualTo(0.0);
    }

    @Test
    void nothingToFindAndNothingPredictedIsPerfect() {
      Confusion c = BinaryMetrics.confusionAt(new float[] {0.1f, 0.2f}, new int[] {0, 0}, 0.5);
      assertThat(c).isEqualTo(new Confusion(0, 0, 2, 0));
      assertThat(c.precision()).isEqualTo(1.0);
      assertThat(c.recall()).isEqualTo(1.0);
      assertThat(c.f1()).isEqualTo(1.0);
    }

    @Test
    void minusInfinityPredictsEveryRow() {
      assertThat(BinaryMetrics.confusionAt(EIGHT_SCORES, EIGHT_LABELS, Double.NEGATIVE_INFINITY))
          .isEqualTo(new Confusion(4, 4, 0, 0));
    }
  }

  @Nested
  class ThresholdForPrecision {

    // EIGHT rows, by threshold:  t    tp fp  precision  recall
    //                           0.9   1  0   1          1/4
    //                           0.8   2  0   1          1/2
    //                           0.7   2  1   2/3        1/2
    //                           0.6   3  1   3/4        3/4
    //                           0.5   3  2   3/5        3/4
    //                           0.4   4  2   2/3        1
    //                           0.3   4  3   4/7        1
    //                           0.2   4  4   1/2        1

    @Test
    void lowestThresholdReachingTheTarget() {
      // 0.75 is reached at 0.9, 0.8 and 0.6; the lowest is 0.6.
      assertThat(BinaryMetrics.thresholdForPrecision(EIGHT_SCORES, EIGHT_LABELS, 0.75))
          .isEqualTo(new ThresholdChoice(0.6, 0.75, 0.75, 4, true));
    }

    @Test
    void precisionIsNotMonotoneSoTheScanDoesNotStopAtTheFirstMiss() {
      // 0.6 is reached at 0.9 .. 0.6 and again at 0.4 (2/3) after failing at 0.5 (3/5).
      ThresholdChoice choice = BinaryMetrics.thresholdForPrecision(EIGHT_SCORES, EIGHT_LABELS, 0.6);
      assertThat(choice.threshold()).isEqualTo(0.4);
      assertThat(choice.precision()).isCloseTo(2.0 / 3.0, within(EXACT));
      assertThat(choice.recall()).isEqualTo(1.0);
      assertThat(choice.positivesPredicted()).isEqualTo(6);
      assertThat(choice.reached()).isTrue();
    }

    @Test
    void targetOfOneAndTargetOfZero() {
      assertThat(BinaryMetrics.thresholdForPrecision(EIGHT_SCORES, EIGHT_LABELS, 1.0))
          .isEqualTo(new ThresholdChoice(0.8, 1.0, 0.5, 2, true));
      assertThat(BinaryMetrics.thresholdForPrecision(EIGHT_SCORES, EIGHT_LABELS, 0.0))
          .isEqualTo(new ThresholdChoice(0.2, 0.5, 1.0, 8, true));
    }

    @Test
    void unreachedTargetReturnsTheLowestThresholdOfMaximumPrecision() {
      // labels by decreasing score 0,1,1,0,1: precisions 0, 1/2, 2/3, 2/4, 3/5. Max 2/3 at 0.7.
      ThresholdChoice choice =
          BinaryMetrics.thresholdForPrecision(
              new float[] {0.9f, 0.8f, 0.7f, 0.6f, 0.5f}, new int[] {0, 1, 1, 0, 1}, 0.9);
      assertThat(choice.threshold()).isEqualTo((double) 0.7f);
      assertThat(choice.precision()).isCloseTo(2.0 / 3.0, within(EXACT));
      assertThat(choice.recall()).isCloseTo(2.0 / 3.0, within(EXACT));
      assertThat(choice.positivesPredicted()).isEqualTo(3);
      assertThat(choice.reached()).isFalse();
    }

    @Test
    void unreachedWithATieForMaximumPrefersMoreRecall() {
      // labels 0,1,0,1: precisions 0, 1/2, 1/3, 1/2 -> max 1/2 at 0.8 and 0.6; the lowest is 0.6.
      ThresholdChoice choice =
          BinaryMetrics.thresholdForPrecision(
              new double[] {0.9, 0.8, 0.7, 0.6}, new int[] {0, 1, 0, 1}, 0.9);
      assertThat(choice).isEqualTo(new ThresholdChoice(0.6, 0.5, 1.0, 4, false));
    }

    @Test
    void tiedScoresAreOneCandidate() {
      // 0.9(1); 0.5 x3 (1,0,0): at 0.9 P=1; at 0.5 P=2/4. Target 0.6 -> 0.9, not a part of the tie.
      assertThat(
              BinaryMetrics.thresholdForPrecision(
                  new double[] {0.9, 0.5, 0.5, 0.5}, new int[] {1, 1, 0, 0}, 0.6))
          .isEqualTo(new ThresholdChoice(0.9, 1.0, 0.5, 1, true));
    }
  }
}
