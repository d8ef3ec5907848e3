package io.deepscore.spark.score;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.util.AccumulatorV2;

/**
 * Per-batch forward latency (a log-bucketed histogram, 5% resolution) and the peak resident memory
 * of the executors, gathered from tasks through one accumulator. Used for the summary only: like
 * every accumulator updated in a transformation, a retried or recomputed task adds its batches
 * again, so counts are never derived from it.
 *
 * <p>Not thread-safe (Spark gives each task its own copy and merges on the driver).
 */
public final class ScoringStats extends AccumulatorV2<Long, ScoringStats.Snapshot> {
  private static final long serialVersionUID = 1L;

  private static final double GROWTH = 1.05;
  private static final int BUCKETS = 600; // 1 us * 1.05^600 is far beyond any batch

  private long[] counts = new long[BUCKETS];
  private long batches;
  private long sumNanos;
  private long maxNanos;
  private long peakRssBytes = -1;

  /** What the histogram says, in milliseconds; -1 where nothing was recorded. */
  public record Snapshot(
      long batches, double meanMs, double p50Ms, double p99Ms, double maxMs, long peakRssBytes)
      implements Serializable {}

  /** Records one batch's latency in nanoseconds. */
  @Override
  public void add(Long nanos) {
    long n = Math.max(0, nanos);
    counts[bucket(n)]++;
    batches++;
    sumNanos += n;
    maxNanos = Math.max(maxNanos, n);
  }

  /** Records a peak resident set size; the maximum wins. */
  public void addPeakRss(long bytes) {
    peakRssBytes = Math.max(peakRssBytes, bytes);
  }

  static int bucket(long nanos) {
    double micros = nanos / 1_000.0;
    if (micros <= 1.0) {
      return 0;
    }
    return (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / Math.log(GROWTH)));
  }

  /** The upper bound of a bucket, in milliseconds. */
  static double upperMs(int bucket) {
    return Math.pow(GROWTH, bucket) / 1_000.0;
  }

  /** The {@code q}-quantile (0..1), as the upper bound of its bucket (within 5%), capped at max. */
  static double quantileMs(long[] counts, long total, double q, long maxNanos) {
    if (total == 0) {
      return -1;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int b = 0; b < counts.length; b++) {
      seen += counts[b];
      if (seen >= rank) {
        return Math.min(upperMs(b), maxNanos / 1e6);
      }
    }
    return maxNanos / 1e6;
  }

  @Override
  public boolean isZero() {
    return batches == 0 && peakRssBytes < 0;
  }

  @Override
  public ScoringStats copy() {
    ScoringStats c = new ScoringStats();
    c.counts = counts.clone();
    c.batches = batches;
    c.sumNanos = sumNanos;
    c.maxNanos = maxNanos;
    c.peakRssBytes = peakRssBytes;
    return c;
  }

  @Override
  public void reset() {
    Arrays.fill(counts, 0);
    batches = 0;
    sumNanos = 0;
    maxNanos = 0;
    peakRssBytes = -1;
  }

  @Override
  public void merge(AccumulatorV2<Long, Snapshot> other) {
    ScoringStats o = (ScoringStats) other;
    for (int b = 0; b < BUCKETS; b++) {
      counts[b] += o.counts[b];
    }
    batches += o.batches;
    sumNanos += o.sumNanos;
    maxNanos = Math.max(maxNanos, o.maxNanos);
    peakRssBytes = Math.max(peakRssBytes, o.peakRssBytes);
  }

  @Override
  public Snapshot value() {
    return new Snapshot(
        batches,
        batches == 0 ? -1 : sumNanos / 1e6 / batches,
        quantileMs(counts, batches, 0.50, maxNanos),
        quantileMs(counts, batches, 0.99, maxNanos),
        batches == 0 ? -1 : maxNanos / 1e6,
        peakRssBytes);
  }

  /**
   * This process's peak resident set size ({@code VmHWM} of {@code /proc/self/status}), or -1 where
   * unknown (not Linux).
   */
  public static long peakRssOfThisProcess() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
