package io.deepscore.spark.score;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.Scorer;

/**
 * The scoring job's dry run, inside the pass: a task's scorer checks the first batch it scores, so
 * corrupt weights (every score NaN or infinite) or a model that cannot take the input fail the job
 * at its first batch, without a Spark job of its own over the input before the pass. Later batches
 * go straight through. Wraps the task's scorer (which the task owns and closes); not thread-safe.
 */
final class FirstBatchCheck implements Scorer {
  private final Scorer scorer;
  private final String bundleId;
  private boolean checked;

  FirstBatchCheck(Scorer scorer, String bundleId) {
    this.scorer = scorer;
    this.bundleId = bundleId;
  }

  @Override
  public void score(EncodedBatch batch, float[] probabilitiesOut) {
    if (checked) {
      scorer.score(batch, probabilitiesOut);
      return;
    }
    String what = "first batch of model bundle " + bundleId + " failed: ";
    try {
      scorer.score(batch, probabilitiesOut);
    } catch (DeepScoreException e) {
      throw e.withContext(what);
    } catch (RuntimeException e) {
      throw new EngineFailureException(what + e.getMessage(), e);
    }
    checked = true;
    int rows = batch.size();
    for (int r = 0; r < rows; r++) {
      if (Float.isFinite(probabilitiesOut[r])) {
        return;
      }
    }
    if (rows > 0) {
      throw new ModelContractException(
          "model bundle "
              + bundleId
              + ": all "
              + rows
              + " scores of a task's first batch are NaN or infinite: the weights are corrupt;"
              + " re-export the bundle");
    }
  }

  /** The task owns the wrapped scorer ({@link TaskScorers}); closing it twice is harmless. */
  @Override
  public void close() {
    scorer.close();
  }
}
