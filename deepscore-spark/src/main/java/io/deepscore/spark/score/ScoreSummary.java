package io.deepscore.spark.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@link ScoreJob} run did. Counts come from the job's persisted output, so {@code rowsIn
 * == scored + rejected} always holds; latency and memory come from an accumulator (informational).
 *
 * @param bundleId the bundle id, written as {@code model_version}
 * @param rowsIn input rows
 * @param scored rows written to the output with a score
 * @param rejected rows written to the rejects output
 * @param rejectedByField rejected rows per spec field ({@code _record} for unparsable records)
 * @param nonFiniteScores scored rows whose score is NaN or infinite (must be 0; never hidden)
 * @param audienceSize rows with {@code audience = true}, -1 when no audience was asked for
 * @param threshold the audience threshold used, NaN when no audience was asked for
 * @param seconds wall-clock seconds of the whole run, driver checks included
 * @param scoringSeconds wall-clock seconds of the scoring pass (read, encode, score, write)
 * @param batchSize rows per batch
 * @param threads the thread plan
 * @param engine the thread settings libtorch reported on the driver
 * @param latency per-batch forward latency and peak executor RSS
 * @param output the scores' Parquet directory
 * @param rejectsOutput the rejects' JSON directory
 */
public record ScoreSummary(
    String bundleId,
    long rowsIn,
    long scored,
    long rejected,
    Map<String, Long> rejectedByField,
    long nonFiniteScores,
    long audienceSize,
    double threshold,
    double seconds,
    double scoringSeconds,
    int batchSize,
    ThreadPlan threads,
    String engine,
    ScoringStats.Snapshot latency,
    String output,
    String rejectsOutput) {

  /** Copies the map. */
  public ScoreSummary {
    rejectedByField = Map.copyOf(rejectedByField);
  }

  /** Input rows per second of the scoring pass. */
  public double rowsPerSecond() {
    return scoringSeconds > 0 ? rowsIn / scoringSeconds : 0;
  }

  /** The summary as printable lines (the CLI prints them; the job logs them). */
  public List<String> lines() {
    List<String> l = new ArrayList<>();
    l.add(
        String.format(
            Locale.ROOT, "rows in: %,d = scored %,d + rejected %,d", rowsIn, scored, rejected));
    rejectedByField.forEach(
        (f, n) -> l.add(String.format(Locale.ROOT, "  rejected by %s: %,d", f, n)));
    l.add(String.format(Locale.ROOT, "non-finite scores (NaN/inf): %,d", nonFiniteScores));
    if (audienceSize >= 0) {
      l.add(
          String.format(
              Locale.ROOT, "audience (score >= %.6f): %,d users", threshold, audienceSize));
    }
    l.add(
        String.format(Locale.ROOT, "model: %s  batch size: %d  %s", bundleId, batchSize, threads));
    l.add("engine: " + engine);
    l.add(
        String.format(
            Locale.ROOT,
            "throughput: %,.0f rows/s (scoring pass %.1f s, whole run %.1f s)",
            rowsPerSecond(),
            scoringSeconds,
            seconds));
    l.add(
        String.format(
            Locale.ROOT,
            "batch latency: p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%,d batches)",
            latency.p50Ms(),
            latency.p99Ms(),
            latency.maxMs(),
            latency.batches()));
    l.add(
        "peak executor RSS: "
            + (latency.peakRssBytes() < 0
                ? "unknown"
                : String.format(Locale.ROOT, "%,d MB", latency.peakRssBytes() >> 20)));
    l.add("scores: " + output);
    l.add("rejects: " + rejectsOutput);
    return l;
  }
}
