package io.deepscore.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CurvesTest {

  private static final double[] DOC_SCORES = {0.1, 0.4, 0.35, 0.8};
  private static final int[] DOC_LABELS = {0, 0, 1, 1};

  @Test
  void rocCurveHasOnePointPerDistinctScoreAfterTheOrigin() {
    // As sklearn's roc_curve(drop_intermediate=False) on its documentation example.
    RocCurve roc = BinaryMetrics.rocCurve(DOC_SCORES, DOC_LABELS);
    assertThat(roc.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1);
    assertThat(roc.fpr()).containsExactly(0.0, 0.0, 0.5, 0.5, 1.0);
    assertThat(roc.tpr()).containsExactly(0.0, 0.5, 0.5, 1.0, 1.0);
    assertThat(roc.size()).isEqualTo(5);
  }

  @Test
  void rocCurveTiedScoresAreOneDiagonalStep() {
    RocCurve roc = BinaryMetrics.rocCurve(new float[] {0.1f, 0.5f, 0.5f, 0.9f}, DOC_LABELS);
    assertThat(roc.thresholds())
        .containsExactly(Double.POSITIVE_INFINITY, (double) 0.9f, (double) 0.5f, (double) 0.1f);
    assertThat(roc.fpr()).containsExactly(0.0, 0.0, 0.5, 1.0);
    assertThat(roc.tpr()).containsExactly(0.0, 0.5, 1.0, 1.0);
  }

  @Test
  void precisionRecallCurveInScikitLearnLayout() {
    // Thresholds increasing: 0.1: tp2 fp2; 0.35: tp2 fp1; 0.4: tp1 fp1; 0.8: tp1 fp0; then (1, 0).
    PrecisionRecallCurve pr = BinaryMetrics.precisionRecallCurve(DOC_SCORES, DOC_LABELS);
    assertThat(pr.thresholds()).containsExactly(0.1, 0.35, 0.4, 0.8);
    assertThat(pr.precision()).containsExactly(0.5, 2.0 / 3.0, 0.5, 1.0, 1.0);
    assertThat(pr.recall()).containsExactly(1.0, 1.0, 0.5, 0.5, 0.0);
    assertThat(pr.size()).isEqualTo(4);
  }

  @Test
  void cumulativeGainWithATiedGroup() {
    // 0.9(0): 1 row, 0 of 2 positives; 0.5 x3 (1,0,0): 4 rows, 1; 0.1(1): 5 rows, 2.
    double[] scores = {0.9, 0.5, 0.5, 0.5, 0.1};
    int[] labels = {0, 1, 0, 0, 1};
    GainCurve gain = BinaryMetrics.cumulativeGain(scores, labels);
    assertThat(gain.fraction()).containsExactly(0.0, 0.2, 0.8, 1.0);
    assertThat(gain.gain()).containsExactly(0.0, 0.0, 0.5, 1.0);

    // Top 40% = 2 rows: the 0.9 negative and one third of the tie's single positive.
    // gain = (1/3) / 2 = 1/6; lift = gain / fraction = (1/6) / 0.4 = 0.41666...
    assertThat(BinaryMetrics.cumulativeGainAt(scores, labels, 0.4))
        .isCloseTo(1.0 / 6.0, within(1e-15));
    assertThat(BinaryMetrics.liftAt(scores, labels, 0.4)).isCloseTo(5.0 / 12.0, within(1e-15));
  }

  @Test
  void liftAtTopFractions() {
    // Ten rows by decreasing score, labels 1,0,1,0,0,0,1,0,0,0: base rate 3/10.
    float[] scores = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.05f};
    int[] labels = {1, 0, 1, 0, 0, 0, 1, 0, 0, 0};
    // Top 1 row: rate 1 -> lift 1 / 0.3 = 3.333...
    assertThat(BinaryMetrics.liftAt(scores, labels, 0.1)).isCloseTo(10.0 / 3.0, within(1e-12));
    // Top 2 rows: rate 1/2 -> lift 0.5 / 0.3 = 1.666...
    assertThat(BinaryMetrics.liftAt(scores, labels, 0.2)).isCloseTo(5.0 / 3.0, within(1e-12));
    // Top 3 rows: rate 2/3 -> lift 2.222...
    assertThat(BinaryMetrics.liftAt(scores, labels, 0.3)).isCloseTo(20.0 / 9.0, within(1e-12));
    // Everything: lift 1.
    assertThat(BinaryMetrics.liftAt(scores, labels, 1.0)).isEqualTo(1.0);
  }

  @Test
  void cutJustPastAWholeRowIsSnappedToIt() {
    // 0.28 * 25 = 7.000000000000001 in double; without snapping, a sliver of row 8 (the only
    // positive) would count. Rows 1-7 are negatives, so the gain must be exactly 0.
    double[] scores = new double[25];
    int[] labels = new int[25];
    for (int i = 0; i < 25; i++) {
      scores[i] = 25 - i;
      labels[i] = i == 7 ? 1 : 0;
    }
    assertThat(0.28 * 25).isGreaterThan(7.0);
    assertThat(BinaryMetrics.cumulativeGainAt(scores, labels, 0.28)).isEqualTo(0.0);
    assertThat(BinaryMetrics.cumulativeGainAt(scores, labels, 0.32)).isEqualTo(1.0);
  }
}
