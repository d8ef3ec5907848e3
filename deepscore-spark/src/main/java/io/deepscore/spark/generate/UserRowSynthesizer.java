package io.deepscore.spark.generate;

import java.util.SplittableRandom;

/**
 * Generates one user from {@code (seed, row index)} alone, so the output is the same for a given
 * seed and user count however the index range is partitioned. Engine-neutral (no Spark).
 *
 * <p>Not thread-safe: it reuses scratch buffers; use one instance per task/partition.
 */
final class UserRowSynthesizer {

  /** Size of the {@link DefectKind#HUGE_APP_PACKAGES} list. */
  static final int HUGE_APP_COUNT = 5_000;

  static final int MIN_APPS = 5;
  static final int MAX_APPS = 200;
  static final int MAX_AD_EVENTS = 80;

  /** Median and log-sd of the log-normal number of apps per user (before clipping). */
  static final double APPS_MEDIAN = 28;

  static final double APPS_SIGMA = 0.6;

  /** Probability that a user has an interest in AUTO, FINANCE, MAPS, LUXURY (independent). */
  static final double P_AUTO = 0.35;

  static final double P_FINANCE = 0.35;
  static final double P_MAPS = 0.30;
  static final double P_LUXURY = 0.15;

  /** Probability of no non-car ad event; otherwise a log-normal count (median 6, sd 0.9). */
  static final double P_NO_OTHER_EVENTS = 0.40;

  /** Probability that a user engaged with at least one car campaign. */
  static final double P_CAR_CAMPAIGN = 0.35;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final String[] WHITESPACE_TOKENS = {"  ", "\t", " ", "\t "};

  private final long seed;
  private final long seedKey;
  private final long defectOffset;
  private final double badRowFraction;
  private final AppCatalog apps = AppCatalog.get();
  private final DeviceCatalog devices = DeviceCatalog.get();
  private final CampaignCatalog campaigns = CampaignCatalog.get();

  // Scratch state reused across rows: a bitset over the app catalogue and one over campaigns.
  private final long[] appSeen;
  private final long[] campaignSeen = new long[(CampaignCatalog.SIZE + 63) / 64];
  private int[] appBuf = new int[MAX_APPS];
  private final int[] campaignBuf = new int[MAX_AD_EVENTS];
  private final StringBuilder sb = new StringBuilder(64);

  UserRowSynthesizer(long seed, double badRowFraction) {
    this.seed = seed;
    this.seedKey = mix64(seed ^ 0x5DEECE66DL);
    this.defectOffset = mix64(seed + GOLDEN);
    this.badRowFraction = badRowFraction;
    this.appSeen = new long[(apps.size() + 63) / 64];
  }

  /** SplitMix64's finaliser: a bijection of 64-bit values with good avalanche. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The defect of row {@code index}, or {@code null}. A Weyl sequence ({@code frac(index * phi +
   * offset(seed))}, in 64-bit fixed point) is equidistributed, so the bad-row count is within a few
   * rows of {@code fraction * users} and the kinds cycle evenly, independently of partitioning.
   */
  static DefectKind defectOf(long seed, long index, double fraction) {
    if (fraction <= 0) {
      return null;
    }
    long w = index * GOLDEN + mix64(seed + GOLDEN);
    double u = (w >>> 11) * 0x1.0p-53;
    if (u >= fraction) {
      return null;
    }
    DefectKind[] kinds = DefectKind.values();
    return kinds[Math.min(kinds.length - 1, (int) (u / fraction * kinds.length))];
  }

  SyntheticUser generate(long index) {
    SplittableRandom rng = new SplittableRandom(mix64(index * GOLDEN ^ seedKey));

    String userId = userId(index);

    int device = devices.sample(rng);
    DeviceTier tier = devices.tier(device);
    String deviceName = renderDeviceName(device, rng);
    String deviceModel = rng.nextInt(100) == 0 ? null : devices.code(device, rng);

    // Apps: log-normal count, interests add signal-category apps, the rest is Zipf background.
    int target =
        (int) Math.round(Math.exp(Math.log(APPS_MEDIAN) + APPS_SIGMA * rng.nextGaussian()));
    target = Math.max(MIN_APPS, Math.min(MAX_APPS, target));
    int count = 0;
    boolean auto = rng.nextDouble() < P_AUTO;
    boolean finance = rng.nextDouble() < P_FINANCE;
    boolean maps = rng.nextDouble() < P_MAPS;
    boolean luxury = rng.nextDouble() < P_LUXURY;
    count = addInterest(AppCategory.AUTO, auto, count, rng);
    count = addInterest(AppCategory.FINANCE, finance, count, rng);
    count = addInterest(AppCategory.MAPS, maps, count, rng);
    count = addInterest(AppCategory.LUXURY, luxury, count, rng);
    while (count < target) {
      int app = apps.sampleBackground(rng);
      if (markApp(app)) {
        appBuf[count++] = app;
      }
    }
    shuffle(appBuf, count, rng);

    // Ad events: many users have none; car campaigns come from a separate engagement draw.
    int other = 0;
    if (rng.nextDouble() >= P_NO_OTHER_EVENTS) {
      other = (int) Math.round(Math.exp(Math.log(6) + 0.9 * rng.nextGaussian()));
      other = Math.max(1, Math.min(MAX_AD_EVENTS, other));
    }
    boolean carCampaign = rng.nextDouble() < P_CAR_CAMPAIGN;
    int cars = carCampaign ? 1 + geometric(rng, 3) : 0;
    other = Math.min(other, MAX_AD_EVENTS - cars);
    int events = 0;
    for (int i = 0; i < cars; i++) {
      int cmp = campaigns.sampleCar(rng);
      if (markCampaign(cmp)) {
        campaignBuf[events++] = cmp;
      }
    }
    while (events < cars + other && events < MAX_AD_EVENTS) {
      int cmp = campaigns.sampleOther(rng);
      if (markCampaign(cmp)) {
        campaignBuf[events++] = cmp;
      }
    }
    shuffle(campaignBuf, events, rng);

    // The label comes from the clean row, before any defect.
    double cleanLogit = GroundTruth.logit(auto, finance, maps, luxury, tier, carCampaign);
    double noisy = cleanLogit + GroundTruth.NOISE_SD * rng.nextGaussian();
    int label = rng.nextDouble() < GroundTruth.sigmoid(noisy) ? 1 : 0;

    String[] appPackages = new String[count];
    for (int i = 0; i < count; i++) {
      appPackages[i] = apps.packageName(appBuf[i]);
    }
    String[] adEvents = new String[events];
    for (int i = 0; i < events; i++) {
      adEvents[i] = campaigns.idOf(campaignBuf[i]);
    }

    DefectKind defect = defectOf(seed, index, badRowFraction);
    if (defect != null) {
      switch (defect) {
        case NULL_APP_PACKAGES -> appPackages = null;
        case EMPTY_APP_PACKAGES -> appPackages = new String[0];
        case HUGE_APP_PACKAGES -> appPackages = huge(count, rng);
        case REPLACEMENT_CHARS -> {
          deviceName = withReplacementChars(deviceName, rng);
          int i = rng.nextInt(appPackages.length);
          appPackages[i] = withReplacementChars(appPackages[i], rng);
        }
        case WHITESPACE_TOKENS -> appPackages = insert(appPackages, 1 + rng.nextInt(3), rng, true);
        case NULL_ELEMENTS -> adEvents = insert(adEvents, 1 + rng.nextInt(2), rng, false);
        case NULL_DEVICE_NAME -> deviceName = null;
      }
    }
    clearMarks(count, events);

    return new SyntheticUser(
        userId,
        deviceName,
        deviceModel,
        appPackages,
        adEvents,
        label,
        defect,
        cleanLogit,
        auto,
        finance,
        maps,
        luxury,
        tier,
        carCampaign);
  }

  private String userId(long index) {
    // A bijection of the index for a fixed seed: unique, stable, and looks like a hashed id.
    long h = mix64(index + seedKey);
    sb.setLength(0);
    sb.append('u');
    for (int shift = 60; shift >= 0; shift -= 4) {
      sb.append(Character.forDigit((int) (h >>> shift) & 0xF, 16));
    }
    return sb.toString();
  }

  private int addInterest(AppCategory category, boolean active, int count, SplittableRandom rng) {
    if (!active) {
      return count;
    }
    int draws = 1 + geometric(rng, 3);
    for (int i = 0; i < draws; i++) {
      int app = apps.sampleSignal(category, rng);
      if (markApp(app)) {
        appBuf[count++] = app;
      }
    }
    return count;
  }

  /** Number of successes before the first failure of a fair coin, capped at {@code max}. */
  private static int geometric(SplittableRandom rng, int max) {
    int k = 0;
    while (k < max && rng.nextBoolean()) {
      k++;
    }
    return k;
  }

  private boolean markApp(int app) {
    long bit = 1L << app;
    if ((appSeen[app >>> 6] & bit) != 0) {
      return false;
    }
    appSeen[app >>> 6] |= bit;
    return true;
  }

  private boolean markCampaign(int cmp) {
    long bit = 1L << cmp;
    if ((campaignSeen[cmp >>> 6] & bit) != 0) {
      return false;
    }
    campaignSeen[cmp >>> 6] |= bit;
    return true;
  }

  private void clearMarks(int appCount, int events) {
    for (int i = 0; i < appCount; i++) {
      appSeen[appBuf[i] >>> 6] = 0;
    }
    for (int i = 0; i < events; i++) {
      campaignSeen[campaignBuf[i] >>> 6] = 0;
    }
  }

  private static void shuffle(int[] a, int n, SplittableRandom rng) {
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * The clean list topped up with uniformly drawn catalogue packages to {@link #HUGE_APP_COUNT}.
   */
  private String[] huge(int count, SplittableRandom rng) {
    if (appBuf.length < HUGE_APP_COUNT) {
      int[] bigger = new int[HUGE_APP_COUNT];
      System.arraycopy(appBuf, 0, bigger, 0, count);
      appBuf = bigger;
    }
    int n = count;
    while (n < HUGE_APP_COUNT) {
      int app = apps.sampleUniform(rng);
      if (markApp(app)) {
        appBuf[n++] = app;
      }
    }
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = apps.packageName(appBuf[i]);
    }
    // Clear the extra marks now; the caller clears the first {@code count}.
    for (int i = count; i < n; i++) {
      appSeen[appBuf[i] >>> 6] = 0;
    }
    return out;
  }

  private static String withReplacementChars(String s, SplittableRandom rng) {
    char[] chars = s.toCharArray();
    int k = 1 + rng.nextInt(Math.min(3, chars.length));
    for (int i = 0; i < k; i++) {
      chars[rng.nextInt(chars.length)] = '\uFFFD';
    }
    return new String(chars);
  }

  /** Inserts {@code k} whitespace-only tokens (or nulls) at random positions. */
  private static String[] insert(String[] a, int k, SplittableRandom rng, boolean whitespace) {
    String[] out = new String[a.length + k];
    int[] positions = new int[k];
    for (int i = 0; i < k; i++) {
      positions[i] = rng.nextInt(out.length);
    }
    boolean[] special = new boolean[out.length];
    for (int p : positions) {
      special[p] = true;
    }
    int src = 0;
    for (int i = 0; i < out.length; i++) {
      if (special[i] || src >= a.length) {
        out[i] = whitespace ? WHITESPACE_TOKENS[rng.nextInt(WHITESPACE_TOKENS.length)] : null;
      } else {
        out[i] = a[src++];
      }
    }
    return out;
  }

  /**
   * The device's name as a phone reports it: sometimes without the brand, in odd case, with stray
   * or doubled spaces, and (2%) in full-width characters.
   */
  private String renderDeviceName(int device, SplittableRandom rng) {
    String name = devices.name(device);
    int prefix = devices.brandPrefixLength(device);
    if (prefix > 0 && rng.nextInt(100) < 15) {
      name = name.substring(prefix);
    }
    int caseRoll = rng.nextInt(100);
    if (caseRoll < 12) {
      name = name.toLowerCase(java.util.Locale.ROOT);
    } else if (caseRoll < 18) {
      name = name.toUpperCase(java.util.Locale.ROOT);
    } else if (caseRoll < 24) {
      name = mixedCase(name, rng);
    }
    if (rng.nextInt(100) < 8) {
      int space = name.indexOf(' ', rng.nextInt(name.length()));
      if (space < 0) {
        space = name.indexOf(' ');
      }
      if (space >= 0) {
        name = name.substring(0, space) + " " + name.substring(space);
      }
    }
    if (rng.nextInt(100) < 4) {
      name = (rng.nextBoolean() ? " " : "  ") + name;
    }
    if (rng.nextInt(100) < 4) {
      name = name + (rng.nextBoolean() ? " " : "  ");
    }
    if (rng.nextInt(100) < 2) {
      name = fullWidth(name);
    }
    return name;
  }

  private String mixedCase(String s, SplittableRandom rng) {
    sb.setLength(0);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(rng.nextInt(4) == 0 ? flipCase(c) : c);
    }
    return sb.toString();
  }

  private static char flipCase(char c) {
    return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
  }

  /** Maps printable ASCII {@code '!'..'~'} to U+FF01..U+FF5E; spaces stay ASCII. */
  static String fullWidth(String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= '!' && chars[i] <= '~') {
        chars[i] = (char) (chars[i] + 0xFEE0);
      }
    }
    return new String(chars);
  }
}
