package io.deepscore.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How far two runtimes' float32 scores for the same rows are apart: the statistics of the absolute
 * differences {@code |reference[i] - candidate[i]|} that the project brief reports (count, mean,
 * variance, p25, p50, p75, p99, max), plus bit identity and float32 ULP distances.
 *
 * <p>Definitions:
 *
 * <ul>
 *   <li>The difference of a row is computed in double from the exact float values; rows whose
 *       values compare equal ({@code 0.0f} and {@code -0.0f}, or the same infinity) differ by 0. An
 *       infinity against any other value differs by infinity, which then makes the mean infinite
 *       and the variance NaN: scores should be finite.
 *   <li>{@link #variance()} is the population variance (divide by n, numpy's {@code var} default
 *       {@code ddof=0}), computed in two passes around the mean; {@link #stdDev()} is its root.
 *   <li>Percentiles use linear interpolation between order statistics, numpy's default {@code
 *       method="linear"}: for q in [0, 100] and the sorted differences x[0..n-1], let h = (n - 1) *
 *       q / 100, j = floor(h), g = h - j; the percentile is x[j] + g * (x[j + 1] - x[j]) (x[j] when
 *       g = 0).
 *   <li>{@link #identicalCount()} counts rows whose two floats have the same bits.
 *   <li>ULP distance is the number of float32 values one must step through to go from one value to
 *       the other (adjacent floats are 1 apart; {@code 0.0f} and {@code -0.0f} are 0 apart; it is
 *       defined across signs too).
 * </ul>
 *
 * <p>Instances are immutable and thread-safe. They keep the differences (two doubles per row) so
 * that any percentile and the indices of the largest differences can be asked for later.
 */
public final class ParityStatistics {

  private final double[] differences; // by row
  private final double[] sorted; // ascending
  private final double mean;
  private final double variance;
  private final int argMax;
  private final long identicalCount;
  private final long maxUlpDistance;
  private final int argMaxUlp;

  private ParityStatistics(
      double[] differences,
      double mean,
      double variance,
      int argMax,
      long identicalCount,
      long maxUlpDistance,
      int argMaxUlp) {
    this.differences = differences;
    this.sorted = differences.clone();
    Arrays.sort(this.sorted);
    this.mean = mean;
    this.variance = variance;
    this.argMax = argMax;
    this.identicalCount = identicalCount;
    this.maxUlpDistance = maxUlpDistance;
    this.argMaxUlp = argMaxUlp;
  }

  /**
   * Compares two runtimes' scores row by row.
   *
   * @param reference the scores taken as truth (for example PyTorch in Python)
   * @param candidate the scores under test (for example DJL in the JVM), same rows in the same
   *     order
   * @throws IllegalArgumentException if an array is null or empty, the lengths differ, or a value
   *     is NaN (the message names the array and the index)
   */
  public static ParityStatistics of(float[] reference, float[] candidate) {
    if (reference == null || candidate == null) {
      throw new IllegalArgumentException(
          (reference == null ? "reference" : "candidate") + " is null");
    }
    if (reference.length != candidate.length) {
      throw new IllegalArgumentException(
          "reference has "
              + reference.length
              + " rows but candidate has "
              + candidate.length
              + "; parity compares the same rows in the same order");
    }
    if (reference.length == 0) {
      throw new IllegalArgumentException("reference and candidate are empty; nothing to compare");
    }
    int n = reference.length;
    double[] differences = new double[n];
    double sum = 0.0;
    int argMax = 0;
    long identical = 0;
    long maxUlp = -1;
    int argMaxUlp = 0;
    for (int i = 0; i < n; i++) {
      float a = reference[i];
      float b = candidate[i];
      if (Float.isNaN(a) || Float.isNaN(b)) {
        throw new IllegalArgumentException(
            (Float.isNaN(a) ? "reference[" : "candidate[")
                + i
                + "] is NaN; parity statistics need a number in both inputs for every row"
                + " (reference="
                + a
                + ", candidate="
                + b
                + ")");
      }
      double d = a == b ? 0.0 : Math.abs((double) a - (double) b);
      differences[i] = d;
      sum += d;
      if (d > differences[argMax]) {
        argMax = i;
      }
      if (Float.floatToRawIntBits(a) == Float.floatToRawIntBits(b)) {
        identical++;
      }
      long ulps = ulpDistance(a, b);
      if (ulps > maxUlp) {
        maxUlp = ulps;
        argMaxUlp = i;
      }
    }
    double mean = sum / n;
    double squares = 0.0;
    for (double d : differences) {
      double centred = d - mean;
      squares += centred * centred;
    }
    return new ParityStatistics(
        differences, mean, squares / n, argMax, identical, maxUlp, argMaxUlp);
  }

  /**
   * The float32 ULP distance between two floats: how many representable floats lie between them
   * plus one, 0 when they are equal ({@code 0.0f} and {@code -0.0f} included). Works across signs:
   * {@code ulpDistance(Float.MIN_VALUE, -Float.MIN_VALUE)} is 2. Infinity is one step beyond {@code
   * Float.MAX_VALUE}.
   *
   * @throws IllegalArgumentException if either value is NaN
   */
  public static long ulpDistance(float a, float b) {
    if (Float.isNaN(a) || Float.isNaN(b)) {
      throw new IllegalArgumentException(
          "ULP distance of NaN is undefined (a=" + a + ", b=" + b + ")");
    }
    return Math.abs((long) orderedBits(a) - (long) orderedBits(b));
  }

  /** Maps float bits to ints that sort like the floats, -0.0f and 0.0f both to 0. */
  private static int orderedBits(float f) {
    int bits = Float.floatToRawIntBits(f);
    return bits >= 0 ? bits : Integer.MIN_VALUE - bits;
  }

  /** Number of rows compared. */
  public int count() {
    return differences.length;
  }

  /** Mean absolute difference. */
  public double mean() {
    return mean;
  }

  /** Population variance (divide by n) of the absolute differences. */
  public double variance() {
    return variance;
  }

  /** Population standard deviation of the absolute differences, the root of {@link #variance()}. */
  public double stdDev() {
    return Math.sqrt(variance);
  }

  /**
   * The q-th percentile of the absolute differences, by linear interpolation as numpy's default
   * (see the class comment).
   *
   * @param q in [0, 100]
   */
  public double percentile(double q) {
    if (!(q >= 0.0 && q <= 100.0)) {
      throw new IllegalArgumentException("percentile q = " + q + " must be in [0, 100]");
    }
    double h = (sorted.length - 1) * (q / 100.0);
    int j = (int) Math.floor(h);
    double g = h - j;
    if (g == 0.0 || j + 1 >= sorted.length) {
      return sorted[j];
    }
    double lo = sorted[j];
    double hi = sorted[j + 1];
    // numpy's lerp, which interpolates from the nearer end so that g near 1 lands on hi exactly.
    return g >= 0.5 ? hi - (hi - lo) * (1.0 - g) : lo + (hi - lo) * g;
  }

  /** The 25th percentile. */
  public double p25() {
    return percentile(25);
  }

  /** The median. */
  public double p50() {
    return percentile(50);
  }

  /** The 75th percentile. */
  public double p75() {
    return percentile(75);
  }

  /** The 99th percentile. */
  public double p99() {
    return percentile(99);
  }

  /** The largest absolute difference. */
  public double max() {
    return differences[argMax];
  }

  /** The row of the largest absolute difference (the first such row if several). */
  public int argMax() {
    return argMax;
  }

  /** The absolute difference of one row. */
  public double difference(int row) {
    return differences[row];
  }

  /** Rows whose two floats are bit-for-bit identical. */
  public long identicalCount() {
    return identicalCount;
  }

  /** {@link #identicalCount()} divided by {@link #count()}. */
  public double identicalFraction() {
    return (double) identicalCount / differences.length;
  }

  /** The largest float32 ULP distance of a row; see {@link #ulpDistance(float, float)}. */
  public long maxUlpDistance() {
    return maxUlpDistance;
  }

  /** The row of the largest ULP distance (the first such row if several). */
  public int argMaxUlpDistance() {
    return argMaxUlp;
  }

  /** Rows whose absolute difference is strictly less than {@code tolerance}. */
  public long countBelow(double tolerance) {
    // First index with sorted[i] >= tolerance, by binary search over the sorted differences.
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < tolerance) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * The rows of the k largest absolute differences, largest first; equal differences are ordered by
   * row. Returns all rows when k exceeds {@link #count()}. O(n log k).
   *
   * @param k >= 0
   */
  public List<Integer> largestDifferences(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k = " + k + " must be >= 0");
    }
    int size = Math.min(k, differences.length);
    // A heap whose root is the weakest of the rows kept so far (smallest difference, then highest
    // row), so each new row is compared once with the root.
    int[] heap = new int[size];
    int filled = 0;
    for (int row = 0; row < differences.length && size > 0; row++) {
      if (filled < size) {
        heap[filled] = row;
        siftUp(heap, filled);
        filled++;
      } else if (weaker(heap[0], row)) {
        heap[0] = row;
        siftDown(heap, 0, filled);
      }
    }
    Integer[] out = new Integer[filled];
    for (int i = filled - 1; i >= 0; i--) {
      out[i] = heap[0];
      heap[0] = heap[filled - 1];
      filled--;
      siftDown(heap, 0, filled);
    }
    return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(out)));
  }

  private boolean weaker(int rowA, int rowB) {
    double a = differences[rowA];
    double b = differences[rowB];
    return a < b || (a == b && rowA > rowB);
  }

  private void siftUp(int[] heap, int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!weaker(heap[i], heap[parent])) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[parent];
      heap[parent] = t;
      i = parent;
    }
  }

  private void siftDown(int[] heap, int i, int size) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int weakest = left;
      int right = left + 1;
      if (right < size && weaker(heap[right], heap[left])) {
        weakest = right;
      }
      if (!weaker(heap[weakest], heap[i])) {
        return;
      }
      int t = heap[i];
      heap[i] = heap[weakest];
      heap[weakest] = t;
      i = weakest;
    }
  }

  /**
   * The brief's table as Markdown, values in {@code %.2e}: the rows count, mean, variance
   * (population), p25, p50, p75, p99 and max in that order, then std (population), argmax,
   * bit-identical count and fraction, and max ULP distance.
   */
  public String toTable() {
    StringBuilder out = new StringBuilder();
    out.append("| statistic | value |\n");
    out.append("|---|---|\n");
    row(out, "count", Integer.toString(count()));
    row(out, "mean", sci(mean));
    row(out, "variance", sci(variance));
    row(out, "p25", sci(p25()));
    row(out, "p50", sci(p50()));
    row(out, "p75", sci(p75()));
    row(out, "p99", sci(p99()));
    row(out, "max", sci(max()));
    row(out, "std", sci(stdDev()));
    row(out, "argmax", Integer.toString(argMax));
    row(out, "bit-identical", Long.toString(identicalCount));
    row(out, "bit-identical fraction", sci(identicalFraction()));
    row(out, "max ulp distance", Long.toString(maxUlpDistance));
    return out.toString();
  }

  private static void row(StringBuilder out, String statistic, String value) {
    out.append("| ").append(statistic).append(" | ").append(value).append(" |\n");
  }

  private static String sci(double value) {
    return String.format(Locale.ROOT, "%.2e", value);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ParityStatistics[count=%d, mean=%.2e, p99=%.2e, max=%.2e at row %d, identical=%d,"
            + " maxUlp=%d]",
        count(),
        mean,
        p99(),
        max(),
        argMax,
        identicalCount,
        maxUlpDistance);
  }
}
