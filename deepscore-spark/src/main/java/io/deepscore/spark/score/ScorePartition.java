package io.deepscore.spark.score;

import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.features.RawRowLayout;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of every batched scoring path ({@link ScoreJob}, {@link DeepScorer}): the model
 * from the per-JVM cache, one scorer per task (closed by a task-completion listener, see {@link
 * TaskScorers}), rows scored lazily in batches by a {@link ScoringIterator}.
 */
final class ScorePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final BundleRef ref;
  private final RawRowLayout layout;
  private final int batchSize;
  private final InvalidRowPolicy policy;
  private final ScoringIterator.RowOutput output;
  private final ScoringStats stats;

  /**
   * @param stats receives batch latencies and each task's peak RSS; null when nobody reads them
   */
  ScorePartition(
      BundleRef ref,
      RawRowLayout layout,
      int batchSize,
      InvalidRowPolicy policy,
      ScoringIterator.RowOutput output,
      ScoringStats stats) {
    this.ref = ref;
    this.layout = layout;
    this.batchSize = batchSize;
    this.policy = policy;
    this.output = output;
    this.stats = stats;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> partition) {
    LoadedBundle loaded = ref.load();
    TaskScorers.Lease lease = TaskScorers.acquire(ref, loaded);
    TaskContext ctx = TaskContext.get();
    if (ctx != null && stats != null) {
      ctx.addTaskCompletionListener(
          (TaskCompletionListener) c -> stats.addPeakRss(ScoringStats.peakRssOfThisProcess()));
    }
    return new ScoringIterator(
        partition, layout, loaded.encoder(), lease.scorer(), batchSize, policy, output, stats);
  }
}
