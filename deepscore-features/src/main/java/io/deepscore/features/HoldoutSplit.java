package io.deepscore.features;

import java.nio.charset.StandardCharsets;

/**
 * Deterministic train / validation / test assignment of a row by a hash of its id, so the same user
 * always lands in the same split on every run, in Java and in Python alike.
 *
 * <p>The hash is 64-bit FNV-1a over the id's UTF-8 bytes; the bucket is {@code (hash >>> 1) %
 * 10_000}. Buckets {@code [0, valid*10_000)} are validation, the next {@code test*10_000} are test,
 * the rest training. Python: {@code h = 0xcbf29ce484222325; for b in id.encode(): h = ((h ^ b) *
 * 0x100000001b3) % 2**64; bucket = (h >> 1) % 10000}.
 */
public final class HoldoutSplit implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Where a row goes. */
  public enum Part {
    TRAIN,
    VALID,
    TEST
  }

  /** The documented defaults: 80% train, 10% validation, 10% test. */
  public static final HoldoutSplit DEFAULT = new HoldoutSplit(0.1, 0.1);

  private static final int BUCKETS = 10_000;
  private final int validBuckets;
  private final int testBuckets;

  /**
   * @param validFraction share of rows for validation, in [0, 1)
   * @param testFraction share of rows for test, in [0, 1); the two sum to less than 1
   */
  public HoldoutSplit(double validFraction, double testFraction) {
    if (!(validFraction >= 0 && testFraction >= 0 && validFraction + testFraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction "
              + validFraction
              + " and test fraction "
              + testFraction
              + " must be >= 0 and sum to less than 1");
    }
    this.validBuckets = (int) Math.round(validFraction * BUCKETS);
    this.testBuckets = (int) Math.round(testFraction * BUCKETS);
  }

  /** The part of the row with this id. */
  public Part of(String id) {
    int bucket = bucket(id);
    if (bucket < validBuckets) {
      return Part.VALID;
    }
    return bucket < validBuckets + testBuckets ? Part.TEST : Part.TRAIN;
  }

  /** The id's bucket in [0, 10000). */
  public static int bucket(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return (int) ((h >>> 1) % BUCKETS);
  }

  public double validFraction() {
    return validBuckets / (double) BUCKETS;
  }

  public double testFraction() {
    return testBuckets / (double) BUCKETS;
  }
}
