package io.deepscore.spark.score;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.features.Reject;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring dry run on the driver, before any scoring job: one batch of input rows through the
 * executors' code path ({@link ScoringIterator} with a task scorer), so corrupt weights, a model
 * that cannot take the input or a bad row under the {@code error} policy fail in seconds.
 */
final class DryRun {

  private static final Logger LOG = LoggerFactory.getLogger(DryRun.class);

  private DryRun() {}

  /**
   * Scores up to {@code batchSize} rows of {@code input} on the driver through the executors' code
   * path; fails if the model cannot score them.
   *
   * @return the dry run's rows (scored and rejected), for tests
   */
  static List<Row> run(
      BundleRef ref,
      LoadedBundle loaded,
      Dataset<Row> input,
      RawRowLayout layout,
      int batchSize,
      InvalidRowPolicy policy,
      ScoringIterator.RowOutput output) {
    List<Row> sample = input.limit(batchSize).collectAsList();
    List<Row> out = new ArrayList<>();
    int scored = 0;
    int nonFinite = 0;
    try (TaskScorers.Lease lease = TaskScorers.acquire(ref, loaded)) {
      Iterator<Row> it =
          new ScoringIterator(
              sample.iterator(),
              layout,
              loaded.encoder(),
              lease.scorer(),
              batchSize,
              policy,
              new ScoringIterator.RowOutput() {
                @Override
                public Row scored(Row in, String id, float score) {
                  return RowFactory.create(id, score);
                }

                @Override
                public Row rejected(Row in, Reject reject) {
                  return RowFactory.create(reject.id(), null, reject.message());
                }
              },
              null);
      while (it.hasNext()) {
        Row r = it.next();
        out.add(r);
        if (r.size() == 2) {
          scored++;
          if (!Float.isFinite(r.getFloat(1))) {
            nonFinite++;
          }
        }
      }
    } catch (DeepScoreException e) {
      throw e.withContext("dry run of model bundle " + ref.bundleId() + " failed: ");
    } catch (RuntimeException e) {
      throw new EngineFailureException(
          "dry run of model bundle " + ref.bundleId() + " failed: " + e.getMessage(), e);
    }
    if (scored > 0 && nonFinite == scored) {
      throw new ModelContractException(
          "dry run of model bundle "
              + ref.bundleId()
              + ": all "
              + scored
              + " scores are NaN or infinite: the weights are corrupt; re-export the bundle");
    }
    if (!sample.isEmpty() && scored == 0) {
      LOG.warn(
          "deepscore: none of the {} dry-run rows could be encoded (all rejected): check the input",
          sample.size());
    }
    LOG.info(
        "deepscore dry run: {} rows, {} scored, {} non-finite", sample.size(), scored, nonFinite);
    return out;
  }
}
