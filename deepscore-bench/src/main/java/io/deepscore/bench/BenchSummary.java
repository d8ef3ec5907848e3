package io.deepscore.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints a summary of JMH JSON result files (written with {@code -rf json}): one line per benchmark
 * and param set, then the ratios bench/run.sh is about: allocator fixed/default, 2/1 intra-op
 * threads, encoder rows/s over scorer rows/s.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.deepscore.bench.BenchSummary result.json...}; the
 * file name (without {@code .json}) labels its lines. Files whose names contain {@code
 * malloc-fixed} and {@code malloc-default} are paired for the allocator ratio.
 */
public final class BenchSummary {

  /** One JMH result: a benchmark with one param set. */
  record Result(
      String label,
      String benchmark,
      Map<String, String> params,
      int threads,
      double score,
      double error,
      String unit,
      String secondaryName,
      double secondary,
      double secondaryError,
      double min,
      double max) {

    /** rows/s for the scorer (its aux counter), rows/s for the encoder (its primary score). */
    double rowsPerSecond() {
      return "rows".equals(secondaryName) ? secondary : score;
    }

    String paramText() {
      StringBuilder sb = new StringBuilder();
      params.forEach(
          (k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(k).append('=').append(v));
      if (threads != 1) {
        sb.append(" jmhThreads=").append(threads);
      }
      return sb.toString();
    }
  }

  private BenchSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.err.println("usage: BenchSummary <jmh-result.json>...");
      System.exit(2);
    }
    List<Result> results = new ArrayList<>();
    for (String a : args) {
      results.addAll(read(Path.of(a)));
    }
    print(results, System.out);
  }

  static List<Result> read(Path file) throws IOException {
    String label = file.getFileName().toString().replaceFirst("\\.json$", "");
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<Result> out = new ArrayList<>();
    for (JsonNode r : root) {
      String bench = r.path("benchmark").asText();
      bench = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
      Map<String, String> params = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        params.put(e.getKey(), e.getValue().asText());
      }
      JsonNode pm = r.path("primaryMetric");
      JsonNode rangeOf = pm;
      String secName = null;
      double sec = Double.NaN;
      double secErr = Double.NaN;
      for (Iterator<Map.Entry<String, JsonNode>> it = r.path("secondaryMetrics").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().equals("rows") || e.getKey().equals("tokens")) {
          secName = e.getKey();
          sec = e.getValue().path("score").asDouble();
          secErr = e.getValue().path("scoreError").asDouble();
          rangeOf = e.getValue();
        }
      }
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (JsonNode fork : rangeOf.path("rawData")) {
        for (JsonNode it : fork) {
          min = Math.min(min, it.asDouble());
          max = Math.max(max, it.asDouble());
        }
      }
      out.add(
          new Result(
              label,
              bench,
              params,
              r.path("threads").asInt(1),
              pm.path("score").asDouble(),
              pm.path("scoreError").asDouble(),
              pm.path("scoreUnit").asText(),
              secName,
              sec,
              secErr,
              min,
              max));
    }
    return out;
  }

  static void print(List<Result> results, PrintStream out) {
    out.println(
        "== results: score +- JMH 99.9% error (huge with 3 iterations), [min..max] of the"
            + " measurement iterations of the rows/s or tokens/s metric");
    for (Result r : results) {
      String sec =
          r.secondaryName() == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  "  %s/s %s +- %s",
                  r.secondaryName(),
                  human(r.secondary()),
                  human(r.secondaryError()));
      String range = String.format(Locale.ROOT, "  [%s..%s]", human(r.min()), human(r.max()));
      out.printf(
          Locale.ROOT,
          "%-34s %-28s %-44s %10s +- %-8s %s%s%s%n",
          r.label(),
          r.benchmark(),
          r.paramText(),
          human(r.score()),
          human(r.error()),
          r.unit(),
          sec,
          range);
    }

    out.println(
        "== allocator: rows/s with MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2GiB / without");
    for (Result fixed : results) {
      if (!fixed.label().contains("malloc-fixed")) {
        continue;
      }
      String other = fixed.label().replace("malloc-fixed", "malloc-default");
      for (Result dflt : results) {
        if (dflt.label().equals(other) && same(fixed, dflt)) {
          out.printf(
              Locale.ROOT,
              "  %-52s fixed %9s  default %9s  ratio %.2f%n",
              fixed.paramText(),
              human(fixed.rowsPerSecond()),
              human(dflt.rowsPerSecond()),
              fixed.rowsPerSecond() / dflt.rowsPerSecond());
        }
      }
    }

    out.println("== intra-op threads: rows/s threads=2 / threads=1 (same allocator, batch, arch)");
    for (Result two : results) {
      if (!"2".equals(two.params().get("threads")) || two.threads() != 1) {
        continue;
      }
      for (Result one : results) {
        if (one.label().equals(two.label().replace("-t2-", "-t1-"))
            && one.threads() == 1
            && "1".equals(one.params().get("threads"))
            && one.benchmark().equals(two.benchmark())
            && one.params().get("batchSize").equals(two.params().get("batchSize"))
            && one.params().get("architecture").equals(two.params().get("architecture"))) {
          out.printf(
              Locale.ROOT,
              "  %-34s 1 thread %9s  2 threads %9s  ratio %.2f%n",
              two.label(),
              human(one.rowsPerSecond()),
              human(two.rowsPerSecond()),
              two.rowsPerSecond() / one.rowsPerSecond());
        }
      }
    }

    out.println(
        "== scorer threads: rows/s of 2 scorer threads x 1 intra-op thread / 1 x 1 (same allocator,"
            + " batch, arch)");
    for (Result two : results) {
      if (two.threads() != 2 || !"1".equals(two.params().get("threads"))) {
        continue;
      }
      for (Result one : results) {
        if (one.threads() == 1
            && one.label().equals(two.label().replace("2tasks", "1tasks"))
            && one.benchmark().equals(two.benchmark())
            && one.params().equals(two.params())) {
          out.printf(
              Locale.ROOT,
              "  %-34s vs %-34s %9s / %9s  ratio %.2f%n",
              two.label(),
              one.label(),
              human(two.rowsPerSecond()),
              human(one.rowsPerSecond()),
              two.rowsPerSecond() / one.rowsPerSecond());
        }
      }
    }

    out.println("== encoder rows/s / scorer rows/s (one thread each, dnn, allocator fixed)");
    for (Result enc : results) {
      if (!enc.benchmark().startsWith("EncoderBenchmark")) {
        continue;
      }
      for (Result sc : results) {
        if (sc.benchmark().startsWith("ScorerBenchmark")
            && sc.label().contains("malloc-fixed")
            && sc.threads() == 1
            && "1".equals(sc.params().get("threads"))
            && "dnn".equals(sc.params().get("architecture"))) {
          out.printf(
              Locale.ROOT,
              "  encoder %-9s %9s rows/s vs scorer batch %-5s %9s rows/s: encoder/scorer %.2f%n",
              enc.params().get("deviceNames"),
              human(enc.rowsPerSecond()),
              sc.params().get("batchSize"),
              human(sc.rowsPerSecond()),
              enc.rowsPerSecond() / sc.rowsPerSecond());
        }
      }
    }
  }

  private static boolean same(Result a, Result b) {
    return a.benchmark().equals(b.benchmark())
        && a.params().equals(b.params())
        && a.threads() == b.threads();
  }

  /** 1234567 -> 1.23M; NaN stays NaN. */
  static String human(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (a >= 1e3) {
      return String.format(Locale.ROOT, "%.1fK", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
