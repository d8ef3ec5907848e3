package io.deepscore.bench;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldAnalyzer;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.features.VocabularyBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Raw user rows shaped like the data of {@code io.deepscore.spark.generate} (docs/data.md), without
 * Spark: device names with the same kinds of noise, a model code, 5-200 distinct app packages drawn
 * Zipf(1.05) from 50,000 names, 0-80 campaign ids drawn Zipf(1.0) from 5,000. Only the shape
 * matters here (string lengths, list sizes, token frequencies), not the label.
 *
 * <p>Deterministic for a seed. The catalogues are fixed (independent of the seed). Not thread-safe.
 */
final class SyntheticUsers {

  /** Classpath resource of the repository's {@code specs/generated.json} (copied at build). */
  static final String SPEC_RESOURCE = "/specs/generated.json";

  static final int APPS = 50_000;
  static final int CAMPAIGNS = 5_000;
  static final int CAR_CAMPAIGNS_FROM = 4_700;

  private static final String[] BRANDS = {
    "Apple",
    "Samsung",
    "Xiaomi",
    "Redmi",
    "POCO",
    "HUAWEI",
    "HONOR",
    "OPPO",
    "vivo",
    "iQOO",
    "OnePlus",
    "realme",
    "Google",
    "motorola",
    "MEIZU",
    "TECNO",
    "Infinix"
  };
  private static final String[][] SERIES = {
    {"iPhone"},
    {"Galaxy S", "Galaxy A", "Galaxy Z Fold", "Galaxy Note"},
    {"Mi", "Civi"},
    {"Redmi Note", "Redmi K"},
    {"POCO X", "POCO F"},
    {"Mate", "P", "nova"},
    {"Magic", "X"},
    {"Reno", "Find X", "A"},
    {"X", "S", "Y"},
    {"Neo", "Z"},
    {"Nord", ""},
    {"GT", "C"},
    {"Pixel"},
    {"moto g", "edge"},
    {"MEIZU"},
    {"CAMON", "SPARK"},
    {"HOT", "NOTE"}
  };
  private static final String[] SUFFIXES = {"", "", "", "Pro", "Pro+", "Pro Max", "Ultra", "5G"};
  private static final String[] VENDOR_SYLLABLES = {
    "blue", "net", "sun", "star", "fox", "king", "soft", "tech", "lab", "cloud", "byte", "zen",
    "nova", "mega", "uni", "smart", "go", "fun", "pix", "max"
  };
  private static final String[] WORDS = {
    "car", "price", "loan", "bank", "map", "nav", "shop", "mall", "game", "puzzle", "chat", "video",
    "news", "tool", "clean", "travel", "hotel", "learn", "english", "health", "fit", "food", "cook",
    "photo", "music", "radio", "weather", "wallet", "stock", "fund", "ride", "taxi", "book", "read",
    "sport", "ball", "race", "mail", "note", "calc"
  };

  private final SplittableRandom rng;
  private final String[] deviceNames;
  private final String[][] deviceCodes;
  private final Zipf devices;
  private final String[] apps;
  private final Zipf appRanks;
  private final String[] campaigns;
  private final Zipf otherCampaigns;
  private final Zipf carCampaigns;
  private final boolean noisyNames;
  private final Set<String> seen = new HashSet<>();

  /**
   * @param seed seeds the rows (not the catalogues)
   * @param noisyNames true: device names get the generator's noise (case, spaces, full-width);
   *     false: every name is already in normalized form (lower case ASCII, single spaces)
   */
  SyntheticUsers(long seed, boolean noisyNames) {
    this.rng = new SplittableRandom(seed);
    this.noisyNames = noisyNames;
    SplittableRandom catalog = new SplittableRandom(20_261_101L);
    List<String> names = new ArrayList<>();
    List<String[]> codes = new ArrayList<>();
    Set<String> usedCodes = new HashSet<>();
    for (int b = 0; b < BRANDS.length; b++) {
      for (String series : SERIES[b]) {
        for (int number = 1; number <= 8; number++) {
          String suffix = SUFFIXES[catalog.nextInt(SUFFIXES.length)];
          String name =
              (BRANDS[b] + " " + series + " " + (number * 2 + 6) + " " + suffix)
                  .replaceAll(" +", " ")
                  .trim();
          if (!names.contains(name)) {
            names.add(name);
            String[] c = new String[1 + catalog.nextInt(3)];
            for (int i = 0; i < c.length; i++) {
              String code;
              do {
                code = modelCode(b, catalog);
              } while (!usedCodes.add(code));
              c[i] = code;
            }
            codes.add(c);
          }
        }
      }
    }
    this.deviceNames = names.toArray(new String[0]);
    this.deviceCodes = codes.toArray(new String[0][]);
    this.devices = new Zipf(deviceNames.length, 0.9);

    // 50,000 distinct package names com.<vendor>.<word><variant>, popularity order shuffled.
    int vendors = VENDOR_SYLLABLES.length * VENDOR_SYLLABLES.length; // 400
    this.apps = new String[APPS];
    for (int i = 0; i < APPS; i++) {
      int v = i % vendors;
      int w = (i / vendors) % WORDS.length;
      int variant = i / (vendors * WORDS.length);
      apps[i] =
          "com."
              + VENDOR_SYLLABLES[v / VENDOR_SYLLABLES.length]
              + VENDOR_SYLLABLES[v % VENDOR_SYLLABLES.length]
              + "."
              + WORDS[w]
              + (variant == 0 ? "" : variant == 1 ? "hd" : "v" + variant);
    }
    shuffle(apps, catalog);
    apps[0] = "com.tencent.mm"; // rank 0, as in the generator (replaces one tail name)
    this.appRanks = new Zipf(APPS, 1.05);

    this.campaigns = new String[CAMPAIGNS];
    for (int i = 0; i < CAMPAIGNS; i++) {
      campaigns[i] = String.format(Locale.ROOT, "cmp_%05d", i);
    }
    String[] other = Arrays.copyOf(campaigns, CAR_CAMPAIGNS_FROM);
    shuffle(other, catalog);
    System.arraycopy(other, 0, campaigns, 0, other.length);
    this.otherCampaigns = new Zipf(CAR_CAMPAIGNS_FROM, 1.0);
    this.carCampaigns = new Zipf(CAMPAIGNS - CAR_CAMPAIGNS_FROM, 1.0);
  }

  /** The repository's generated spec. */
  static FeatureSpec spec() {
    try (InputStream in = SyntheticUsers.class.getResourceAsStream(SPEC_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            SPEC_RESOURCE + " is not on the classpath: rebuild deepscore-bench");
      }
      return FeatureSpec.read(in, SPEC_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of distinct devices in the catalogue. */
  int deviceCount() {
    return deviceNames.length;
  }

  /**
   * The next row as raw values in {@code spec}'s field order: strings for single fields, {@code
   * List<String>} for multi fields (as a Spark {@code Row.getList} would give).
   */
  Object[] nextRow(FeatureSpec spec) {
    Map<String, Object> byColumn = nextUser();
    Object[] row = new Object[spec.fieldCount()];
    for (int f = 0; f < row.length; f++) {
      FieldSpec fs = spec.field(f);
      if (!byColumn.containsKey(fs.column())) {
        throw new IllegalArgumentException(
            "spec field '"
                + fs.name()
                + "' reads column '"
                + fs.column()
                + "' which the "
                + "synthetic rows do not have (columns: "
                + byColumn.keySet()
                + ")");
      }
      row[f] = byColumn.get(fs.column());
    }
    return row;
  }

  /** {@code n} rows, see {@link #nextRow}. */
  Object[][] rows(FeatureSpec spec, int n) {
    Object[][] rows = new Object[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = nextRow(spec);
    }
    return rows;
  }

  /** A device name as the generator writes it (noisy or already normalized). */
  String nextDeviceName() {
    int d = devices.sample(rng);
    return noisyNames ? noisy(deviceNames[d]) : clean(deviceNames[d]);
  }

  /** A device name with at least one kind of noise (for the normalization benchmark). */
  String nextAlwaysNoisyDeviceName() {
    String name = deviceNames[devices.sample(rng)];
    switch (rng.nextInt(5)) {
      case 0:
        return name.toUpperCase(Locale.ROOT);
      case 1:
        return "  " + name.replace(" ", "  ");
      case 2:
        return name + " \t";
      case 3:
        return fullWidth(name);
      default:
        return randomCase(name);
    }
  }

  /** The normalized form of a catalogue name: what {@code nfkc, lowercase, trim, collapse} give. */
  static String clean(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private Map<String, Object> nextUser() {
    int d = devices.sample(rng);
    String name = noisyNames ? noisy(deviceNames[d]) : clean(deviceNames[d]);
    String[] codes = deviceCodes[d];
    String model = rng.nextInt(100) == 0 ? null : codes[rng.nextInt(codes.length)];

    int appCount = clip((int) Math.round(28 * Math.exp(0.6 * gaussian())), 5, 200);
    List<String> userApps = new ArrayList<>(appCount);
    seen.clear();
    while (userApps.size() < appCount) {
      String a = apps[appRanks.sample(rng)];
      if (seen.add(a)) {
        userApps.add(a);
      }
    }

    List<String> events = new ArrayList<>();
    seen.clear();
    if (rng.nextDouble() >= 0.4) {
      int n = clip((int) Math.round(6 * Math.exp(0.9 * gaussian())), 1, 80);
      while (events.size() < n) {
        String c = campaigns[otherCampaigns.sample(rng)];
        if (seen.add(c)) {
          events.add(c);
        }
      }
    }
    if (rng.nextDouble() < 0.35) {
      int n = 1 + rng.nextInt(4);
      for (int i = 0; i < n; i++) {
        String c = campaigns[CAR_CAMPAIGNS_FROM + carCampaigns.sample(rng)];
        if (seen.add(c)) {
          events.add(c);
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("device_name", name);
    m.put("device_model", model);
    m.put("app_packages", userApps);
    m.put("ad_events", events);
    return m;
  }

  /** The generator's device name noise (docs/data.md), each kind independently. */
  private String noisy(String name) {
    String s = name;
    if (rng.nextDouble() < 0.15 && s.indexOf(' ') > 0) {
      s = s.substring(s.indexOf(' ') + 1); // brand dropped
    }
    double c = rng.nextDouble();
    if (c < 0.12) {
      s = s.toLowerCase(Locale.ROOT);
    } else if (c < 0.18) {
      s = s.toUpperCase(Locale.ROOT);
    } else if (c < 0.24) {
      s = randomCase(s);
    }
    if (rng.nextDouble() < 0.08) {
      s = s.replaceFirst(" ", "  ");
    }
    if (rng.nextDouble() < 0.04) {
      s = " " + s;
    }
    if (rng.nextDouble() < 0.04) {
      s = s + " ";
    }
    if (rng.nextDouble() < 0.02) {
      s = fullWidth(s);
    }
    return s;
  }

  private String randomCase(String s) {
    char[] cs = s.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      cs[i] = rng.nextBoolean() ? Character.toUpperCase(cs[i]) : Character.toLowerCase(cs[i]);
    }
    return new String(cs);
  }

  private static String fullWidth(String s) {
    char[] cs = s.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] >= '!' && cs[i] <= '~') {
        cs[i] = (char) (cs[i] - '!' + 0xFF01);
      }
    }
    return new String(cs);
  }

  private static String modelCode(int brand, SplittableRandom r) {
    switch (brand) {
      case 0:
        return "A" + (2000 + r.nextInt(1000));
      case 1:
        return "SM-" + (char) ('A' + r.nextInt(26)) + (100 + r.nextInt(900)) + "B";
      default:
        return String.valueOf(2_000_000_00L + r.nextInt(99_999_999)) + (char) ('A' + r.nextInt(3));
    }
  }

  private double gaussian() {
    // Box-Muller (SplittableRandom has no nextGaussian on Java 17)
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static int clip(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static void shuffle(String[] a, SplittableRandom r) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * One vocabulary per field of {@code spec}, counted with {@link VocabularyBuilder} over {@code
   * rows} fresh rows of this distribution through the same {@link FieldAnalyzer} path as scoring.
   */
  static Map<String, Vocabulary> vocabularies(FeatureSpec spec, long seed, int rows) {
    SyntheticUsers users = new SyntheticUsers(seed, true);
    int n = spec.fieldCount();
    FieldAnalyzer[] analyzers = new FieldAnalyzer[n];
    VocabularyBuilder[] builders = new VocabularyBuilder[n];
    for (int f = 0; f < n; f++) {
      analyzers[f] = FieldAnalyzer.of(spec.field(f));
      builders[f] = new VocabularyBuilder();
    }
    for (int r = 0; r < rows; r++) {
      Object[] row = users.nextRow(spec);
      for (int f = 0; f < n; f++) {
        VocabularyBuilder b = builders[f];
        analyzers[f].analyze(row[f], b::add);
      }
    }
    Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
    for (int f = 0; f < n; f++) {
      vocabularies.put(spec.field(f).name(), builders[f].build(spec.field(f)));
    }
    return vocabularies;
  }

  /** Zipf over ranks {@code [0, n)} by inverse CDF on a cumulative table (binary search). */
  static final class Zipf {
    private final double[] cdf;

    Zipf(int n, double exponent) {
      cdf = new double[n];
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += 1.0 / Math.pow(k + 1, exponent);
        cdf[k] = sum;
      }
      for (int k = 0; k < n; k++) {
        cdf[k] /= sum;
      }
      cdf[n - 1] = 1.0;
    }

    int sample(SplittableRandom r) {
      int i = Arrays.binarySearch(cdf, r.nextDouble());
      return i >= 0 ? i : -i - 1;
    }
  }
}
