package io.deepscore.spark.cluster;

import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.status.api.v1.ExecutorSummary;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The executors registered with a running {@link SparkContext}, as Spark's own status store has
 * them (what the web UI's Executors tab and the REST API {@code /executors} show), whatever the
 * cluster manager: local, standalone, YARN or Kubernetes.
 *
 * <p>Read through {@code SparkContext.statusStore()}, which is Scala-package-private but public in
 * bytecode; it needs neither the web UI nor a listener registered before the executors came.
 */
public final class RegisteredExecutors {

  private static final String DRIVER = "driver";

  private RegisteredExecutors() {}

  /**
   * Cores of the executors that run tasks now: in local mode the driver itself (local[N]: N), on a
   * cluster every active executor but the driver.
   *
   * @param min the smallest executor's cores
   * @param max the largest executor's cores
   * @param executors how many executors
   */
  public record Cores(int min, int max, int executors) {}

  /** The cores of the executors registered now; empty while none is registered. */
  public static Optional<Cores> cores(SparkContext sc) {
    List<ExecutorSummary> active = active(sc);
    if (active.isEmpty()) {
      return Optional.empty();
    }
    int min = active.stream().mapToInt(ExecutorSummary::totalCores).min().orElseThrow();
    int max = active.stream().mapToInt(ExecutorSummary::totalCores).max().orElseThrow();
    return Optional.of(new Cores(min, max, active.size()));
  }

  /** The executors that run tasks now (see {@link #cores}). */
  public static List<ExecutorSummary> active(SparkContext sc) {
    boolean local = sc.isLocal();
    return CollectionConverters.asJava(sc.statusStore().executorList(true)).stream()
        .filter(e -> e.id().equals(DRIVER) == local)
        .filter(e -> e.totalCores() > 0)
        .toList();
  }
}
