package io.deepscore.spark.score;

import io.deepscore.spark.io.RunInfo;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.io.TaggedRows;
import io.deepscore.spark.io.TooManyRejectsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What one {@link ScoreJob} run did. Counts come from the job's persisted output (never from
 * accumulators), so {@code rowsIn == scored + rejected} always holds and retried tasks cannot
 * inflate them; latency and memory come from an accumulator (informational). The same counts are
 * written to each output's {@value StagedOutput#RUN_INFO} ({@link #describe}).
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
 * @param input the input as given (a path, table or DataFrame description)
 * @param nullsByField per spec field (spec order), rows whose value was null (records that did not
 *     parse are not counted)
 * @param topRejectReasons the most frequent reject reasons, most frequent first
 * @param maxRejectFraction the reject fraction above which the run fails (after writing)
 * @param runId the run's id, also in every output's run info
 * @param reused scored rows whose score was reused from the previous run ({@code --incremental}),
 *     included in {@code scored}
 * @param models every model of the run, in the order given (one with a single {@code --model});
 *     with several, {@code bundleId} joins their ids with commas, {@code nonFiniteScores} sums
 *     theirs and {@code audienceSize} is -1 (each model has its own)
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
    String rejectsOutput,
    String input,
    Map<String, Long> nullsByField,
    List<TaggedRows.ReasonCount> topRejectReasons,
    double maxRejectFraction,
    String runId,
    long reused,
    List<ModelCounts> models) {

  /**
   * One model's part of a run.
   *
   * @param name the bundle name, the model's score column when there are several
   * @param bundleId its bundle id
   * @param engine the thread settings its engine reported on the driver
   * @param nonFiniteScores its NaN or infinite scores
   * @param audienceSize rows with its audience flag set, -1 without an audience
   * @param threshold its audience threshold, NaN without an audience
   */
  public record ModelCounts(
      String name,
      String bundleId,
      String engine,
      long nonFiniteScores,
      long audienceSize,
      double threshold) {

    Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("bundle_id", bundleId);
      m.put("non_finite_scores", nonFiniteScores);
      if (audienceSize >= 0) {
        m.put("audience_size", audienceSize);
        m.put("threshold", threshold);
      }
      return m;
    }
  }

  /** Copies the collections. */
  public ScoreSummary {
    rejectedByField = Map.copyOf(rejectedByField);
    nullsByField = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nullsByField));
    topRejectReasons = List.copyOf(topRejectReasons);
    models = List.copyOf(models);
  }

  /** Whether the run rejected every row, or more than {@link #maxRejectFraction} of them. */
  public boolean tooManyRejects() {
    return TooManyRejectsException.exceeds(rowsIn, rejected, maxRejectFraction);
  }

  /**
   * Adds this summary's counts to an output's run info (docs/scoring.md lists the fields; the job
   * adds the qualified output paths).
   */
  public RunInfo describe(RunInfo info) {
    info.put("bundle_id", bundleId)
        .put("rows_in", rowsIn)
        .put("scored", scored)
        .put("rejected", rejected)
        .put("rejected_by_field", rejectedByField)
        .put(
            "rejected_by_reason",
            topRejectReasons.stream().map(TaggedRows.ReasonCount::toJson).toList())
        .put("null_counts", nullsByField)
        .put("non_finite_scores", nonFiniteScores)
        .put("reused", reused)
        .put("models", models.stream().map(ModelCounts::toJson).toList())
        .put("max_reject_fraction", maxRejectFraction)
        .put("too_many_rejects", tooManyRejects());
    if (audienceSize >= 0) {
      info.put("audience_size", audienceSize).put("threshold", threshold);
    }
    return info;
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
    if (reused > 0) {
      l.add(
          String.format(
              Locale.ROOT,
              "  reused from the previous run (same bundle, same features): %,d; through the"
                  + " model: %,d",
              reused,
              scored - reused));
    }
    rejectedByField.forEach(
        (f, n) -> l.add(String.format(Locale.ROOT, "  rejected by %s: %,d", f, n)));
    StringJoiner nulls = new StringJoiner(", ", "null values per field (rows): ", "");
    nullsByField.forEach((f, n) -> nulls.add(String.format(Locale.ROOT, "%s %,d", f, n)));
    l.add(nulls.toString());
    l.add(String.format(Locale.ROOT, "non-finite scores (NaN/inf): %,d", nonFiniteScores));
    if (audienceSize >= 0) {
      l.add(
          String.format(
              Locale.ROOT, "audience (score >= %.6f): %,d users", threshold, audienceSize));
    }
    if (models.size() > 1) {
      for (ModelCounts m : models) {
        l.add(
            String.format(
                Locale.ROOT,
                "model %s: %s  non-finite %,d%s",
                m.name(),
                m.bundleId(),
                m.nonFiniteScores(),
                m.audienceSize() < 0
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "  audience (score >= %.6f): %,d users",
                        m.threshold(),
                        m.audienceSize())));
      }
      l.add(String.format(Locale.ROOT, "batch size: %d  %s", batchSize, threads));
    } else {
      l.add(
          String.format(
              Locale.ROOT, "model: %s  batch size: %d  %s", bundleId, batchSize, threads));
    }
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
    l.add("run: " + runId + " (" + StagedOutput.RUN_INFO + " in both outputs)");
    return l;
  }
}
