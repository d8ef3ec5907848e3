package io.deepscore.eval.report;

/**
 * How far a model is from the oracle: the true probability of each row, known for generated data
 * (its hidden ground truth). Gaps are {@code oracle - model}, so 0 means "nothing left to learn".
 *
 * @param model the model's name
 * @param rocAucGap oracle ROC AUC minus the model's
 * @param averagePrecisionGap oracle PR AUC minus the model's
 * @param recallAtTargetGap oracle recall at the target precision minus the model's
 * @param rocAucCaptured the share of the oracle's ROC AUC above chance the model reaches: {@code
 *     (model - 0.5) / (oracle - 0.5)}; NaN when the oracle is at chance
 */
public record OracleGap(
    String model,
    double rocAucGap,
    double averagePrecisionGap,
    double recallAtTargetGap,
    double rocAucCaptured) {

  static OracleGap between(ModelMetrics oracle, ModelMetrics m) {
    double above = oracle.rocAuc() - 0.5;
    return new OracleGap(
        m.name(),
        oracle.rocAuc() - m.rocAuc(),
        oracle.averagePrecision() - m.averagePrecision(),
        oracle.atTargetPrecision().recall() - m.atTargetPrecision().recall(),
        above == 0 ? Double.NaN : (m.rocAuc() - 0.5) / above);
  }
}
