package io.deepscore.spark.generate;

/**
 * One generated row before it becomes a Spark {@code Row}, with the hidden truth kept for tests.
 *
 * @param appPackages null only for the {@link DefectKind#NULL_APP_PACKAGES} defect
 * @param defect the injected defect, or {@code null} for a good row
 * @param cleanLogit the noise-free ground-truth logit of the clean row
 */
record SyntheticUser(
    String userId,
    String deviceName,
    String deviceModel,
    String[] appPackages,
    String[] adEvents,
    int label,
    DefectKind defect,
    double cleanLogit,
    boolean auto,
    boolean finance,
    boolean maps,
    boolean luxury,
    DeviceTier tier,
    boolean carCampaign) {

  /** {@link GroundTruth#probability} of this user's clean indicators. */
  double trueProbability() {
    return GroundTruth.probability(auto, finance, maps, luxury, tier, carCampaign);
  }
}
