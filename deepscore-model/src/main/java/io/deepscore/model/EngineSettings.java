package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;

/**
 * The threads a model may use, as the job decided them (in Spark: per task, from the executor's
 * cores). Engine-neutral: each engine maps it to its own knobs when it loads a model or hands out a
 * scorer, and nothing here loads an engine. The PyTorch-based engines ({@code djl-pytorch}, {@code
 * torchscript}) set libtorch's intra-op ({@code num_threads}) and inter-op ({@code
 * num_interop_threads}) pools ({@link io.deepscore.model.djl.PyTorchThreads}); ONNX Runtime takes
 * them as session options; XGBoost takes {@code numThreads} as {@code nthread}.
 *
 * <p>In a Spark executor with {@code C} cores running {@code C} tasks, each task already is one
 * thread of parallelism: {@code threads(1)} is the robust setting (docs/tuning.md); more intra-op
 * threads only help when there are fewer tasks than cores.
 *
 * @param numThreads intra-op threads, 0 = keep the engine default (one per core)
 * @param numInteropThreads inter-op threads, 0 = keep the engine default
 */
public record EngineSettings(int numThreads, int numInteropThreads) {

  /** Validates that both counts are &gt;= 0. */
  public EngineSettings {
    if (numThreads < 0 || numInteropThreads < 0) {
      throw new InvalidInputException(
          "thread counts must be >= 0 (0 = engine default), got num_threads="
              + numThreads
              + ", num_interop_threads="
              + numInteropThreads);
    }
  }

  /** Leave both pools at the engine defaults. */
  public static EngineSettings defaults() {
    return new EngineSettings(0, 0);
  }

  /** The same count for both pools, the usual choice ({@code threads(1)} for one task per core). */
  public static EngineSettings threads(int n) {
    return new EngineSettings(n, n);
  }
}
