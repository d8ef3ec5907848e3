package io.deepscore.spark.score;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.Scorer;
import io.deepscore.spark.partition.InternalRows;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.Reject;
import io.deepscore.spark.partition.RowWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
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
   * path, with every model of {@code models}; fails if a model cannot score them.
   *
   * @param layouts per encoder group of {@code models}, its layout
   * @return how many rows were scored
   */
  static int run(
      ModelSet models,
      LoadedBundle[] loaded,
      Dataset<Row> input,
      RawRowLayout[] layouts,
      int batchSize,
      InvalidRowPolicy policy) {
    InternalRow[] sample = InternalRows.take(input, batchSize);
    Counter counter = new Counter(models.size());
    List<TaskScorers.Lease> leases = new ArrayList<>();
    String what = models.single() ? "model bundle " : "model bundles ";
    String ids = models.refs().stream().map(BundleRef::bundleId).collect(Collectors.joining(", "));
    try {
      Scorer[] scorers = new Scorer[models.size()];
      for (int m = 0; m < scorers.length; m++) {
        TaskScorers.Lease lease = TaskScorers.acquire(models.ref(m), loaded[m]);
        leases.add(lease);
        scorers[m] = lease.scorer();
      }
      Iterator<InternalRow> it =
          ScorePartition.pipeline(
              Arrays.asList(sample).iterator(),
              models,
              layouts,
              loaded,
              scorers,
              batchSize,
              policy,
              capacity -> counter,
              null);
      while (it.hasNext()) {
        it.next();
      }
    } catch (DeepScoreException e) {
      throw e.withContext("dry run of " + what + ids + " failed: ");
    } catch (RuntimeException e) {
      throw new EngineFailureException(
          "dry run of " + what + ids + " failed: " + e.getMessage(), e);
    } finally {
      leases.forEach(TaskScorers.Lease::close);
    }
    int scored = counter.scored;
    for (int m = 0; m < models.size(); m++) {
      int nonFinite = counter.nonFinite[m];
      if (scored > 0 && nonFinite == scored) {
        throw new ModelContractException(
            "dry run of model bundle "
                + models.ref(m).bundleId()
                + ": all "
                + scored
                + " scores are NaN or infinite: the weights are corrupt; re-export the bundle");
      }
    }
    if (sample.length > 0 && scored == 0) {
      LOG.warn(
          "deepscore: none of the {} dry-run rows could be encoded (all rejected): check the input",
          sample.length);
    }
    LOG.info(
        "deepscore dry run: {} rows, {} scored, non-finite per model {}",
        sample.length,
        scored,
        Arrays.toString(counter.nonFinite));
    return scored;
  }

  /** Counts the dry run's scores; writes no rows. */
  private static final class Counter implements RowWriter {
    final int[] nonFinite;
    int scored;

    Counter(int models) {
      nonFinite = new int[models];
    }

    @Override
    public void keep(InternalRow input, int slot) {}

    @Override
    public InternalRow accepted(int slot, EncodedBatch batch, float score) {
      throw new IllegalStateException("the scoring pipeline hands every model's scores");
    }

    @Override
    public InternalRow accepted(int slot, EncodedBatch[] batches, float[][] scores) {
      scored++;
      for (int m = 0; m < nonFinite.length; m++) {
        if (!Float.isFinite(scores[m][slot])) {
          nonFinite[m]++;
        }
      }
      return null;
    }

    @Override
    public InternalRow rejected(InternalRow input, Reject reject) {
      return null;
    }
  }
}
