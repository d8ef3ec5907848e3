package io.deepscore.spark.score;

import java.io.Serializable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

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
 * <p>Spark also exports {@code OMP_NUM_THREADS = spark.task.cpus} to executors unless the user set
 * it: it silently caps libtorch's OpenMP pool, so it is logged next to the plan.
 *
 * @param executorCores cores per executor ({@code local[N]}: N; cluster: {@code
 *     spark.executor.cores}; -1 when unknown)
 * @param taskCpus {@code spark.task.cpus}
 * @param concurrentTasks tasks one executor runs at once (-1 when unknown)
 * @param intraOpThreads libtorch intra-op threads per task, &gt;= 1
 * @param interOpThreads libtorch inter-op threads, &gt;= 1
 * @param derived false when {@code threads} was given explicitly
 */
public record ThreadPlan(
    int executorCores,
    int taskCpus,
    int concurrentTasks,
    int intraOpThreads,
    int interOpThreads,
    boolean derived)
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

  /**
   * The plan for a session's configuration.
   *
   * @param requestedThreads an explicit intra-op count, or 0 to derive
   */
  public static ThreadPlan derive(SparkConf conf, int requestedThreads) {
    if (requestedThreads < 0) {
      throw new IllegalArgumentException(
          "threads must be >= 0 (0 = derive), got " + requestedThreads);
    }
    int taskCpus = Math.max(1, conf.getInt("spark.task.cpus", 1));
    int cores = executorCores(conf);
    int tasks = cores > 0 ? Math.max(1, cores / taskCpus) : -1;
    int derived = cores > 0 ? Math.max(1, cores / tasks) : taskCpus;
    int intra = requestedThreads > 0 ? requestedThreads : derived;
    return new ThreadPlan(cores, taskCpus, tasks, intra, intra, requestedThreads == 0);
  }

  /** Cores per executor: from a local master, else {@code spark.executor.cores}, else -1. */
  static int executorCores(SparkConf conf) {
    String master = conf.get("spark.master", "");
    Matcher m = LOCAL.matcher(master.trim());
    if (m.matches()) {
      String n = m.group(1);
      if (n == null) {
        return 1;
      }
      return n.equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(n);
    }
    return conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", 1) : -1;
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
        + " task_cpus="
        + taskCpus
        + " concurrent_tasks="
        + (concurrentTasks < 0 ? "unknown" : concurrentTasks)
        + ")";
  }
}
