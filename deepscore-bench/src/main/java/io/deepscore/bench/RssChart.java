package io.deepscore.bench;

import io.deepscore.eval.report.SeriesChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The memory soak's verdict and chart (bench/soak.sh): reads RSS samples ({@code seconds<TAB>rss
 * KB} per line, one a second), draws them as a PNG and decides. Growth is the mean RSS of the last
 * tenth of the samples over the mean of the first tenth after the warm-up, minus one; the soak
 * passes when growth is under {@code maxGrowth} and the peak is at most {@code maxPeakMb}.
 *
 * <p>With a breakdown file ({@code seconds<TAB>rss KB<TAB>heap committed KB<TAB>JVM committed KB}
 * per line, from Native Memory Tracking) the chart also draws the Java heap and the JVM's whole
 * committed memory, and the verdict splits RSS at the first and the last sample after the warm-up
 * into the heap, the JVM's other memory and the rest (RSS minus the JVM's committed memory: native
 * libraries' own allocations such as libtorch's, and the glibc arenas that hold them; negative
 * where committed JVM memory is not all resident, e.g. the class-data sharing archive).
 *
 * <p>Usage: {@code RssChart SAMPLES.tsv OUT.png WARMUP_SECONDS MAX_GROWTH MAX_PEAK_MB
 * [BREAKDOWN.tsv]}; exit code 0 pass, 1 fail, 2 usage or too few samples.
 */
public final class RssChart {
  private RssChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5 && args.length != 6) {
      System.err.println(
          "usage: RssChart SAMPLES.tsv OUT.png WARMUP_SECONDS MAX_GROWTH MAX_PEAK_MB"
              + " [BREAKDOWN.tsv]");
      System.exit(2);
    }
    double[][] rss = columns(Path.of(args[0]), 2);
    double[] t = rss[0];
    double[] mb = rss[1];
    double warmup = Double.parseDouble(args[2]);
    double maxGrowth = Double.parseDouble(args[3]);
    double maxPeak = Double.parseDouble(args[4]);
    double[][] parts = args.length == 6 ? columns(Path.of(args[5]), 4) : new double[4][0];
    List<SeriesChart.Series> series = new ArrayList<>();
    series.add(new SeriesChart.Series("RSS", t, mb));
    if (parts[0].length > 0) {
      series.add(new SeriesChart.Series("Java heap committed", parts[0], parts[2]));
      series.add(new SeriesChart.Series("JVM committed (NMT)", parts[0], parts[3]));
    }
    SeriesChart.writePng(
        "deepscore score: resident set size", "seconds", "MB", series, Path.of(args[1]));
    int first = 0;
    while (first < t.length && t[first] < warmup) {
      first++;
    }
    int n = t.length - first;
    if (n < 10) {
      System.err.printf(
          Locale.ROOT, "soak: only %d samples after the %.0f s warm-up: run longer%n", n, warmup);
      System.exit(2);
    }
    int tenth = Math.max(1, n / 10);
    double start = mean(mb, first, first + tenth);
    double end = mean(mb, t.length - tenth, t.length);
    double peak = 0;
    for (double v : mb) {
      peak = Math.max(peak, v);
    }
    double growth = end / start - 1;
    boolean pass = growth < maxGrowth && peak <= maxPeak;
    System.out.printf(
        Locale.ROOT,
        "soak: %d samples, after warm-up %.0f MB -> %.0f MB (growth %+.1f%%, limit %.0f%%),"
            + " peak %.0f MB (limit %.0f MB): %s%n",
        t.length,
        start,
        end,
        growth * 100,
        maxGrowth * 100,
        peak,
        maxPeak,
        pass ? "PASS" : "FAIL");
    printBreakdown(parts, warmup);
    System.exit(pass ? 0 : 1);
  }

  /** The first and the last breakdown sample after the warm-up, split into their parts. */
  private static void printBreakdown(double[][] parts, double warmup) {
    int first = 0;
    while (first < parts[0].length && parts[0][first] < warmup) {
      first++;
    }
    if (first >= parts[0].length) {
      return;
    }
    for (int i : new int[] {first, parts[0].length - 1}) {
      System.out.printf(
          Locale.ROOT,
          "soak: at %.0f s: RSS %.0f MB = Java heap committed %.0f + other JVM memory (NMT) %.0f"
              + " + outside the JVM's accounting %.0f%n",
          parts[0][i],
          parts[1][i],
          parts[2][i],
          parts[3][i] - parts[2][i],
          parts[1][i] - parts[3][i]);
    }
  }

  /**
   * The first {@code n} tab-separated columns of a samples file: the first as is (seconds), the
   * others from KB to MB.
   */
  private static double[][] columns(Path file, int n) throws IOException {
    List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    double[][] c = new double[n][lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split("\t");
      c[0][i] = Double.parseDouble(f[0]);
      for (int j = 1; j < n; j++) {
        c[j][i] = Double.parseDouble(f[j]) / 1024.0;
      }
    }
    return c;
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }
}
