package io.deepscore.spark.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The fixed catalogue of about 460 phones, built combinatorially from brand + series + number +
 * suffix lists, each with a {@link DeviceTier} and one to three model codes in its brand's style
 * ({@code A2651}, {@code SM-S918B}, {@code 22101316C}, {@code ALN-AL00}, {@code V2227A}, ...).
 *
 * <p>Tier rule: each series has a base tier; a {@code Pro/Pro+/Pro Max/Ultra/RS/Art} suffix raises
 * it one step and the oldest number of a series lowers it one step (capped to the tier range). A
 * user's device is chosen by tier first ({@link #TIER_SHARES}) and then by Zipf (exponent 0.9)
 * within the tier. Independent of the generator's seed; immutable; one instance per JVM.
 */
public final class DeviceCatalog {

  /** Probability of each tier among users: budget, mid, premium. */
  public static final double[] TIER_SHARES = {0.45, 0.35, 0.20};

  private static final long CATALOG_SEED = 0xDE71CE5L;

  private enum CodeStyle {
    APPLE,
    SAMSUNG,
    XIAOMI,
    HUAWEI,
    OPPO,
    REALME,
    VIVO,
    GOOGLE,
    MOTOROLA,
    GENERIC
  }

  private record Series(
      String brand,
      String series,
      String[] numbers,
      String[] suffixes,
      DeviceTier tier,
      CodeStyle style,
      boolean brandDroppable) {}

  private static Series s(
      String brand,
      String series,
      String numbers,
      String suffixes,
      DeviceTier tier,
      CodeStyle style,
      boolean brandDroppable) {
    return new Series(
        brand, series, numbers.split(","), suffixes.split(",", -1), tier, style, brandDroppable);
  }

  private static final DeviceTier B = DeviceTier.BUDGET;
  private static final DeviceTier M = DeviceTier.MID;
  private static final DeviceTier P = DeviceTier.PREMIUM;

  // Suffix lists: "" is the plain model; numbers are joined to the series as written.
  private static final List<Series> SERIES =
      List.of(
          s("Apple", "iPhone ", "X,XR,XS,XS Max", "", B, CodeStyle.APPLE, true),
          s(
              "Apple",
              "iPhone ",
              "11,12,13,14,15,16",
              ", Pro, Pro Max, Plus",
              M,
              CodeStyle.APPLE,
              true),
          s("Samsung", "Galaxy S", "21,22,23,24,25", ",+, Ultra, FE", P, CodeStyle.SAMSUNG, true),
          s("Samsung", "Galaxy A", "14,15,24,25,34,35,54,55", ", 5G", B, CodeStyle.SAMSUNG, true),
          s("Samsung", "Galaxy Z Fold", "3,4,5,6", "", P, CodeStyle.SAMSUNG, true),
          s("Samsung", "Galaxy Z Flip", "3,4,5,6", "", P, CodeStyle.SAMSUNG, true),
          s("Samsung", "Galaxy M", "14,34,54", "", B, CodeStyle.SAMSUNG, true),
          s("Samsung", "Galaxy Note", "10,20", ", Ultra", P, CodeStyle.SAMSUNG, true),
          s("Xiaomi", "", "11,12,13,14,15", ", Pro, Ultra,T", P, CodeStyle.XIAOMI, false),
          s(
              "Xiaomi",
              "Redmi Note ",
              "9,10,11,12,13",
              ", Pro, Pro+, 5G,S",
              M,
              CodeStyle.XIAOMI,
              true),
          s("Xiaomi", "Redmi ", "9A,10C,12C,13C,A2", ", 5G", B, CodeStyle.XIAOMI, true),
          s("Xiaomi", "Redmi K", "50,60,70", ", Pro,E", M, CodeStyle.XIAOMI, true),
          s("Xiaomi", "POCO ", "F4,F5,X5,X6,M5", ", Pro, GT", M, CodeStyle.XIAOMI, true),
          s("HUAWEI", "Mate ", "30,40,50,60", ", Pro, Pro+, RS", P, CodeStyle.HUAWEI, true),
          s("HUAWEI", "P", "30,40,50,60", ", Pro, Art", P, CodeStyle.HUAWEI, false),
          s("HUAWEI", "nova ", "7,8,9,10,11,12", ", Pro, SE", M, CodeStyle.HUAWEI, true),
          s("HUAWEI", "Enjoy ", "20,50,60,70", ", Plus,z", B, CodeStyle.HUAWEI, true),
          s("HONOR", "Magic", "4,5,6", ", Pro, Lite", P, CodeStyle.HUAWEI, false),
          s("HONOR", "X", "30,40,50", ",i, GT", B, CodeStyle.HUAWEI, false),
          s("HONOR", "", "70,80,90,100", ", Pro, GT", M, CodeStyle.HUAWEI, false),
          s("HONOR", "Play ", "7T,8T,40", ", Plus", B, CodeStyle.HUAWEI, false),
          s("OPPO", "Find X", "3,5,6,7", ", Pro, Ultra", P, CodeStyle.OPPO, false),
          s("OPPO", "Reno", "7,8,9,10,11", ", Pro, Pro+, SE", M, CodeStyle.OPPO, true),
          s("OPPO", "A", "57,58,78,96,98", ", 5G", B, CodeStyle.OPPO, false),
          s("OPPO", "K", "10,11", ",x", B, CodeStyle.OPPO, false),
          s("vivo", "X", "80,90,100", ", Pro, Pro+,s", P, CodeStyle.VIVO, false),
          s("vivo", "S", "15,16,17,18", ", Pro,e", M, CodeStyle.VIVO, false),
          s("vivo", "Y", "35,36,77,78,100", ",s, 5G", B, CodeStyle.VIVO, false),
          s("vivo", "iQOO ", "10,11,12,Neo7,Neo8,Z7", ", Pro", M, CodeStyle.VIVO, true),
          s("OnePlus", "", "9,10,11,12", ", Pro,R", P, CodeStyle.OPPO, false),
          s("OnePlus", "Nord ", "2,3,CE 3,N30", ", Lite, 5G", M, CodeStyle.OPPO, false),
          s("realme", "GT", " Neo 5, Neo 6, 2, 5", ", Pro, SE", M, CodeStyle.REALME, false),
          s("realme", "", "10,11,12", ", Pro, Pro+", M, CodeStyle.REALME, false),
          s("realme", "C", "35,53,55,67", ",s", B, CodeStyle.REALME, false),
          s("Google", "Pixel ", "6,7,8,9", ", Pro,a", P, CodeStyle.GOOGLE, true),
          s("motorola", "moto g", "14,24,54,84", ", Power, 5G", B, CodeStyle.MOTOROLA, true),
          s("motorola", "edge ", "30,40,50", ", Pro, neo", M, CodeStyle.MOTOROLA, true),
          s("MEIZU", "", "18,20,21", ", Pro, Note", M, CodeStyle.GENERIC, false),
          s("TECNO", "SPARK ", "10,20", ", Pro,C", B, CodeStyle.GENERIC, true),
          s("Infinix", "HOT ", "30,40", ",i, Play", B, CodeStyle.GENERIC, true));

  private static final class Holder {
    static final DeviceCatalog INSTANCE = new DeviceCatalog();
  }

  private final String[] names;
  private final int[] brandPrefixLength;
  private final DeviceTier[] tiers;
  private final String[][] codes;
  private final Map<DeviceTier, int[]> byTierRank = new EnumMap<>(DeviceTier.class);
  private final Map<DeviceTier, ZipfSampler> samplers = new EnumMap<>(DeviceTier.class);

  /** The catalogue (built once per JVM). */
  public static DeviceCatalog get() {
    return Holder.INSTANCE;
  }

  private DeviceCatalog() {
    SplittableRandom rng = new SplittableRandom(CATALOG_SEED);
    List<String> nameList = new ArrayList<>();
    List<Integer> prefixList = new ArrayList<>();
    List<DeviceTier> tierList = new ArrayList<>();
    List<String[]> codeList = new ArrayList<>();
    for (Series series : SERIES) {
      for (int n = 0; n < series.numbers().length; n++) {
        for (String suffix : series.suffixes()) {
          String model = series.series() + series.numbers()[n] + suffix;
          nameList.add(series.brand() + " " + model);
          prefixList.add(series.brandDroppable() ? series.brand().length() + 1 : 0);
          int tier = series.tier().ordinal();
          if (suffix.matches(" (Pro|Pro\\+|Pro Max|Ultra|RS|Art)")) {
            tier++;
          }
          if (n == 0 && series.numbers().length > 2) {
            tier--;
          }
          tierList.add(DeviceTier.values()[Math.max(0, Math.min(2, tier))]);
          int k = 1 + (rng.nextInt(10) < 5 ? 0 : rng.nextInt(10) < 6 ? 1 : 2);
          String[] cs = new String[k];
          for (int i = 0; i < k; i++) {
            cs[i] = code(series, rng);
          }
          codeList.add(cs);
        }
      }
    }
    names = nameList.toArray(new String[0]);
    brandPrefixLength = prefixList.stream().mapToInt(Integer::intValue).toArray();
    tiers = tierList.toArray(new DeviceTier[0]);
    codes = codeList.toArray(new String[0][]);
    for (DeviceTier t : DeviceTier.values()) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        if (tiers[i] == t) {
          members.add(i);
        }
      }
      Collections.shuffle(members, new Random(CATALOG_SEED + t.ordinal()));
      byTierRank.put(t, members.stream().mapToInt(Integer::intValue).toArray());
      samplers.put(t, new ZipfSampler(members.size(), 0.9));
    }
  }

  private static String digits(SplittableRandom rng, int count) {
    StringBuilder sb = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      sb.append((char) ('0' + rng.nextInt(10)));
    }
    return sb.toString();
  }

  private static char upper(SplittableRandom rng) {
    return (char) ('A' + rng.nextInt(26));
  }

  private static String code(Series series, SplittableRandom rng) {
    switch (series.style()) {
      case APPLE:
        return "A" + (2 + rng.nextInt(2)) + digits(rng, 3);
      case SAMSUNG:
        {
          String letter =
              series.series().contains("Fold") || series.series().contains("Flip")
                  ? "F"
                  : series.series().substring(series.series().length() - 1).trim();
          if (!letter.matches("[A-Z]")) {
            letter = "N";
          }
          return "SM-" + letter + digits(rng, 3) + "BUN0EW".charAt(rng.nextInt(6));
        }
      case XIAOMI:
        return (20 + rng.nextInt(5))
            + String.format("%02d", 1 + rng.nextInt(12))
            + digits(rng, 4)
            + "CGI".charAt(rng.nextInt(3));
      case HUAWEI:
        return ""
            + upper(rng)
            + upper(rng)
            + upper(rng)
            + "-"
            + new String[] {"AL00", "AL10", "TL00", "AN00", "TN00", "NX9"}[rng.nextInt(6)];
      case OPPO:
        return rng.nextBoolean()
            ? "CPH" + digits(rng, 4)
            : "PH" + upper(rng) + "1" + digits(rng, 2);
      case REALME:
        return "RMX" + digits(rng, 4);
      case VIVO:
        return "V2" + digits(rng, 3) + (rng.nextBoolean() ? "A" : "");
      case GOOGLE:
        return "G" + upper(rng) + digits(rng, 1) + upper(rng) + upper(rng);
      case MOTOROLA:
        return "XT" + digits(rng, 4) + "-" + (1 + rng.nextInt(5));
      default:
        return series.brand().substring(0, 2).toUpperCase() + "-" + upper(rng) + digits(rng, 3);
    }
  }

  /** Number of devices. */
  public int size() {
    return names.length;
  }

  /** Clean display name of device {@code i}, e.g. {@code "Xiaomi Redmi Note 12 Pro"}. */
  public String name(int i) {
    return names[i];
  }

  /** Length of the droppable {@code "Brand "} prefix of {@link #name}, 0 if never dropped. */
  int brandPrefixLength(int i) {
    return brandPrefixLength[i];
  }

  /** Price tier of device {@code i}. */
  public DeviceTier tier(int i) {
    return tiers[i];
  }

  /** The one to three model codes of device {@code i}. */
  public List<String> modelCodes(int i) {
    return List.of(codes[i]);
  }

  String code(int device, SplittableRandom rng) {
    String[] cs = codes[device];
    return cs.length == 1 ? cs[0] : cs[rng.nextInt(cs.length)];
  }

  /** Draws a device index: tier by {@link #TIER_SHARES}, then Zipf within the tier. */
  int sample(SplittableRandom rng) {
    double u = rng.nextDouble();
    DeviceTier t =
        u < TIER_SHARES[0]
            ? DeviceTier.BUDGET
            : u < TIER_SHARES[0] + TIER_SHARES[1] ? DeviceTier.MID : DeviceTier.PREMIUM;
    return byTierRank.get(t)[samplers.get(t).sample(rng)];
  }
}
