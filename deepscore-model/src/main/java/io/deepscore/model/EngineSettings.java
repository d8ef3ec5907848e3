package io.deepscore.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * Threads of the PyTorch engine, set once per JVM before the engine first loads.
 *
 * <p>libtorch has two pools: intra-op ({@code num_threads}, the threads one operator such as a
 * matmul uses) and inter-op ({@code num_interop_threads}, independent operators run in parallel, a
 * pool used by TorchScript). In a Spark executor with {@code C} cores running {@code C} tasks, each
 * task already is one thread of parallelism: {@code numThreads = 1, numInteropThreads = 1} is the
 * robust setting (FINDINGS.md); more intra-op threads only help when there are fewer tasks than
 * cores.
 *
 * <p>{@link #apply()} sets the system properties {@code ai.djl.pytorch.num_threads} and {@code
 * ai.djl.pytorch.num_interop_threads}, which DJL reads when the PyTorch engine loads, then loads
 * the engine and reads the effective values back from libtorch. If the engine was already loaded
 * with other values, the intra-op count is changed directly (libtorch allows that at any time); the
 * inter-op count cannot change after the engine started any work, which {@link
 * Effective#warnings()} reports. Note that {@code OMP_NUM_THREADS} (environment) also bounds OpenMP
 * inside libtorch; it is reported, never changed (a JVM cannot change its own environment).
 *
 * @param numThreads intra-op threads, 0 = keep the engine default (one per core)
 * @param numInteropThreads inter-op threads, 0 = keep the engine default
 */
public record EngineSettings(int numThreads, int numInteropThreads) {

  /** System property DJL's PyTorch engine reads for intra-op threads. */
  public static final String NUM_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  /** System property DJL's PyTorch engine reads for inter-op threads. */
  public static final String NUM_INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

  /** Validates that both counts are &gt;= 0. */
  public EngineSettings {
    if (numThreads < 0 || numInteropThreads < 0) {
      throw new IllegalArgumentException(
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

  /**
   * Sets the properties, loads the PyTorch engine (if not yet loaded) and returns what libtorch
   * actually uses. Idempotent; safe to call from several threads (synchronized).
   */
  public Effective apply() {
    synchronized (EngineSettings.class) {
      if (numThreads > 0) {
        System.setProperty(NUM_THREADS_PROPERTY, Integer.toString(numThreads));
      }
      if (numInteropThreads > 0) {
        System.setProperty(NUM_INTEROP_THREADS_PROPERTY, Integer.toString(numInteropThreads));
      }
      Engine engine = Engine.getEngine("PyTorch");
      List<String> warnings = new ArrayList<>();
      if (numThreads > 0 && JniUtils.getNumThreads() != numThreads) {
        JniUtils.setNumThreads(numThreads);
      }
      int intra = JniUtils.getNumThreads();
      int inter = JniUtils.getNumInteropThreads();
      if (numThreads > 0 && intra != numThreads) {
        warnings.add("num_threads is " + intra + ", requested " + numThreads);
      }
      if (numInteropThreads > 0 && inter != numInteropThreads) {
        warnings.add(
            "num_interop_threads is "
                + inter
                + ", requested "
                + numInteropThreads
                + ": the engine was loaded before these settings were applied; apply them first"
                + " thing in the JVM (before any model load)");
      }
      return new Effective(
          intra,
          inter,
          System.getenv("OMP_NUM_THREADS"),
          engine.getVersion(),
          List.copyOf(warnings));
    }
  }

  /**
   * What the engine really uses.
   *
   * @param numThreads libtorch intra-op threads ({@code torch.get_num_threads()})
   * @param numInteropThreads libtorch inter-op threads ({@code torch.get_num_interop_threads()})
   * @param ompNumThreads the {@code OMP_NUM_THREADS} environment variable, null if unset
   * @param engineVersion the libtorch version
   * @param warnings requested values the engine did not take, empty if all applied
   */
  public record Effective(
      int numThreads,
      int numInteropThreads,
      String ompNumThreads,
      String engineVersion,
      List<String> warnings) {
    @Override
    public String toString() {
      return "pytorch "
          + engineVersion
          + " num_threads="
          + numThreads
          + " num_interop_threads="
          + numInteropThreads
          + " OMP_NUM_THREADS="
          + (ompNumThreads == null ? "unset" : ompNumThreads)
          + (warnings.isEmpty() ? "" : " warnings=" + warnings);
    }
  }
}
