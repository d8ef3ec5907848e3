package io.deepscore.spark.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Engine-neutral checks of the catalogues, the row synthesizer and the ground truth. */
class UserRowSynthesizerTest {

  @Test
  void catalogueSizesAreRealistic() {
    AppCatalog apps = AppCatalog.get();
    assertThat(apps.size()).isEqualTo(50_000);
    assertThat(apps.categoryOf("com.autohome")).isEqualTo(AppCategory.AUTO);
    assertThat(apps.categoryOf("com.tencent.mm")).isEqualTo(AppCategory.SOCIAL);
    assertThat(apps.categoryOf("not.a.package")).isNull();
    assertThat(apps.mostPopularPackage()).isEqualTo("com.tencent.mm");
    for (AppCategory c : AppCategory.values()) {
      assertThat(apps.packagesIn(c)).hasSize(c.size());
    }
    assertThat(new HashSet<>(apps.packagesIn(AppCategory.AUTO))).hasSize(1_500);

    DeviceCatalog devices = DeviceCatalog.get();
    assertThat(devices.size()).isBetween(300, 600);
    for (int i = 0; i < devices.size(); i++) {
      assertThat(devices.modelCodes(i)).hasSizeBetween(1, 3);
    }
    assertThat(devices.name(0)).isEqualTo("Apple iPhone X");
    assertThat(devices.name(5)).isEqualTo("Apple iPhone 11 Pro");

    assertThat(CampaignCatalog.isCarCampaign("cmp_04711")).isTrue();
    assertThat(CampaignCatalog.isCarCampaign("cmp_04699")).isFalse();
    assertThat(CampaignCatalog.isCarCampaign("cmp_4711")).isFalse();
    assertThat(CampaignCatalog.id(7)).isEqualTo("cmp_00007");
  }

  @Test
  void sameSeedAndIndexGiveTheSameRowWhateverTheOrder() {
    UserRowSynthesizer a = new UserRowSynthesizer(7, 0.1);
    UserRowSynthesizer b = new UserRowSynthesizer(7, 0.1);
    for (long i = 0; i < 200; i++) {
      b.generate(1_000 - i); // different history of scratch buffers
    }
    for (long i = 0; i < 200; i++) {
      SyntheticUser x = a.generate(i);
      SyntheticUser y = b.generate(i);
      assertThat(y.userId()).isEqualTo(x.userId());
      assertThat(y.deviceName()).isEqualTo(x.deviceName());
      assertThat(y.appPackages()).isEqualTo(x.appPackages());
      assertThat(y.adEvents()).isEqualTo(x.adEvents());
      assertThat(y.label()).isEqualTo(x.label());
    }
  }

  @Test
  void goodRowsRespectTheirBoundsAndHaveNoDuplicates() {
    UserRowSynthesizer s = new UserRowSynthesizer(42, 0);
    Set<String> ids = new HashSet<>();
    for (long i = 0; i < 5_000; i++) {
      SyntheticUser u = s.generate(i);
      assertThat(ids.add(u.userId())).isTrue();
      assertThat(u.appPackages()).hasSizeBetween(5, 200).doesNotContainNull();
      assertThat(new HashSet<>(Arrays.asList(u.appPackages()))).hasSize(u.appPackages().length);
      assertThat(u.adEvents()).hasSizeBetween(0, 80).doesNotContainNull();
      assertThat(new HashSet<>(Arrays.asList(u.adEvents()))).hasSize(u.adEvents().length);
      assertThat(u.deviceName()).isNotNull();
      // The recorded indicators are what the row shows.
      boolean auto =
          Arrays.stream(u.appPackages())
              .anyMatch(p -> AppCatalog.get().categoryOf(p) == AppCategory.AUTO);
      boolean car = Arrays.stream(u.adEvents()).anyMatch(CampaignCatalog::isCarCampaign);
      assertThat(auto).isEqualTo(u.auto());
      assertThat(car).isEqualTo(u.carCampaign());
    }
  }

  @Test
  void defectsAreEvenlySpreadAndCountsAreClose() {
    Map<DefectKind, Integer> counts = new EnumMap<>(DefectKind.class);
    int n = 70_000;
    for (long i = 0; i < n; i++) {
      DefectKind k = UserRowSynthesizer.defectOf(42, i, 0.05);
      if (k != null) {
        counts.merge(k, 1, Integer::sum);
      }
    }
    assertThat(counts).hasSize(DefectKind.values().length);
    for (int c : counts.values()) {
      assertThat(c).isBetween(480, 520); // 70,000 * 0.05 / 7 = 500
    }
    assertThat(UserRowSynthesizer.defectOf(42, 3, 0)).isNull();
  }

  @Test
  void groundTruthIsLearnableAndInteractionsMatter() {
    int n = 60_000;
    double[] full = new double[n];
    double[] mainOnly = new double[n];
    int[] labels = new int[n];
    UserRowSynthesizer s = new UserRowSynthesizer(42, 0);
    for (int i = 0; i < n; i++) {
      SyntheticUser u = s.generate(i);
      full[i] = u.cleanLogit();
      boolean p = u.tier() == DeviceTier.PREMIUM;
      mainOnly[i] =
          full[i]
              - (u.auto() && u.finance() ? GroundTruth.AUTO_AND_FINANCE : 0)
              - (p && u.carCampaign() ? GroundTruth.PREMIUM_AND_CAR_CAMPAIGN : 0);
      labels[i] = u.label();
    }
    double rate = Arrays.stream(labels).average().orElse(0);
    assertThat(rate).isBetween(0.02, 0.05);
    double bayes = auc(full, labels);
    double additive = auc(mainOnly, labels);
    assertThat(bayes).isBetween(0.78, 0.90);
    assertThat(bayes - additive).isGreaterThan(0.1);
  }

  @Test
  void trueProbabilityIsTheLabelRateOfUsersLikeThis() {
    // symmetric noise around logit 0: exactly one half; far below 0 it tends to the sigmoid
    assertThat(GroundTruth.marginal(0)).isCloseTo(0.5, within(1e-12));
    assertThat(GroundTruth.marginal(-8) / GroundTruth.sigmoid(-8))
        .isCloseTo(Math.exp(GroundTruth.NOISE_SD * GroundTruth.NOISE_SD / 2), within(1e-3));
    // a Monte Carlo of E[sigmoid(logit + sd * Z)] agrees
    java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
    double mc = 0;
    int draws = 400_000;
    for (int i = 0; i < draws; i++) {
      mc += GroundTruth.sigmoid(-2.2 + GroundTruth.NOISE_SD * rng.nextGaussian());
    }
    assertThat(GroundTruth.marginal(-2.2)).isCloseTo(mc / draws, within(5e-4));

    UserRowSynthesizer s = new UserRowSynthesizer(42, 0.05);
    int n = 60_000;
    double expected = 0;
    int positives = 0;
    for (int i = 0; i < n; i++) {
      SyntheticUser u = s.generate(i);
      assertThat(u.trueProbability()).isEqualTo(GroundTruth.marginal(u.cleanLogit()));
      // the noise pulls the probability towards one half, from either side
      assertThat(Math.abs(u.trueProbability() - 0.5))
          .isLessThanOrEqualTo(Math.abs(GroundTruth.sigmoid(u.cleanLogit()) - 0.5));
      expected += u.trueProbability();
      positives += u.label();
    }
    // calibrated: the expected positives match the drawn ones within 4 standard deviations
    assertThat((double) positives).isCloseTo(expected, within(4 * Math.sqrt(expected)));
  }

  /** Rank AUC with ties counted as half. */
  static double auc(double[] scores, int[] labels) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
    double rankSumPos = 0;
    long pos = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j < order.length && scores[order[j]] == scores[order[i]]) {
        j++;
      }
      double avgRank = (i + 1 + j) / 2.0;
      for (int k = i; k < j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPos += avgRank;
          pos++;
        }
      }
      i = j;
    }
    long neg = scores.length - pos;
    return (rankSumPos - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  @Test
  void fullWidthMapsPrintableAscii() {
    assertThat(UserRowSynthesizer.fullWidth("Mate 60")).isEqualTo("Ｍａｔｅ ６０");
  }
}
