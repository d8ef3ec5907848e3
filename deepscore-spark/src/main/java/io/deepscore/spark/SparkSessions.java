package io.deepscore.spark;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that builds deepscore's {@link SparkSession}.
 *
 * <p>Resolution of the master, in order: an explicit {@code master} argument (the CLI's {@code
 * --master}); the {@code spark.master} already set by {@code spark-submit}; otherwise the embedded
 * default {@value #DEFAULT_MASTER}. Local masters bind the driver to loopback and keep the UI off
 * unless asked for, so a laptop or CI run never opens a port on a real interface. Cluster masters
 * give every executor {@link #EXECUTOR_ENV} and DJL's offline flag unless the job sets them.
 *
 * <p>Thread safety: Spark keeps one active session per JVM; calling {@link #getOrCreate} twice
 * returns the same session (the second call's options are ignored by Spark for static confs).
 */
public final class SparkSessions {

  /** The embedded default: every core of this machine. */
  public static final String DEFAULT_MASTER = "local[*]";

  /**
   * The environment every executor of a cluster gets unless the job sets {@code
   * spark.executorEnv.<name>} itself: glibc keeps libtorch's large per-batch buffers instead of
   * returning them to the OS and faulting them in again on every batch (docs/tuning.md), in at most
   * two arenas, so what it keeps is bounded (docs/operations.md, "Memory budget"); DJL never
   * downloads and never calls home.
   */
  public static final Map<String, String> EXECUTOR_ENV =
      Map.of(
          "MALLOC_MMAP_MAX_", "0",
          "MALLOC_TRIM_THRESHOLD_", "2147483648",
          "MALLOC_ARENA_MAX", "2",
          "DJL_OFFLINE", "true",
          "OPT_OUT_TRACKING", "true");

  /**
   * Added to {@code spark.executor.extraJavaOptions}, each unless it already sets the property: DJL
   * offline, and no per-thread cache of the JDK's temporary direct buffers above 1 MB (Spark moves
   * persisted blocks of tens of MB through channels; docs/operations.md, "Memory budget").
   */
  static final List<String> EXECUTOR_PROPERTIES =
      List.of("-Dai.djl.offline=true", "-Djdk.nio.maxCachedBufferSize=1048576");

  private SparkSessions() {}

  /**
   * Builds (or returns the already running) session.
   *
   * @param appName shown in the Spark UI and logs
   * @param master explicit master URL, or {@code null} to use spark-submit's or the embedded
   *     default
   * @param extraConf additional Spark settings (applied last, so they win)
   */
  public static SparkSession getOrCreate(
      String appName, String master, Map<String, String> extraConf) {
    Objects.requireNonNull(appName, "appName");
    SparkConf conf = new SparkConf();
    String resolved = master != null ? master : conf.get("spark.master", DEFAULT_MASTER);
    conf.setAppName(appName).setMaster(resolved);
    if (resolved.startsWith("local")) {
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
      // Local runs have few cores: Spark's default of 200 shuffle partitions is pure overhead.
      conf.setIfMissing(
          "spark.sql.shuffle.partitions",
          Integer.toString(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    } else {
      executorDefaults(conf);
    }
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
    extraConf.forEach(conf::set);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** Sets {@link #EXECUTOR_ENV} and {@link #EXECUTOR_PROPERTIES} where the job did not. */
  static void executorDefaults(SparkConf conf) {
    EXECUTOR_ENV.forEach((name, value) -> conf.setIfMissing("spark.executorEnv." + name, value));
    String options = conf.get("spark.executor.extraJavaOptions", "");
    for (String property : EXECUTOR_PROPERTIES) {
      if (!options.contains(property.substring(0, property.indexOf('=') + 1))) {
        options = (options + " " + property).strip();
      }
    }
    conf.set("spark.executor.extraJavaOptions", options);
  }

  /**
   * The session tests share: {@code local[2]}, UI off, few shuffle partitions. One per JVM; never
   * stopped by a test (the JVM exit ends it).
   */
  public static SparkSession forTests() {
    return getOrCreate(
        "deepscore-test",
        "local[2]",
        Map.of(
            "spark.sql.shuffle.partitions", "4",
            "spark.default.parallelism", "4",
            "spark.ui.enabled", "false"));
  }
}
