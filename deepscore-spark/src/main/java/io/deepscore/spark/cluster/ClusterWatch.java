package io.deepscore.spark.cluster;

import io.deepscore.errors.ClusterFailureException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;

/**
 * Turns the failures a cluster causes into one line a person can act on, instead of Spark's {@code
 * Cannot call methods on a stopped SparkContext} or an endless {@code Initial job has not accepted
 * any resources}.
 *
 * <p>What it watches on the driver: the reason a standalone master gives when it ends the
 * application and why each executor launch failed ({@link SchedulerLog}, read from before the
 * SparkContext starts, since executors that cannot launch make the master give up within seconds);
 * the stderr log URL of every executor that registered (to point at when one is lost); and a timer
 * that cancels the jobs when no executor registers within {@value #EXECUTOR_START_TIMEOUT} (default
 * {@value #DEFAULT_TIMEOUT}; {@code 0} waits forever), because a cluster that cannot give the
 * executors asked for (more memory or cores than any worker has) makes a job wait forever.
 *
 * <p>Use: {@link #start()} before the session is created, {@link #watch} once it exists, {@link
 * #explain} when a command fails, {@link #close()} at the end. Thread safety: listener callbacks,
 * the timer and {@link #explain} run on different threads; the state is concurrent or volatile.
 */
public final class ClusterWatch extends SparkListener implements AutoCloseable {

  /** How long a job may wait for its first executor before it is cancelled with a diagnosis. */
  public static final String EXECUTOR_START_TIMEOUT = "spark.deepscore.executorStartTimeout";

  static final String DEFAULT_TIMEOUT = "10min";

  private static final Pattern LOST_EXECUTOR =
      Pattern.compile("ExecutorLostFailure \\(executor (\\S+)");

  private final SchedulerLog schedulerLog;
  private final Map<String, String> stderrUrls = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "deepscore-cluster-watch");
            t.setDaemon(true);
            return t;
          });
  private volatile SparkContext sc;
  private volatile boolean local;
  private volatile String noExecutors;

  private ClusterWatch(SchedulerLog schedulerLog) {
    this.schedulerLog = schedulerLog;
  }

  /** Starts reading the scheduler's log; call before the session is created. */
  public static ClusterWatch start() {
    SchedulerLog log = new SchedulerLog();
    log.attach();
    return new ClusterWatch(log);
  }

  /** Watches {@code spark}'s context; on a local master there is no cluster, and it stops. */
  public void watch(SparkSession spark) {
    SparkContext context = spark.sparkContext();
    if (context.isLocal()) {
      local = true;
      close();
      return;
    }
    sc = context;
    if (!context.isStopped()) {
      context.addSparkListener(this);
    }
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded added) {
    scala.Option<String> url = added.executorInfo().logUrlMap().get("stderr");
    if (url.isDefined()) {
      stderrUrls.put(added.executorId(), url.get());
    }
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    long timeout = sc.getConf().getTimeAsSeconds(EXECUTOR_START_TIMEOUT, DEFAULT_TIMEOUT);
    if (timeout > 0 && RegisteredExecutors.active(sc).isEmpty()) {
      timer.schedule(() -> checkExecutors(job.jobId(), timeout), timeout, TimeUnit.SECONDS);
    }
  }

  private void checkExecutors(int jobId, long timeout) {
    if (!RegisteredExecutors.active(sc).isEmpty()
        || sc.isStopped()
        || sc.statusTracker().getActiveJobIds().length == 0) {
      return;
    }
    var conf = sc.getConf();
    noExecutors =
        "no executor registered within "
            + timeout
            + " s of job "
            + jobId
            + "'s start on "
            + sc.master()
            + ": the cluster cannot give an executor of spark.executor.memory="
            + conf.get("spark.executor.memory", "1g")
            + " (plus spark.executor.memoryOverhead) and spark.executor.cores="
            + conf.get("spark.executor.cores", "all of a worker's")
            + " (more than any worker offers, or the cluster is full). Compare with the workers'"
            + " free memory and cores in the master's web UI, lower those settings, or raise "
            + EXECUTOR_START_TIMEOUT
            + " (0 waits forever)";
    sc.cancelAllJobs();
  }

  /**
   * What the cluster did, if {@code failure} came from it: the application ended by the cluster
   * manager (with the master's reason and, if no executor ever started, the last launch error), no
   * executor within the timeout, or an executor lost (with its log URL).
   */
  public Optional<ClusterFailureException> explain(Throwable failure) {
    if (local) {
      return Optional.empty();
    }
    if (noExecutors != null) {
      return Optional.of(new ClusterFailureException(noExecutors, failure));
    }
    String killed = schedulerLog.applicationKilled();
    if (killed != null || (sc != null && sc.isStopped())) {
      return Optional.of(new ClusterFailureException(ended(killed), failure));
    }
    Matcher lost = LOST_EXECUTOR.matcher(String.valueOf(failure.getMessage()));
    if (lost.find()) {
      String url = stderrUrls.get(lost.group(1));
      return Optional.of(
          new ClusterFailureException(
              firstLine(failure)
                  + (url == null ? "" : "; executor " + lost.group(1) + "'s stderr: " + url),
              failure));
    }
    return Optional.empty();
  }

  /** The application was ended by the cluster: the reason, the failed launch, where to look. */
  private String ended(String killed) {
    SchedulerLog.Removal launch = schedulerLog.lastRemoval();
    String app =
        sc != null ? sc.applicationId() : launch != null ? launch.appId() : "(no application id)";
    StringBuilder m = new StringBuilder("the cluster ended application ").append(app);
    m.append(killed != null ? " (" + killed + ")" : " (its SparkContext was stopped)");
    if (stderrUrls.isEmpty() && launch != null) {
      m.append(": no executor could start; executor ")
          .append(launch.executorId())
          .append(" on worker ")
          .append(launch.worker())
          .append(" failed with: ")
          .append(launch.message().strip().replaceAll("\\.+$", ""));
    }
    return m.append(". Read the executor's stderr in the worker's work dir (<work dir>/")
        .append(app)
        .append("/<executor id>/stderr), the worker's log and the master's log")
        .toString();
  }

  private static String firstLine(Throwable t) {
    String m = String.valueOf(t.getMessage()).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** Stops the timer and the log reading (the listener goes with its SparkContext). */
  @Override
  public void close() {
    timer.shutdownNow();
    schedulerLog.detach();
    SparkContext context = sc;
    if (context != null && !context.isStopped()) {
      context.removeSparkListener(this);
    }
  }
}
