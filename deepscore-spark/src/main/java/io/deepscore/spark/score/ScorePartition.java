package io.deepscore.spark.score;

import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.Scorer;
import io.deepscore.spark.partition.PartitionPipeline;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.RowWriter;
import java.util.Iterator;
import java.util.function.LongConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of every scoring path ({@link ScoreJob}, {@link DeepScorer}): the model from
 * the per-JVM cache, one scorer per task (closed by a task-completion listener, see {@link
 * TaskScorers}), rows scored lazily in batches by the {@link PartitionPipeline}.
 */
final class ScorePartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final BundleRef ref;
  private final RawRowLayout layout;
  private final int batchSize;
  private final InvalidRowPolicy policy;
  private final RowWriter.Factory output;
  private final ScoringStats stats;

  /**
   * @param stats receives batch latencies and each task's peak RSS; null when nobody reads them
   */
  ScorePartition(
      BundleRef ref,
      RawRowLayout layout,
      int batchSize,
      InvalidRowPolicy policy,
      RowWriter.Factory output,
      ScoringStats stats) {
    this.ref = ref;
    this.layout = layout;
    this.batchSize = batchSize;
    this.policy = policy;
    this.output = output;
    this.stats = stats;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> partition) {
    LoadedBundle loaded = ref.load();
    TaskScorers.Lease lease = TaskScorers.acquire(ref, loaded);
    TaskContext ctx = TaskContext.get();
    if (ctx != null && stats != null) {
      ctx.addTaskCompletionListener(
          (TaskCompletionListener) c -> stats.addPeakRss(ScoringStats.peakRssOfThisProcess()));
    }
    return pipeline(
        partition,
        layout,
        loaded,
        lease.scorer(),
        batchSize,
        policy,
        output,
        stats == null ? null : stats::add);
  }

  /** The scoring pipeline over {@code input}: the one the executors and the dry run run. */
  static PartitionPipeline pipeline(
      Iterator<InternalRow> input,
      RawRowLayout layout,
      LoadedBundle loaded,
      Scorer scorer,
      int batchSize,
      InvalidRowPolicy policy,
      RowWriter.Factory output,
      LongConsumer latency) {
    return new PartitionPipeline(
        input, layout, loaded.encoder(), scorer, batchSize, policy, false, output, latency);
  }
}
