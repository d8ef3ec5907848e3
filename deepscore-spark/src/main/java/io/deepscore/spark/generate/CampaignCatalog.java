package io.deepscore.spark.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The {@value #SIZE} ad campaigns {@code cmp_00000 .. cmp_04999}. Car campaigns are exactly the ids
 * {@code cmp_04700 .. cmp_04999} ({@link #isCarCampaign}); the others are drawn by Zipf (exponent
 * 1.0) over a fixed shuffled rank order, car campaigns by Zipf within their own range. Independent
 * of the generator's seed; immutable; one instance per JVM.
 */
public final class CampaignCatalog {

  /** Number of distinct campaign ids. */
  public static final int SIZE = 5_000;

  /** First car campaign number (inclusive): {@code cmp_04700}. */
  public static final int FIRST_CAR_CAMPAIGN = 4_700;

  /** Last car campaign number (inclusive): {@code cmp_04999}. */
  public static final int LAST_CAR_CAMPAIGN = 4_999;

  private static final class Holder {
    static final CampaignCatalog INSTANCE = new CampaignCatalog();
  }

  private final String[] ids = new String[SIZE];
  private final int[] otherByRank;
  private final ZipfSampler otherSampler;
  private final ZipfSampler carSampler;

  /** The catalogue (built once per JVM). */
  public static CampaignCatalog get() {
    return Holder.INSTANCE;
  }

  private CampaignCatalog() {
    for (int i = 0; i < SIZE; i++) {
      ids[i] = id(i);
    }
    List<Integer> others = new ArrayList<>();
    for (int i = 0; i < FIRST_CAR_CAMPAIGN; i++) {
      others.add(i);
    }
    Collections.shuffle(others, new Random(0xCA4A16L));
    otherByRank = others.stream().mapToInt(Integer::intValue).toArray();
    otherSampler = new ZipfSampler(otherByRank.length, 1.0);
    carSampler = new ZipfSampler(LAST_CAR_CAMPAIGN - FIRST_CAR_CAMPAIGN + 1, 1.0);
  }

  /** The id of campaign number {@code n}: {@code "cmp_"} and five digits. */
  public static String id(int n) {
    String digits = Integer.toString(n);
    return "cmp_" + "00000".substring(digits.length()) + digits;
  }

  /** True if {@code campaignId} is one of {@code cmp_04700 .. cmp_04999}. */
  public static boolean isCarCampaign(String campaignId) {
    if (campaignId == null || campaignId.length() != 9 || !campaignId.startsWith("cmp_")) {
      return false;
    }
    try {
      int n = Integer.parseInt(campaignId.substring(4));
      return n >= FIRST_CAR_CAMPAIGN && n <= LAST_CAR_CAMPAIGN;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  String idOf(int n) {
    return ids[n];
  }

  int sampleOther(SplittableRandom rng) {
    return otherByRank[otherSampler.sample(rng)];
  }

  int sampleCar(SplittableRandom rng) {
    return FIRST_CAR_CAMPAIGN + carSampler.sample(rng);
  }
}
