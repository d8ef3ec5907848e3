package io.deepscore.spark.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The fixed catalogue of about 50,000 Android package names the generator draws from, each with an
 * {@link AppCategory}: a few hand-picked real names per category plus a generated long tail ({@code
 * com.<vendor>.<word><variant>} from word lists). The catalogue does not depend on the generator's
 * seed: the same package set and popularity order on every run and every executor.
 *
 * <p>Popularity: background (non-signal) packages are drawn by Zipf (exponent {@value
 * #BACKGROUND_EXPONENT}) over a fixed rank order whose head is the real market leaders; signal
 * packages are drawn from their own category by Zipf (exponent {@value #CATEGORY_EXPONENT}) only
 * when the user has that interest (see {@link UserRowSynthesizer}). Immutable and thread-safe; one
 * instance per JVM via {@link #get()}.
 */
public final class AppCatalog {

  static final double BACKGROUND_EXPONENT = 1.05;
  static final double CATEGORY_EXPONENT = 1.0;
  private static final long CATALOG_SEED = 0x5EEDCA7A1061L;

  private static final class Holder {
    static final AppCatalog INSTANCE = new AppCatalog();
  }

  private final String[] packages;
  private final AppCategory[] categories;
  private final Map<String, AppCategory> byName;
  private final int[] backgroundByRank;
  private final ZipfSampler backgroundSampler;
  private final Map<AppCategory, int[]> signalByRank = new EnumMap<>(AppCategory.class);
  private final Map<AppCategory, ZipfSampler> signalSamplers = new EnumMap<>(AppCategory.class);

  /** The catalogue (built once per JVM, in a few tens of milliseconds). */
  public static AppCatalog get() {
    return Holder.INSTANCE;
  }

  private AppCatalog() {
    SplittableRandom rng = new SplittableRandom(CATALOG_SEED);
    Set<String> all = new LinkedHashSet<>();
    Map<AppCategory, List<String>> perCategory = new EnumMap<>(AppCategory.class);
    for (AppCategory c : AppCategory.values()) {
      List<String> names = new ArrayList<>();
      for (String s : AppNames.HAND_PICKED.get(c)) {
        if (all.add(s)) {
          names.add(s);
        }
      }
      String[] words = AppNames.WORDS.get(c);
      while (names.size() < c.size()) {
        String vendor =
            AppNames.VENDOR_HEADS[rng.nextInt(AppNames.VENDOR_HEADS.length)]
                + AppNames.VENDOR_TAILS[rng.nextInt(AppNames.VENDOR_TAILS.length)];
        String variant = AppNames.VARIANTS[rng.nextInt(AppNames.VARIANTS.length)];
        // A vendor keeps its top-level domain: mostly com, some cn/net.
        int tld = Math.floorMod(vendor.hashCode(), 10);
        String name =
            (tld < 8 ? "com." : tld == 8 ? "cn." : "net.")
                + vendor
                + "."
                + words[rng.nextInt(words.length)]
                + (variant.equals(".") ? "" : variant);
        if (all.add(name)) {
          names.add(name);
        }
      }
      perCategory.put(c, names);
    }
    packages = all.toArray(new String[0]);
    categories = new AppCategory[packages.length];
    byName = new HashMap<>(packages.length * 2);
    for (Map.Entry<AppCategory, List<String>> e : perCategory.entrySet()) {
      for (String s : e.getValue()) {
        byName.put(s, e.getKey());
      }
    }
    Map<String, Integer> index = new HashMap<>(packages.length * 2);
    for (int i = 0; i < packages.length; i++) {
      categories[i] = byName.get(packages[i]);
      index.put(packages[i], i);
    }

    // Background rank order: the real leaders, then the other hand-picked names, then the tail.
    List<Integer> head = new ArrayList<>();
    List<Integer> handPicked = new ArrayList<>();
    List<Integer> tail = new ArrayList<>();
    Set<String> top = new LinkedHashSet<>(List.of(AppNames.TOP));
    for (String s : AppNames.TOP) {
      head.add(index.get(s));
    }
    for (AppCategory c : AppCategory.values()) {
      if (c.signal()) {
        continue;
      }
      int hand = AppNames.HAND_PICKED.get(c).length;
      List<String> names = perCategory.get(c);
      for (int i = 0; i < names.size(); i++) {
        if (top.contains(names.get(i))) {
          continue;
        }
        (i < hand ? handPicked : tail).add(index.get(names.get(i)));
      }
    }
    Collections.shuffle(handPicked, new java.util.Random(CATALOG_SEED));
    Collections.shuffle(tail, new java.util.Random(CATALOG_SEED + 1));
    head.addAll(handPicked);
    head.addAll(tail);
    backgroundByRank = head.stream().mapToInt(Integer::intValue).toArray();
    backgroundSampler = new ZipfSampler(backgroundByRank.length, BACKGROUND_EXPONENT);

    for (AppCategory c : AppCategory.values()) {
      if (c.signal()) {
        int[] ranks = perCategory.get(c).stream().mapToInt(index::get).toArray();
        signalByRank.put(c, ranks);
        signalSamplers.put(c, new ZipfSampler(ranks.length, CATEGORY_EXPONENT));
      }
    }
  }

  /** Number of distinct packages. */
  public int size() {
    return packages.length;
  }

  /** Package name of catalogue index {@code i}. */
  public String packageName(int i) {
    return packages[i];
  }

  /** Category of catalogue index {@code i}. */
  public AppCategory category(int i) {
    return categories[i];
  }

  /** Category of a package name, or {@code null} if it is not in the catalogue. */
  public AppCategory categoryOf(String packageName) {
    return byName.get(packageName);
  }

  /** All package names of one category (hand-picked first), as a new list. */
  public List<String> packagesIn(AppCategory category) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < packages.length; i++) {
      if (categories[i] == category) {
        out.add(packages[i]);
      }
    }
    return out;
  }

  /** The background package of popularity rank 0 (the most popular app). */
  public String mostPopularPackage() {
    return packages[backgroundByRank[0]];
  }

  /** Draws a background (non-signal) package index by Zipf popularity. */
  int sampleBackground(SplittableRandom rng) {
    return backgroundByRank[backgroundSampler.sample(rng)];
  }

  /** Draws a package index of signal category {@code c} by Zipf popularity within it. */
  int sampleSignal(AppCategory c, SplittableRandom rng) {
    return signalByRank.get(c)[signalSamplers.get(c).sample(rng)];
  }

  /** Draws a package index uniformly from the whole catalogue (used to fill huge lists). */
  int sampleUniform(SplittableRandom rng) {
    return rng.nextInt(packages.length);
  }
}
