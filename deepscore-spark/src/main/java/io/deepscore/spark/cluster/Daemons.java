package io.deepscore.spark.cluster;

import io.deepscore.errors.ClusterFailureException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;

/**
 * Launches and ends the JVMs of a {@link LocalCluster}: the master on two free loopback ports (RPC,
 * web UI), workers on ports the OS picks (0), each with its log file, stdin from /dev/null so they
 * outlive the process that started them.
 */
final class Daemons {

  private static final String MASTER = "org.apache.spark.deploy.master.Master";
  private static final String WORKER = "org.apache.spark.deploy.worker.Worker";
  private static final String LOOPBACK = "127.0.0.1";
  private static final int PORT_ATTEMPTS = 3;

  private final SparkHome home;
  private final Path dir;
  private final LocalCluster.Options options;
  private final long deadlineNanos;
  private final List<Process> launched = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();

  /** The running master: its daemon record, URL and web UI. */
  record Master(LocalCluster.Daemon daemon, String url, URI webUi) {}

  Daemons(SparkHome home, Path dir, LocalCluster.Options options) {
    this.home = home;
    this.dir = dir;
    this.options = options;
    this.deadlineNanos = System.nanoTime() + options.startTimeout().toNanos();
  }

  /**
   * Starts the master and waits until it is ALIVE. Ports are chosen free just before the start; if
   * another process takes one in between, the master fails to bind (Spark's port retries are off so
   * it never silently moves to another port) and is started again on new ones.
   */
  Master startMaster() throws IOException {
    Path log = logFile("master");
    for (int attempt = 1; ; attempt++) {
      int port = freePort();
      int uiPort = freePort();
      Process p =
          launch(
              log,
              Map.of(),
              List.of("-Dspark.port.maxRetries=0", "-Dspark.master.rest.enabled=false"),
              MASTER,
              "--host",
              LOOPBACK,
              "--port",
              Integer.toString(port),
              "--webui-port",
              Integer.toString(uiPort));
      URI webUi = URI.create("http://" + LOOPBACK + ":" + uiPort);
      while (p.isAlive() && !timedOut()) {
        try {
          MasterStatus status = MasterStatus.fetch(webUi);
          if (status.status().equals("ALIVE")) {
            return new Master(daemon("master", p, log, null), status.url(), webUi);
          }
        } catch (IOException notYet) {
          // the web UI is not up yet
        }
        pause();
      }
      if (p.isAlive()) {
        throw failure("the Spark master did not come up within " + timeout(), log);
      }
      if (attempt == PORT_ATTEMPTS || !Files.readString(log).contains("BindException")) {
        throw failure("the Spark master exited with code " + p.exitValue(), log);
      }
    }
  }

  /** Starts worker {@code index} (1-based) against {@code masterUrl}; does not wait. */
  LocalCluster.Daemon startWorker(int index, String masterUrl) throws IOException {
    String name = "worker-" + index;
    Path workDir = Files.createDirectories(dir.resolve(name));
    Path log = logFile(name);
    Process p =
        launch(
            log,
            options.workerEnv(),
            List.of(),
            WORKER,
            "--host",
            LOOPBACK,
            "--port",
            "0",
            "--webui-port",
            "0",
            "--cores",
            Integer.toString(options.workerCores()),
            "--memory",
            options.workerMemory(),
            "--work-dir",
            workDir.toString(),
            masterUrl);
    workers.add(p);
    return daemon(name, p, log, workDir);
  }

  /** Waits until {@code count} workers are ALIVE at the master; fails if a worker exits. */
  void awaitWorkers(Master master, int count) {
    while (!timedOut()) {
      for (int i = 0; i < workers.size(); i++) {
        if (!workers.get(i).isAlive()) {
          String name = "worker-" + (i + 1);
          throw failure(
              "Spark " + name + " exited with code " + workers.get(i).exitValue(), logFile(name));
        }
      }
      try {
        if (MasterStatus.fetch(master.webUi()).aliveWorkers() >= count) {
          return;
        }
      } catch (IOException e) {
        throw failure("the Spark master stopped answering: " + e.getMessage(), logFile("master"));
      }
      pause();
    }
    throw failure(
        "not all " + count + " workers registered with the master within " + timeout(),
        logFile("worker-1"));
  }

  /** Ends everything this object launched (used when a start fails half-way). */
  void stopAll() {
    end(launched.stream().map(Process::toHandle).toList());
  }

  /**
   * Ends {@code processes} and all their descendants: descendants are listed first (once a parent
   * is gone its children are re-parented and cannot be found from it), then everything gets
   * SIGTERM, then SIGKILL what is still alive after a grace period.
   *
   * @return the pids that were alive and are now ended
   */
  static List<Long> end(List<ProcessHandle> processes) {
    List<ProcessHandle> all = new ArrayList<>();
    for (ProcessHandle p : processes) {
      p.descendants().forEach(all::add);
    }
    all.addAll(0, processes);
    List<ProcessHandle> alive = all.stream().filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : alive) {
      try {
        p.onExit().get(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
    for (ProcessHandle p : alive) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.onExit().join();
      }
    }
    return alive.stream().map(ProcessHandle::pid).toList();
  }

  private Process launch(
      Path log,
      Map<String, String> envOverrides,
      List<String> jvmOptions,
      String mainClass,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(home.classPath());
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", home.dir().toString());
    // Without it the executor launcher looks for a Spark source build and every executor fails
    // with "Cannot find any build directories".
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    // Executors run on the workers' Java, not whatever JAVA_HOME the caller's shell had.
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.remove("SPARK_CONF_DIR");
    envOverrides.forEach(
        (k, v) -> {
          if (v == null) {
            env.remove(k);
          } else {
            env.put(k, v);
          }
        });
    Process p = pb.start();
    launched.add(p);
    return p;
  }

  private static LocalCluster.Daemon daemon(String name, Process p, Path log, Path workDir) {
    Instant started = p.info().startInstant().orElseGet(Instant::now);
    return new LocalCluster.Daemon(name, p.pid(), started.toEpochMilli(), log, workDir);
  }

  private Path logFile(String name) {
    Path logs = dir.resolve("logs");
    try {
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return logs.resolve(name + ".log");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    }
  }

  private boolean timedOut() {
    return System.nanoTime() > deadlineNanos;
  }

  private String timeout() {
    return options.startTimeout().toSeconds() + " s";
  }

  private static void pause() {
    try {
      Thread.sleep(300);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClusterFailureException("interrupted while starting the cluster", e);
    }
  }

  /** A start failure naming the log to read and its most telling line. */
  private static ClusterFailureException failure(String what, Path log) {
    return new ClusterFailureException(what + ": see " + log + telling(log));
  }

  /** The last error or exception line of a log, if any. */
  static String telling(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        String line = lines.get(i);
        if (line.contains("ERROR") || line.contains("Exception")) {
          return " (" + line.strip() + ")";
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
    return "";
  }
}
