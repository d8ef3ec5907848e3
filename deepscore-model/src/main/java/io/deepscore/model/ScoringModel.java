package io.deepscore.model;

/**
 * A loaded model that hands out {@link Scorer}s. Thread-safe: load one per JVM (in Spark: one per
 * executor, cached), call {@link #newScorer()} once per thread.
 *
 * <p>Every engine (DJL network, TorchScript, ONNX, XGBoost, or a plug-in: {@link
 * io.deepscore.model.bundle.BundleEngine}) loads its models behind this interface. {@link #close()}
 * frees the model's native memory; close every scorer first.
 */
public interface ScoringModel extends AutoCloseable {

  /**
   * A new scorer for the calling thread; the caller closes it. Engines with per-thread settings
   * (libtorch's intra-op threads) apply them here, on the thread that will score.
   */
  Scorer newScorer();

  /** Per input field, in contract order, the fixed row length {@code max_length}. */
  int[] maxLengths();

  /** What the model's raw output is (scorers always return probabilities). */
  ModelOutput output();

  /** The engine id as in the bundle manifest, e.g. {@code djl-pytorch}. */
  String engine();

  /**
   * What runs the model and with which threads, one line for logs and job summaries (e.g. {@code
   * pytorch 2.7.1 num_threads=1 num_interop_threads=1 OMP_NUM_THREADS=unset}).
   */
  default String runtime() {
    return engine();
  }

  @Override
  void close();
}
