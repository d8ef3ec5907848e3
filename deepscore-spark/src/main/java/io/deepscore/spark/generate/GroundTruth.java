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
 *
 * <p>{@link #probability} is the best any model can know about a user: {@code P(label = 1)} given
 * the clean indicators, i.e. {@code E[sigmoid(logit + NOISE_SD * Z)]} over the noise {@code Z ~
 * N(0, 1)}. The generator writes it as the column {@link #COLUMN}, which no spec reads: ranking by
 * it gives the oracle's ROC AUC, and its log loss is the lowest achievable in expectation.
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

  /** The generated column holding {@link #probability} for every row. */
  public static final String COLUMN = "true_probability";

  /** {@link #marginal} of every indicator combination, indexed by {@link #index}. */
  private static final double[] PROBABILITIES = new double[128];

  static {
    for (int i = 0; i < PROBABILITIES.length; i++) {
      DeviceTier tier = DeviceTier.values()[Math.min(2, (i >> 4) & 3)];
      PROBABILITIES[i] =
          marginal(
              logit((i & 1) != 0, (i & 2) != 0, (i & 4) != 0, (i & 8) != 0, tier, (i & 64) != 0));
    }
  }

  private GroundTruth() {}

  /**
   * The true probability of a positive label for a user with these clean indicators: the logit's
   * sigmoid averaged over its Gaussian noise. A table lookup (the indicators take 96 values).
   */
  public static double probability(
      boolean auto,
      boolean finance,
      boolean maps,
      boolean luxury,
      DeviceTier tier,
      boolean carCampaign) {
    return PROBABILITIES[index(auto, finance, maps, luxury, tier, carCampaign)];
  }

  private static int index(
      boolean auto,
      boolean finance,
      boolean maps,
      boolean luxury,
      DeviceTier tier,
      boolean carCampaign) {
    return (auto ? 1 : 0)
        | (finance ? 2 : 0)
        | (maps ? 4 : 0)
        | (luxury ? 8 : 0)
        | tier.ordinal() << 4
        | (carCampaign ? 64 : 0);
  }

  /**
   * {@code E[sigmoid(logit + NOISE_SD * Z)]}, {@code Z ~ N(0, 1)}, by composite Simpson over {@code
   * Z} in [-10, 10] (2,000 intervals; the error is far below float precision).
   */
  static double marginal(double logit) {
    int n = 2000;
    double lo = -10;
    double h = 20.0 / n;
    double sum = 0;
    for (int k = 0; k <= n; k++) {
      double z = lo + k * h;
      double w = k == 0 || k == n ? 1 : (k % 2 == 1 ? 4 : 2);
      sum += w * sigmoid(logit + NOISE_SD * z) * Math.exp(-0.5 * z * z);
    }
    return sum * h / 3 / Math.sqrt(2 * Math.PI);
  }

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
