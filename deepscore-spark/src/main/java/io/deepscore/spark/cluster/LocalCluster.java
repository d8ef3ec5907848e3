package io.deepscore.spark.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepscore.errors.ClusterFailureException;
import io.deepscore.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on this machine: one master and N workers, each its own JVM,
 * bound to 127.0.0.1 only, on ports free at start. Logs, worker directories and the cluster's state
 * ({@value #STATE_FILE}: URLs, pids, logs) live under one directory, so {@link #open} finds a
 * running cluster again from another process and {@link #stop} ends exactly the processes {@link
 * #start} launched (and their children: executors, drivers), never others.
 *
 * <p>For trials and tests (the cluster ITs, {@code deepscore cluster start}); a production cluster
 * is run by its own operators.
 */
public final class LocalCluster {

  /** The state file in the cluster's directory. */
  public static final String STATE_FILE = "cluster.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern EXECUTOR_ARGS =
      Pattern.compile("--executor-id (\\S+) .*--app-id (\\S+)");

  private final Path dir;
  private final State state;

  private LocalCluster(Path dir, State state) {
    this.dir = dir;
    this.state = state;
  }

  /**
   * What to start.
   *
   * @param dir the cluster's directory (logs, worker dirs, state); created if missing
   * @param workers how many workers, &gt;= 1
   * @param workerCores cores each worker offers, &gt;= 1
   * @param workerMemory memory each worker offers to executors, a JVM size such as {@code 2g}
   * @param workerEnv environment overrides for the workers and so their executors; a {@code null}
   *     value removes the variable (to reproduce a misconfigured worker)
   * @param startTimeout how long the master and workers may take to come up
   */
  public record Options(
      Path dir,
      int workers,
      int workerCores,
      String workerMemory,
      Map<String, String> workerEnv,
      Duration startTimeout) {

    /** Validates the options. */
    public Options {
      if (workers < 1 || workerCores < 1) {
        throw new InvalidInputException(
            "a cluster needs at least 1 worker with at least 1 core, got "
                + workers
                + " workers x "
                + workerCores
                + " cores");
      }
      if (!workerMemory.matches("\\d+[mMgG]")) {
        throw new InvalidInputException(
            "worker memory '" + workerMemory + "' is not a size such as 512m or 2g");
      }
      dir = dir.toAbsolutePath().normalize();
      // not Map.copyOf: a null value (remove the variable) is allowed
      workerEnv = Collections.unmodifiableMap(new HashMap<>(workerEnv));
    }

    /** {@code workers} x {@code workerCores} with {@code workerMemory}, no env overrides, 2 min. */
    public static Options of(Path dir, int workers, int workerCores, String workerMemory) {
      return new Options(
          dir, workers, workerCores, workerMemory, Map.of(), Duration.ofSeconds(120));
    }
  }

  /**
   * A process the cluster started: its pid and start time (epoch ms) identify it, so a reused pid
   * is never taken for it. {@code workDir} is null for the master.
   */
  public record Daemon(String name, long pid, long startedMs, Path log, Path workDir) {}

  /** The persisted state ({@value #STATE_FILE}). */
  record State(String masterUrl, String webUi, String sparkHome, List<Daemon> daemons) {}

  /** An executor JVM a worker launched (for tests that kill one, and for status). */
  public record Executor(long pid, String appId, String executorId) {}

  /**
   * Starts a master and {@code options.workers()} workers from {@code home}; returns once every
   * worker has registered with the master. On failure, everything started is stopped again.
   *
   * @throws InvalidInputException if a cluster already runs in the directory
   * @throws ClusterFailureException naming the log of the daemon that did not come up
   */
  public static LocalCluster start(SparkHome home, Options options) {
    Path dir = options.dir();
    Optional<LocalCluster> running = find(dir);
    if (running.isPresent() && running.get().isRunning()) {
      throw new InvalidInputException(
          "a cluster already runs in "
              + dir
              + " (master "
              + running.get().masterUrl()
              + "): stop it first with 'deepscore cluster stop --dir "
              + dir
              + "'");
    }
    Daemons daemons = new Daemons(home, dir, options);
    try {
      Daemons.Master master = daemons.startMaster();
      List<Daemon> all = new ArrayList<>();
      all.add(master.daemon());
      for (int i = 1; i <= options.workers(); i++) {
        all.add(daemons.startWorker(i, master.url()));
      }
      daemons.awaitWorkers(master, options.workers());
      State state = new State(master.url(), master.webUi().toString(), home.dir().toString(), all);
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve(STATE_FILE).toFile(), state);
      return new LocalCluster(dir, state);
    } catch (IOException e) {
      daemons.stopAll();
      throw new UncheckedIOException("cannot start a cluster in " + dir, e);
    } catch (RuntimeException e) {
      daemons.stopAll();
      throw e;
    }
  }

  /** The cluster whose state is in {@code dir}, if one was started there and not stopped. */
  public static Optional<LocalCluster> find(Path dir) {
    Path file = dir.toAbsolutePath().normalize().resolve(STATE_FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new LocalCluster(file.getParent(), JSON.readValue(file.toFile(), State.class)));
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the cluster state " + file + ": " + e, e);
    }
  }

  /**
   * The cluster started in {@code dir}.
   *
   * @throws InvalidInputException if none was started there (or it was stopped)
   */
  public static LocalCluster open(Path dir) {
    return find(dir)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "no cluster was started in "
                        + dir.toAbsolutePath().normalize()
                        + ": start one with 'deepscore cluster start --dir "
                        + dir
                        + "'"));
  }

  public Path dir() {
    return dir;
  }

  /** The master's URL, for {@code --master}. */
  public String masterUrl() {
    return state.masterUrl();
  }

  /** The master's web UI (its JSON is {@code <webUi>/json/}). */
  public URI webUi() {
    return URI.create(state.webUi());
  }

  /** The Spark home the daemons run from ({@code bin/spark-submit} is there). */
  public SparkHome sparkHome() {
    return SparkHome.existing(Path.of(state.sparkHome()));
  }

  /** The master first, then the workers. */
  public List<Daemon> daemons() {
    return state.daemons();
  }

  /** The workers. */
  public List<Daemon> workers() {
    return state.daemons().subList(1, state.daemons().size());
  }

  /** The running process of {@code d}, if it still runs (and is the one that was started). */
  public static Optional<ProcessHandle> process(Daemon d) {
    return ProcessHandle.of(d.pid())
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                h.info()
                    .startInstant()
                    .map(s -> Math.abs(s.toEpochMilli() - d.startedMs()) < 1_000)
                    .orElse(false));
  }

  /** True if every daemon of the cluster still runs. */
  public boolean isRunning() {
    return state.daemons().stream().allMatch(d -> process(d).isPresent());
  }

  /** What the master reports now. */
  public MasterStatus status() throws IOException {
    return MasterStatus.fetch(webUi());
  }

  /** The executor JVMs {@code worker} runs now. */
  public List<Executor> executors(Daemon worker) {
    List<Executor> executors = new ArrayList<>();
    process(worker)
        .ifPresent(
            w ->
                w.children()
                    .forEach(
                        child -> {
                          String cmd = child.info().commandLine().orElse("");
                          Matcher m = EXECUTOR_ARGS.matcher(cmd);
                          if (cmd.contains("CoarseGrainedExecutorBackend") && m.find()) {
                            executors.add(new Executor(child.pid(), m.group(2), m.group(1)));
                          }
                        }));
    return executors;
  }

  /**
   * Ends the daemons this cluster started (workers first) and every process they started
   * (executors, drivers): SIGTERM, then SIGKILL after a grace period. Removes {@value #STATE_FILE};
   * logs and worker directories stay for reading.
   *
   * @return the pids that were ended
   */
  public List<Long> stop() {
    List<ProcessHandle> started = new ArrayList<>();
    for (int i = state.daemons().size() - 1; i >= 0; i--) { // workers first, then the master
      process(state.daemons().get(i)).ifPresent(started::add);
    }
    List<Long> ended = Daemons.end(started);
    try {
      Files.deleteIfExists(dir.resolve(STATE_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ended;
  }
}
