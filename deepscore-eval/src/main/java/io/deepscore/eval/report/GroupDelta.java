package io.deepscore.eval.report;

/**
 * A recipe (group of seeds) against the reference recipe: relative differences of the group means
 * in percent, {@code 100 * (challenger / reference - 1)}, each with its seed spread: the standard
 * deviation of that relative difference between one challenger seed and one reference seed, {@code
 * 100 * sqrt(sd_c^2 + (mean_c / mean_r)^2 * sd_r^2) / mean_r} (first-order propagation of both
 * groups' sample standard deviations). A difference well beyond its spread is not luck.
 *
 * @param reference the reference group's name
 * @param challenger the challenger group's name
 * @param rocAucPercent relative difference of mean ROC AUC, %
 * @param rocAucSpread its seed spread, % (0 when both groups have one model)
 * @param averagePrecisionPercent relative difference of mean PR AUC, %
 * @param averagePrecisionSpread its seed spread, %
 * @param recallAtTargetPercent relative difference of mean recall at the target precision, % (NaN
 *     when the reference's is 0)
 * @param recallAtTargetSpread its seed spread, %
 */
public record GroupDelta(
    String reference,
    String challenger,
    double rocAucPercent,
    double rocAucSpread,
    double averagePrecisionPercent,
    double averagePrecisionSpread,
    double recallAtTargetPercent,
    double recallAtTargetSpread) {

  static GroupDelta between(ModelGroup ref, ModelGroup ch) {
    return new GroupDelta(
        ref.name(),
        ch.name(),
        relative(ch.rocAuc(), ref.rocAuc()),
        spread(ch.rocAuc(), ref.rocAuc()),
        relative(ch.averagePrecision(), ref.averagePrecision()),
        spread(ch.averagePrecision(), ref.averagePrecision()),
        relative(ch.recallAtTarget(), ref.recallAtTarget()),
        spread(ch.recallAtTarget(), ref.recallAtTarget()));
  }

  private static double relative(Spread ch, Spread ref) {
    return ref.mean() == 0 ? Double.NaN : 100.0 * (ch.mean() / ref.mean() - 1.0);
  }

  private static double spread(Spread ch, Spread ref) {
    if (ref.mean() == 0) {
      return Double.NaN;
    }
    double ratio = ch.mean() / ref.mean();
    return 100.0 * Math.sqrt(ch.sd() * ch.sd() + ratio * ratio * ref.sd() * ref.sd()) / ref.mean();
  }
}
