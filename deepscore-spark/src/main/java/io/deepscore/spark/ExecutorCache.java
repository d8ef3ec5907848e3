package io.deepscore.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The one piece of static mutable state deepscore allows: a per-JVM cache of immutable, expensive
 * objects (encoders, loaded models) keyed by their content hash, so every task on an executor
 * shares one copy instead of rebuilding it per partition.
 *
 * <p>Keys must identify content (e.g. bundle id + sha256), never a path alone, so a changed model
 * can never be served from the cache. Entries live as long as the executor JVM; values that hold
 * native memory are closed by the JVM's exit (the executor's whole lifetime is the model's).
 *
 * <p>Thread safety: {@link #get} builds each key at most once even when many tasks ask at the same
 * time; the builder runs outside any global lock so different keys load in parallel.
 */
public final class ExecutorCache {

  private static final ConcurrentMap<String, Object> ENTRIES = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Integer> LOADS = new ConcurrentHashMap<>();

  private ExecutorCache() {}

  /** Returns the cached value for {@code key}, building it once per JVM with {@code loader}. */
  @SuppressWarnings("unchecked")
  public static <T> T get(String key, Class<T> type, Supplier<T> loader) {
    Object value =
        ENTRIES.computeIfAbsent(
            key,
            k -> {
              LOADS.merge(k, 1, Integer::sum);
              return loader.get();
            });
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "executor cache key "
              + key
              + " holds a "
              + value.getClass().getName()
              + ", not a "
              + type.getName());
    }
    return (T) value;
  }

  /** How many times {@code key} was built in this JVM (tests prove "once per JVM" with this). */
  public static int loadCount(String key) {
    return LOADS.getOrDefault(key, 0);
  }
}
