package io.deepscore.spark.generate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How well a model that learns tokens one by one can do on the generated data (docs/data.md): the
 * first 80% of {@code users} count each app and campaign; on the other 20% the true logit is
 * computed from the indicators such a model could know (a category app or a car campaign counts
 * only if seen at least {@code k} times), with or without the 64-token truncation of the apps
 * field. Prints one ROC AUC per {@code k}. Not a test: run by {@code bench/token-ceiling.sh}.
 */
final class TokenCeiling {

  private TokenCeiling() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int nTrain = n * 4 / 5;
    UserRowSynthesizer synthesizer = new UserRowSynthesizer(GeneratorConfig.DEFAULT_SEED, 0);
    Map<String, Integer> seen = new HashMap<>();
    SyntheticUser[] users = new SyntheticUser[n];
    for (int i = 0; i < n; i++) {
      users[i] = synthesizer.generate(i);
      if (i < nTrain) {
        for (String p : users[i].appPackages()) {
          seen.merge(p, 1, Integer::sum);
        }
        for (String c : users[i].adEvents()) {
          seen.merge(c, 1, Integer::sum);
        }
      }
    }
    int[] labels = new int[n - nTrain];
    double[] truth = new double[n - nTrain];
    for (int i = nTrain; i < n; i++) {
      labels[i - nTrain] = users[i].label();
      truth[i - nTrain] = users[i].cleanLogit();
    }
    System.out.printf(
        Locale.ROOT,
        "%,d users (%,d to count tokens): oracle ROC AUC %.4f%n",
        n,
        nTrain,
        UserRowSynthesizerTest.auc(truth, labels));
    for (int k : new int[] {1, 10, 30, 100, 300}) {
      double[] all = new double[labels.length];
      double[] truncated = new double[labels.length];
      for (int i = nTrain; i < n; i++) {
        all[i - nTrain] = knownLogit(users[i], seen, k, Integer.MAX_VALUE);
        truncated[i - nTrain] = knownLogit(users[i], seen, k, 64);
      }
      System.out.printf(
          Locale.ROOT,
          "tokens seen >= %3d: ROC AUC %.4f, apps truncated to 64: %.4f%n",
          k,
          UserRowSynthesizerTest.auc(all, labels),
          UserRowSynthesizerTest.auc(truncated, labels));
    }
  }

  /** The true logit of the indicators known from tokens seen at least {@code k} times. */
  private static double knownLogit(SyntheticUser u, Map<String, Integer> seen, int k, int maxApps) {
    String[] apps = u.appPackages().clone();
    if (apps.length > maxApps) {
      // keep_most_frequent, as the spec truncates
      Arrays.sort(
          apps, (x, y) -> Integer.compare(seen.getOrDefault(y, 0), seen.getOrDefault(x, 0)));
      apps = Arrays.copyOf(apps, maxApps);
    }
    boolean[] has = new boolean[AppCategory.values().length];
    for (String p : apps) {
      AppCategory c = AppCatalog.get().categoryOf(p);
      if (c != null && seen.getOrDefault(p, 0) >= k) {
        has[c.ordinal()] = true;
      }
    }
    boolean car = false;
    for (String e : u.adEvents()) {
      car |= CampaignCatalog.isCarCampaign(e) && seen.getOrDefault(e, 0) >= k;
    }
    return GroundTruth.logit(
        has[AppCategory.AUTO.ordinal()],
        has[AppCategory.FINANCE.ordinal()],
        has[AppCategory.MAPS.ordinal()],
        has[AppCategory.LUXURY.ordinal()],
        u.tier(),
        car);
  }
}
