package io.deepscore.model.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.deepscore.model.EngineSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies {@link EngineSettings} to libtorch. Only the PyTorch-based engines call this (ONNX and
 * XGBoost models never load libtorch).
 *
 * <p>libtorch has two pools: intra-op ({@code num_threads}, the threads one operator such as a
 * matmul uses) and inter-op ({@code num_interop_threads}, independent operators run in parallel, a
 * pool used by TorchScript). {@link #apply} sets the system properties {@value
 * #NUM_THREADS_PROPERTY} and {@value #NUM_INTEROP_THREADS_PROPERTY}, which DJL reads when the
 * PyTorch engine loads, then loads the engine and reads the effective values back from libtorch. If
 * the engine was already loaded with other values, the intra-op count is changed directly (libtorch
 * allows that at any time, and it is per OpenMP thread: apply it on the thread that runs the
 * model); the inter-op count cannot change after the engine started any work, which {@link
 * Effective#warnings()} reports. {@code OMP_NUM_THREADS} (environment) also bounds OpenMP inside
 * libtorch; it is reported, never changed (a JVM cannot change its own environment).
 */
public final class PyTorchThreads {

  /** System property DJL's PyTorch engine reads for intra-op threads. */
  public static final String NUM_THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  /** System property DJL's PyTorch engine reads for inter-op threads. */
  public static final String NUM_INTEROP_THREADS_PROPERTY = "ai.djl.pytorch.num_interop_threads";

  private PyTorchThreads() {}

  /**
   * Sets the properties, loads the PyTorch engine (if not yet loaded), sets the calling thread's
   * intra-op count and returns what libtorch actually uses. Idempotent; safe to call from several
   * threads (synchronized).
   */
  public static Effective apply(EngineSettings settings) {
    int numThreads = settings.numThreads();
    int numInteropThreads = settings.numInteropThreads();
    synchronized (PyTorchThreads.class) {
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
   * What libtorch really uses.
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
