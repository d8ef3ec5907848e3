package io.deepscore.spark.generate;

/**
 * The hidden rule that draws each row's {@code label}; documented in {@code docs/data.md}.
 *
 * <pre>
 * logit = INTERCEPT
 *       + AUTO * a + FINANCE * f + MAPS * m + LUXURY * l
 *       + MID_TIER * [tier = MID] + PREMIUM_TIER * p + CAR_CAMPAIGN * c
 *       + AUTO_AND_FINANCE * (a AND f) + PREMIUM_AND_CAR_CAMPAIGN * (p AND c)
 *       + NOISE_SD * N(0, 1)
 * label ~ Bernoulli(sigmoid(logit))
 * </pre>
 *
 * where {@code a, f, m, l} are 1 if the user's clean {@code app_packages} hold at least one package
 * of category AUTO, FINANCE, MAPS, LUXURY ({@link AppCatalog#categoryOf}), {@code p} is 1 for a
 * {@link DeviceTier#PREMIUM} device and {@code c} is 1 if {@code ad_events} hold at least one car
 * campaign ({@link CampaignCatalog#isCarCampaign}). Main effects are small (finance alone even
 * lowers the odds), the two interactions carry the signal, so a model that learns interactions
 * beats an additive one. The label is drawn from the clean row, before any defect is injected.
 */
public final class GroundTruth {

  public static final double INTERCEPT = -5.0;
  public static final double AUTO = 0.2;
  public static final double FINANCE = -0.4;
  public static final double MAPS = 0.2;
  public static final double LUXURY = 0.3;
  public static final double MID_TIER = 0.1;
  public static final double PREMIUM_TIER = 0.1;
  public static final double CAR_CAMPAIGN = 0.1;
  public static final double AUTO_AND_FINANCE = 2.8;
  public static final double PREMIUM_AND_CAR_CAMPAIGN = 2.8;
  public static final double NOISE_SD = 0.6;

  private GroundTruth() {}

  /** The logit without its Gaussian noise term. */
  public static double logit(
      boolean auto,
      boolean finance,
      boolean maps,
      boolean luxury,
      DeviceTier tier,
      boolean carCampaign) {
    boolean premium = tier == DeviceTier.PREMIUM;
    double z = INTERCEPT;
    z += auto ? AUTO : 0;
    z += finance ? FINANCE : 0;
    z += maps ? MAPS : 0;
    z += luxury ? LUXURY : 0;
    z += tier == DeviceTier.MID ? MID_TIER : 0;
    z += premium ? PREMIUM_TIER : 0;
    z += carCampaign ? CAR_CAMPAIGN : 0;
    z += auto && finance ? AUTO_AND_FINANCE : 0;
    z += premium && carCampaign ? PREMIUM_AND_CAR_CAMPAIGN : 0;
    return z;
  }

  public static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }
}
