package io.deepscore.spark.score;

import io.deepscore.spark.cluster.RegisteredExecutors;
import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * How many libtorch threads each scoring task uses, decided once on the driver.
 *
 * <p>An executor with {@code C} cores runs {@code T = C / spark.task.cpus} tasks at once; each task
 * is one scoring thread, so intra-op threads per task = {@code max(1, C / T)} (that is {@code
 * spark.task.cpus}): more would oversubscribe the cores. {@code local[N]} has {@code C = T = N},
 * hence 1 thread per task. Inter-op threads are set to the same count (the DJL network has no
 * independent operators to run in parallel; TorchScript models may). An explicit {@code threads}
 * overrides the derivation.
 *
 * <p>{@code C} is read from the executors registered with the running application (every cluster
 * manager: standalone, YARN, Kubernetes, local), so it is the real count even where {@code
 * spark.executor.cores} is unset (standalone gives an executor all of a worker's cores); before any
 * executor registered it comes from the configuration.
 *
 * <p>Spark also exports {@code OMP_NUM_THREADS = spark.task.cpus} to executors unless the user set
 * it: it silently caps libtorch's OpenMP pool, so it is logged next to the plan.
 *
 * @param executorCores cores per executor (the smallest when they differ; -1 when unknown)
 * @param taskCpus {@code spark.task.cpus}
 * @param concurrentTasks tasks one executor runs at once (-1 when unknown)
 * @param intraOpThreads libtorch intra-op threads per task, &gt;= 1
 * @param interOpThreads libtorch inter-op threads, &gt;= 1
 * @param derived false when {@code threads} was given explicitly
 * @param coresSource where {@code executorCores} comes from, printed with the plan
 */
public record ThreadPlan(
    int executorCores,
    int taskCpus,
    int concurrentTasks,
    int intraOpThreads,
    int interOpThreads,
    boolean derived,
    String coresSource)
    implements Serializable {

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

  /** Validates the thread counts. */
  public ThreadPlan {
    if (intraOpThreads < 1 || interOpThreads < 1) {
      throw new IllegalArgumentException(
          "thread counts must be >= 1, got intra-op "
              + intraOpThreads
              + ", inter-op "
              + interOpThreads);
    }
  }

  /** Executor cores and where they come from; {@code value} is -1 when unknown. */
  record Cores(int value, String source) {}

  /**
   * The plan for a running application: executor cores from the executors registered now, else from
   * its configuration ({@link #derive(SparkConf, int)}).
   *
   * @param requestedThreads an explicit intra-op count, or 0 to derive
   */
  public static ThreadPlan derive(SparkContext sc, int requestedThreads) {
    Cores cores =
        RegisteredExecutors.cores(sc)
            .map(c -> new Cores(c.min(), describe(sc, c)))
            .orElseGet(() -> coresFromConf(sc.getConf()));
    return plan(sc.getConf(), cores, requestedThreads);
  }

  private static String describe(SparkContext sc, RegisteredExecutors.Cores c) {
    if (sc.isLocal()) {
      return "from " + sc.master();
    }
    return "from "
        + c.executors()
        + (c.executors() == 1 ? " registered executor" : " registered executors")
        + (c.min() == c.max() ? "" : ", " + c.min() + ".." + c.max() + " cores");
  }

  /**
   * The plan from a configuration alone (no running application): local masters, {@code
   * spark.executor.cores}, or YARN's and Kubernetes' default of 1.
   *
   * @param requestedThreads an explicit intra-op count, or 0 to derive
   */
  public static ThreadPlan derive(SparkConf conf, int requestedThreads) {
    return plan(conf, coresFromConf(conf), requestedThreads);
  }

  private static ThreadPlan plan(SparkConf conf, Cores cores, int requestedThreads) {
    if (requestedThreads < 0) {
      throw new IllegalArgumentException(
          "threads must be >= 0 (0 = derive), got " + requestedThreads);
    }
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    int c = cores.value();
    int tasks = c > 0 ? Math.max(1, c / taskCpus) : -1;
    int derived = c > 0 ? Math.max(1, c / tasks) : taskCpus;
    int intra = requestedThreads > 0 ? requestedThreads : derived;
    return new ThreadPlan(c, taskCpus, tasks, intra, intra, requestedThreads == 0, cores.source());
  }

  /** Cores per executor from the configuration alone. */
  static Cores coresFromConf(SparkConf conf) {
    String master = conf.get("spark.master", "").trim();
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      String n = m.group(1);
      int cores =
          n == null
              ? 1
              : n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
      return new Cores(cores, "from " + master);
    }
    if (conf.contains("spark.executor.cores")) {
      return new Cores(conf.getInt("spark.executor.cores", 1), "from spark.executor.cores");
    }
    if (master.startsWith("yarn") || master.startsWith("k8s://")) {
      return new Cores(1, "YARN's and Kubernetes' default spark.executor.cores");
    }
    return new Cores(-1, "no executor registered yet");
  }

  @Override
  public String toString() {
    return "intra_op_threads="
        + intraOpThreads
        + " inter_op_threads="
        + interOpThreads
        + (derived ? " (derived: " : " (explicit; ")
        + "executor_cores="
        + (executorCores < 0 ? "unknown" : executorCores)
        + " ["
        + coresSource
        + "] task_cpus="
        + taskCpus
        + " concurrent_tasks="
        + (concurrentTasks < 0 ? "unknown" : concurrentTasks)
        + ")";
  }
}
