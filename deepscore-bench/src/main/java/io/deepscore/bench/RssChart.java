package io.deepscore.bench;

import io.deepscore.eval.report.SeriesChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The memory soak's verdict and chart (bench/soak.sh): reads RSS samples ({@code seconds<TAB>rss
 * KB} per line, one a second), draws them as a PNG and decides. Growth is the mean RSS of the last
 * tenth of the samples over the mean of the first tenth after the warm-up, minus one; the soak
 * passes when growth is under {@code maxGrowth} and the peak is at most {@code maxPeakMb}.
 *
 * <p>Usage: {@code RssChart SAMPLES.tsv OUT.png WARMUP_SECONDS MAX_GROWTH MAX_PEAK_MB}; exit code 0
 * pass, 1 fail, 2 usage or too few samples.
 */
public final class RssChart {
  private RssChart() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println(
          "usage: RssChart SAMPLES.tsv OUT.png WARMUP_SECONDS MAX_GROWTH MAX_PEAK_MB");
      System.exit(2);
    }
    List<String> lines =
        Files.readAllLines(Path.of(args[0])).stream().filter(l -> !l.isBlank()).toList();
    double[] t = new double[lines.size()];
    double[] mb = new double[lines.size()];
    for (int i = 0; i < t.length; i++) {
      String[] f = lines.get(i).split("\t");
      t[i] = Double.parseDouble(f[0]);
      mb[i] = Double.parseDouble(f[1]) / 1024.0;
    }
    double warmup = Double.parseDouble(args[2]);
    double maxGrowth = Double.parseDouble(args[3]);
    double maxPeak = Double.parseDouble(args[4]);
    SeriesChart.writePng(
        "deepscore score: resident set size",
        "seconds",
        "RSS (MB)",
        "RSS",
        t,
        mb,
        Path.of(args[1]));
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
    System.exit(pass ? 0 : 1);
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }
}
