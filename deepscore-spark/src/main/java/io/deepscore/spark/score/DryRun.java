package io.deepscore.spark.score;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.partition.InternalRows;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.Reject;
import io.deepscore.spark.partition.RowWriter;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring dry run on the driver, before any scoring job: one batch of input rows through the
 * executors' code path (the {@link io.deepscore.spark.partition.PartitionPipeline} with a task
 * scorer), so corrupt weights, a model that cannot take the input or a bad row under the {@code
 * error} policy fail in seconds.
 */
final class DryRun {

  private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

  private DryRun() {}

  /**
   * Scores up to {@code batchSize} rows of {@code input} on the driver through the executors' code
   * path; fails if the model cannot score them.
   *
   * @return how many rows were scored
   */
  static int run(
      BundleRef ref,
      LoadedBundle loaded,
      Dataset<Row> input,
      RawRowLayout layout,
      int batchSize,
      InvalidRowPolicy policy) {
    InternalRow[] sample = InternalRows.take(input, batchSize);
    Counter counter = new Counter();
    try (TaskScorers.Lease lease = TaskScorers.acquire(ref, loaded)) {
      Iterator<InternalRow> it =
          ScorePartition.pipeline(
              Arrays.asList(sample).iterator(),
              layout,
              loaded,
              lease.scorer(),
              batchSize,
              policy,
              capacity -> counter,
              null);
      while (it.hasNext()) {
        it.next();
      }
    } catch (DeepScoreException e) {
      throw e.withContext("dry run of model bundle " + ref.bundleId() + " failed: ");
    } catch (RuntimeException e) {
      throw new EngineFailureException(
          "dry run of model bundle " + ref.bundleId() + " failed: " + e.getMessage(), e);
    }
    int scored = counter.scored;
    int nonFinite = counter.nonFinite;
    if (scored > 0 && nonFinite == scored) {
      throw new ModelContractException(
          "dry run of model bundle "
              + ref.bundleId()
              + ": all "
              + scored
              + " scores are NaN or infinite: the weights are corrupt; re-export the bundle");
    }
    if (sample.length > 0 && scored == 0) {
      LOG.warn(
          "deepscore: none of the {} dry-run rows could be encoded (all rejected): check the input",
          sample.length);
    }
    LOG.info(
        "deepscore dry run: {} rows, {} scored, {} non-finite", sample.length, scored, nonFinite);
    return scored;
  }

  /** Counts the dry run's scores; writes no rows. */
  private static final class Counter implements RowWriter {
    int scored;
    int nonFinite;

    @Override
    public void keep(InternalRow input, int slot) {}

    @Override
    public InternalRow accepted(int slot, EncodedBatch batch, float score) {
      scored++;
      if (!Float.isFinite(score)) {
        nonFinite++;
      }
      return null;
    }

    @Override
    public InternalRow rejected(InternalRow input, Reject reject) {
      return null;
    }
  }
}
