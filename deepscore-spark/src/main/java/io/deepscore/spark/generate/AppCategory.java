package io.deepscore.spark.generate;

/**
 * The category of every package in the {@link AppCatalog}. The four categories flagged {@link
 * #signal()} enter the hidden ground truth ({@link GroundTruth}); the others are background.
 */
public enum AppCategory {
  AUTO(true, 1_500),
  FINANCE(true, 2_500),
  MAPS(true, 600),
  LUXURY(true, 1_400),
  SHOPPING(false, 3_500),
  GAMES(false, 12_000),
  SOCIAL(false, 4_000),
  VIDEO(false, 4_000),
  NEWS(false, 3_000),
  TOOLS(false, 9_000),
  TRAVEL(false, 2_500),
  EDUCATION(false, 3_000),
  HEALTH(false, 2_000),
  LIFESTYLE(false, 1_000);

  private final boolean signal;
  private final int size;

  AppCategory(boolean signal, int size) {
    this.signal = signal;
    this.size = size;
  }

  /** True if membership in this category is part of the label's ground truth. */
  public boolean signal() {
    return signal;
  }

  /** Number of distinct packages of this category in the catalogue. */
  public int size() {
    return size;
  }
}
