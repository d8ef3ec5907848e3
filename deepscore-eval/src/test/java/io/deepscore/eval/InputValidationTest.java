package io.deepscore.eval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InputValidationTest {

  private static final int[] LABELS = {0, 1, 0};

  @Test
  void lengthsMustMatch() {
    assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2}, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "scores has 2 rows but labels has 3; they must be the same length (one score and one"
                + " label per row)");
  }

  @Test
  void emptyIsRejected() {
    assertThatThrownBy(() -> BinaryMetrics.averagePrecision(new float[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores and labels are empty; a metric needs at least one row");
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> BinaryMetrics.rocAuc((double[]) null, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores is null");
    assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {1, 2, 3}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels is null");
  }

  @Test
  void labelsMustBeZeroOrOneAndTheMessageNamesTheRow() {
    assertThatThrownBy(
            () -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2, 0.3}, new int[] {0, -1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels[1] = -1; labels must be 0 (negative) or 1 (positive)");
    assertThatThrownBy(
            () -> BinaryMetrics.confusionAt(new float[] {0.1f, 0.2f, 0.3f}, new int[] {0, 1, 2}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("labels[2] = 2; labels must be 0 (negative) or 1 (positive)");
  }

  @Test
  void scoresMustBeFiniteAndTheMessageNamesTheRow() {
    assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2, Double.NaN}, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores[2] = NaN is not finite; every score must be a finite number");
    assertThatThrownBy(
            () -> BinaryMetrics.rocCurve(new float[] {Float.NEGATIVE_INFINITY, 0.2f, 0.3f}, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("scores[0] = -Infinity is not finite; every score must be a finite number");
    assertThatThrownBy(
            () -> BinaryMetrics.logLoss(new double[] {0.1, Double.POSITIVE_INFINITY, 0.3}, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "probabilities[1] = Infinity is not finite; every score must be a finite number");
  }

  @Test
  void aucNeedsBothClasses() {
    assertThatThrownBy(() -> BinaryMetrics.rocAuc(new double[] {0.1, 0.2}, new int[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ROC AUC is undefined: all 2 labels are 1 (no negatives); it needs at least one label"
                + " of each class");
    assertThatThrownBy(() -> BinaryMetrics.rocAuc(new float[] {0.1f, 0.2f}, new int[] {0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "ROC AUC is undefined: all 2 labels are 0 (no positives); it needs at least one label"
                + " of 1");
  }

  @Test
  void positiveClassMetricsNeedAPositive() {
    double[] scores = {0.1, 0.2};
    int[] negatives = {0, 0};
    assertThatThrownBy(() -> BinaryMetrics.averagePrecision(scores, negatives))
        .hasMessageStartingWith("average precision is undefined: all 2 labels are 0");
    assertThatThrownBy(() -> BinaryMetrics.precisionRecallCurve(scores, negatives))
        .hasMessageStartingWith("precision-recall curve is undefined");
    assertThatThrownBy(() -> BinaryMetrics.thresholdForPrecision(scores, negatives, 0.5))
        .hasMessageStartingWith("threshold for precision is undefined");
    assertThatThrownBy(() -> BinaryMetrics.liftAt(scores, negatives, 0.5))
        .hasMessageStartingWith("cumulative gain is undefined");
  }

  @Test
  void parametersAreRangeChecked() {
    double[] scores = {0.1, 0.2, 0.3};
    assertThatThrownBy(() -> BinaryMetrics.logLoss(new double[] {0.1, 1.5, 0.3}, LABELS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "probabilities[1] = 1.5 is outside [0, 1]; log loss needs probabilities (apply a"
                + " sigmoid to logits)");
    assertThatThrownBy(() -> BinaryMetrics.thresholdForPrecision(scores, LABELS, 1.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targetPrecision = 1.01 must be in [0, 1]");
    assertThatThrownBy(() -> BinaryMetrics.liftAt(scores, LABELS, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction = 0.0 must be in (0, 1]");
    assertThatThrownBy(() -> BinaryMetrics.cumulativeGainAt(scores, LABELS, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fraction = NaN must be in (0, 1]");
    assertThatThrownBy(() -> BinaryMetrics.confusionAt(scores, LABELS, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold is NaN; it must be a number");
    assertThatThrownBy(() -> new Confusion(1, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("confusion counts must be >= 0, got tp=1 fp=-1 tn=0 fn=0");
  }
}
