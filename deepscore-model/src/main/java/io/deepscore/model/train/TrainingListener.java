package io.deepscore.model.train;

/**
 * Receives training progress, on the training thread. Implementations must be quick (a progress
 * bar, a log line); an exception thrown here aborts training.
 */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * After every training mini-batch.
   *
   * @param epoch 1-based epoch
   * @param batch 1-based batch within the epoch
   * @param batches batches per epoch
   */
  default void onBatch(int epoch, int batch, int batches) {}

  /** After every epoch's validation. */
  default void onEpoch(EpochReport report) {}

  /** A one-line note about a step before or between epochs (e.g. table pretraining). */
  default void onNote(String line) {}
}
