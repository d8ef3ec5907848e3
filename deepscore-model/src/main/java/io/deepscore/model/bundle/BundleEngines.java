package io.deepscore.model.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The {@link BundleEngine}s on the class path, found with {@link ServiceLoader} through the calling
 * thread's context class loader (in a Spark executor, the one that sees the job's jars), else the
 * loader of this class. Looked up on each call: a lookup costs microseconds and happens once per
 * bundle opened, and no registry state outlives it.
 */
public final class BundleEngines {

  private BundleEngines() {}

  /** Every engine on the class path, by id (sorted). */
  public static Map<String, BundleEngine> all() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = BundleEngines.class.getClassLoader();
    }
    Map<String, BundleEngine> engines = new TreeMap<>();
    for (BundleEngine e : ServiceLoader.load(BundleEngine.class, loader)) {
      BundleEngine other = engines.putIfAbsent(e.id(), e);
      if (other != null && other.getClass() != e.getClass()) {
        throw new IllegalStateException(
            "two bundle engines claim the id '"
                + e.id()
                + "': "
                + other.getClass().getName()
                + " and "
                + e.getClass().getName()
                + "; remove one of them from the class path");
      }
    }
    return engines;
  }

  /** The ids of every engine on the class path, sorted. */
  public static List<String> ids() {
    return new ArrayList<>(all().keySet());
  }

  /**
   * The engine of a manifest.
   *
   * @param where names the bundle in the error message
   * @throws BundleException naming the engines this build supports
   */
  public static BundleEngine get(String id, Object where) {
    Map<String, BundleEngine> engines = all();
    BundleEngine e = engines.get(id);
    if (e == null) {
      throw new BundleException(
          "bundle "
              + where
              + ": engine '"
              + id
              + "' is not supported by this deepscore build (supported: "
              + String.join(", ", engines.keySet())
              + "); add the jar that provides it to the class path");
    }
    return e;
  }
}
