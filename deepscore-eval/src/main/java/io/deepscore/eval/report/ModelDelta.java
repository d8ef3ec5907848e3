package io.deepscore.eval.report;

/**
 * How a challenger compares with the report's reference model (the first one): relative changes in
 * percent, {@code 100 * (challenger / reference - 1)}, as the brief states "+6.5% AUC".
 *
 * @param reference the reference model's name
 * @param challenger the challenger's name
 * @param rocAucPercent relative change of ROC AUC, %
 * @param averagePrecisionPercent relative change of average precision, %
 * @param recallAtTargetPercent relative change of recall at the target precision, % (NaN when the
 *     reference's recall is 0)
 * @param rocAucDifference absolute difference of ROC AUC (challenger - reference)
 * @param recallAtTargetDifference absolute difference of recall at the target precision
 * @param bothReachTarget whether both models reached the target precision on this data (if not, the
 *     recalls compared are those at each model's maximum precision)
 */
public record ModelDelta(
    String reference,
    String challenger,
    double rocAucPercent,
    double averagePrecisionPercent,
    double recallAtTargetPercent,
    double rocAucDifference,
    double recallAtTargetDifference,
    boolean bothReachTarget) {

  static ModelDelta between(ModelMetrics ref, ModelMetrics ch) {
    double refRecall = ref.atTargetPrecision().recall();
    double chRecall = ch.atTargetPrecision().recall();
    return new ModelDelta(
        ref.name(),
        ch.name(),
        relative(ch.rocAuc(), ref.rocAuc()),
        relative(ch.averagePrecision(), ref.averagePrecision()),
        relative(chRecall, refRecall),
        ch.rocAuc() - ref.rocAuc(),
        chRecall - refRecall,
        ref.atTargetPrecision().reached() && ch.atTargetPrecision().reached());
  }

  private static double relative(double value, double reference) {
    return reference == 0 ? Double.NaN : 100.0 * (value / reference - 1.0);
  }
}
