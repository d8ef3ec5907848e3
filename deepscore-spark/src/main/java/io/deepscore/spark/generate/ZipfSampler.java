package io.deepscore.spark.generate;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Samples ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent} by
 * inverse CDF: a precomputed cumulative table and a binary search (O(log n) per draw, no
 * allocation). Immutable and thread-safe.
 */
final class ZipfSampler implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] cumulative;
  private final double total;

  ZipfSampler(int n, double exponent) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be > 0, got " + n);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += Math.pow(i + 1, -exponent);
      cumulative[i] = sum;
    }
    total = sum;
  }

  int size() {
    return cumulative.length;
  }

  /** Probability mass of {@code rank}. */
  double probability(int rank) {
    double prev = rank == 0 ? 0 : cumulative[rank - 1];
    return (cumulative[rank] - prev) / total;
  }

  int sample(SplittableRandom rng) {
    double u = rng.nextDouble() * total;
    int i = Arrays.binarySearch(cumulative, u);
    // binarySearch returns (-(insertion point) - 1) when absent: the first entry > u.
    int rank = i >= 0 ? i + 1 : -i - 1;
    return Math.min(rank, cumulative.length - 1);
  }
}
