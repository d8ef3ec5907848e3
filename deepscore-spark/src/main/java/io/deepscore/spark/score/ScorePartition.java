package io.deepscore.spark.score;

import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.Scorer;
import io.deepscore.spark.partition.PartitionPipeline;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.RowWriter;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of every scoring path ({@link ScoreJob}, {@link DeepScorer}, evaluate): each
 * model from the per-JVM cache, one scorer per model and task (closed by a task-completion
 * listener, see {@link TaskScorers}), rows encoded once per encoder group and scored lazily in
 * batches by the {@link PartitionPipeline}. The models of a task score one after the other on the
 * task's thread, so they share the task's libtorch threads ({@link ThreadPlan}).
 */
public final class ScorePartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final ModelSet models;
  private final RawRowLayout[] layouts;
  private final int batchSize;
  private final InvalidRowPolicy policy;
  private final boolean checkLabel;
  private final RowWriter.Factory output;
  private final ScoringStats stats;
  private boolean checkFirstBatch;

  /** One model. */
  ScorePartition(
      BundleRef ref,
      RawRowLayout layout,
      int batchSize,
      InvalidRowPolicy policy,
      RowWriter.Factory output,
      ScoringStats stats) {
    this(ModelSet.of(List.of(ref)), new RawRowLayout[] {layout}, batchSize, policy, output, stats);
  }

  /**
   * @param layouts per encoder group of {@code models}, its layout
   * @param stats receives batch latencies and each task's peak RSS; null when nobody reads them
   */
  ScorePartition(
      ModelSet models,
      RawRowLayout[] layouts,
      int batchSize,
      InvalidRowPolicy policy,
      RowWriter.Factory output,
      ScoringStats stats) {
    this(models, layouts, batchSize, policy, false, output, stats);
  }

  /**
   * Labelled rows (evaluate): a row whose label is null or not 0/1 is rejected like a row that
   * cannot be encoded.
   *
   * @param layouts per encoder group of {@code models}, its layout (raw or {@linkplain
   *     RawRowLayout#encoded encoded})
   */
  public static ScorePartition labelled(
      ModelSet models,
      RawRowLayout[] layouts,
      int batchSize,
      InvalidRowPolicy policy,
      RowWriter.Factory output) {
    return new ScorePartition(models, layouts, batchSize, policy, true, output, null);
  }

  private ScorePartition(
      ModelSet models,
      RawRowLayout[] layouts,
      int batchSize,
      InvalidRowPolicy policy,
      boolean checkLabel,
      RowWriter.Factory output,
      ScoringStats stats) {
    this.models = models;
    this.layouts = layouts.clone();
    this.batchSize = batchSize;
    this.policy = policy;
    this.checkLabel = checkLabel;
    this.output = output;
    this.stats = stats;
  }

  /**
   * This function with each task's scorers checking the first batch they score ({@link
   * FirstBatchCheck}): the scoring job's dry run.
   */
  ScorePartition checkingFirstBatches() {
    checkFirstBatch = true;
    return this;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> partition) {
    LoadedBundle[] loaded = models.load();
    Scorer[] scorers = new Scorer[loaded.length];
    for (int m = 0; m < scorers.length; m++) {
      scorers[m] = TaskScorers.acquire(models.ref(m), loaded[m]).scorer();
      if (checkFirstBatch) {
        scorers[m] = new FirstBatchCheck(scorers[m], models.ref(m).bundleId());
      }
    }
    TaskContext ctx = TaskContext.get();
    if (ctx != null && stats != null) {
      ctx.addTaskCompletionListener(
          (TaskCompletionListener) c -> stats.addPeakRss(ScoringStats.peakRssOfThisProcess()));
    }
    return pipeline(partition, loaded, scorers, stats == null ? null : stats::add);
  }

  /** The scoring pipeline over {@code input}: the one every scoring path runs. */
  static PartitionPipeline pipeline(
      Iterator<InternalRow> input,
      ModelSet models,
      RawRowLayout[] layouts,
      LoadedBundle[] loaded,
      Scorer[] scorers,
      int batchSize,
      InvalidRowPolicy policy,
      RowWriter.Factory output,
      LongConsumer latency) {
    return new ScorePartition(models, layouts, batchSize, policy, output, null)
        .pipeline(input, loaded, scorers, latency);
  }

  private PartitionPipeline pipeline(
      Iterator<InternalRow> input, LoadedBundle[] loaded, Scorer[] scorers, LongConsumer latency) {
    return new PartitionPipeline(
        input,
        models.groups(layouts, loaded),
        scorers,
        batchSize,
        policy,
        checkLabel,
        output,
        latency);
  }
}
