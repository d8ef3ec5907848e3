package io.deepscore.model;

import io.deepscore.features.EncodedBatch;

/**
 * Scores encoded batches with one model. Created by {@link ScoringModel#newScorer()}.
 *
 * <p>Not thread-safe: use one scorer per thread (in Spark: one per task, closed by the task
 * completion listener). Native memory of a batch is freed before {@link #score} returns; the scorer
 * itself holds reusable buffers (a few MB at most) and native handles freed by {@link #close()}.
 */
public interface Scorer extends AutoCloseable {

  /**
   * Scores the first {@code batch.size()} rows of {@code batch} (a partial last batch is fine).
   *
   * @param batch encoded rows following the model's input contract (field order and max lengths of
   *     the bundle's feature spec)
   * @param probabilitiesOut receives one probability in [0, 1] per row at indices {@code [0,
   *     batch.size())}; must have at least {@code batch.size()} elements
   * @throws ScoringException if the engine fails or the batch does not fit the model's contract
   */
  void score(EncodedBatch batch, float[] probabilitiesOut);

  /** Frees the scorer's native resources; the model stays loaded. Idempotent. */
  @Override
  void close();
}
