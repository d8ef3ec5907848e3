package io.deepscore.model;

/**
 * A loaded model that hands out {@link Scorer}s. Thread-safe: load one per JVM (in Spark: one per
 * executor, cached), call {@link #newScorer()} once per thread.
 *
 * <p>The implementation for the DJL PyTorch engine is {@link
 * io.deepscore.model.djl.DjlScoringModel}; TorchScript, ONNX or XGBoost models plug in behind the
 * same interface. {@link #close()} frees the model's native memory; close every scorer first.
 */
public interface ScoringModel extends AutoCloseable {

  /** A new scorer for the calling thread; the caller closes it. */
  Scorer newScorer();

  /** Per input field, in contract order, the fixed row length {@code max_length}. */
  int[] maxLengths();

  /** What the model's raw output is (scorers always return probabilities). */
  ModelOutput output();

  /** The engine id as in the bundle manifest, e.g. {@code djl-pytorch}. */
  String engine();

  @Override
  void close();
}
