package io.deepscore.cli;

import io.deepscore.errors.ClusterFailureException;
import io.deepscore.spark.cluster.LocalCluster;
import io.deepscore.spark.cluster.MasterStatus;
import io.deepscore.spark.cluster.SparkHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code deepscore cluster start|status|stop}: a real Spark standalone cluster on this machine
 * (master and workers as separate JVMs on 127.0.0.1), for trying spark-submit and cluster behaviour
 * on a laptop. See docs/deploy.md.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "A Spark standalone cluster on this machine: a master and N workers, each its own JVM,"
          + " bound to 127.0.0.1 on ports free at start, run from the Spark jars Maven resolved"
          + " (no download). Logs, worker directories (executor logs) and the pids live under"
          + " --dir; 'stop' ends only the processes 'start' launched."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore cluster start --dir /tmp/dc --workers 2",
      "  deepscore cluster status --dir /tmp/dc",
      "  deepscore cluster stop --dir /tmp/dc"
    },
    subcommands = {
      ClusterCommand.Start.class,
      ClusterCommand.Status.class,
      ClusterCommand.Stop.class
    })
final class ClusterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }

  /** Options every cluster subcommand shares. */
  static final class DirOption {
    @Option(
        names = "--dir",
        defaultValue = "deepscore-cluster",
        paramLabel = "DIR",
        description =
            "The cluster's directory (logs, worker dirs, state). Default: ${DEFAULT-VALUE}.")
    Path dir;
  }

  /** Base of the subcommands: shared options and the writer. */
  abstract static class Sub implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin DirOption dirOption;

    PrintWriter out() {
      return spec.commandLine().getOut();
    }
  }

  @Command(
      name = "start",
      mixinStandardHelpOptions = true,
      description = "Starts a master and --workers workers; returns once all have registered.")
  static final class Start extends Sub {
    @Option(
        names = "--workers",
        defaultValue = "2",
        paramLabel = "N",
        description = "Workers. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(
        names = "--worker-cores",
        defaultValue = "1",
        paramLabel = "N",
        description = "Cores each worker offers. Default: ${DEFAULT-VALUE}.")
    int workerCores;

    @Option(
        names = "--worker-memory",
        defaultValue = "2g",
        paramLabel = "SIZE",
        description = "Memory each worker offers to executors. Default: ${DEFAULT-VALUE}.")
    String workerMemory;

    @Option(
        names = "--spark-home",
        paramLabel = "DIR",
        description = "Run from this Spark 4.1 (Scala 2.13) installation instead of Maven's jars.")
    Path sparkHome;

    @Option(
        names = "--spark-jars",
        paramLabel = "FILE",
        description =
            "Spark's jars, one classpath (':' or new lines). Default: the spark-jars.txt that"
                + " deepscore-dist's build writes.")
    Path sparkJars;

    @Override
    public Integer call() {
      if (workers < 1 || workerCores < 1) {
        throw new ParameterException(
            spec.commandLine(), "--workers and --worker-cores must be >= 1");
      }
      if (sparkHome != null && sparkJars != null) {
        throw new ParameterException(
            spec.commandLine(), "--spark-home and --spark-jars exclude each other: pass one");
      }
      Path dir = dirOption.dir;
      SparkHome home =
          sparkHome != null
              ? SparkHome.existing(sparkHome)
              : SparkHome.assemble(
                  dir.resolve("spark-home"), SparkHome.readJarsList(defaultJarsList()));
      LocalCluster cluster =
          LocalCluster.start(
              home, LocalCluster.Options.of(dir, workers, workerCores, workerMemory));
      PrintWriter o = out();
      o.println("cluster started in " + cluster.dir());
      describe(cluster, o);
      o.println(
          "spark-submit: "
              + cluster.sparkHome().sparkSubmit()
              + " --master "
              + cluster.masterUrl()
              + " ...  (docs/deploy.md)");
      o.println("stop with: deepscore cluster stop --dir " + dir);
      return 0;
    }

    private Path defaultJarsList() {
      if (sparkJars != null) {
        return sparkJars;
      }
      String home = System.getenv("DEEPSCORE_HOME");
      Path root = home != null ? Path.of(home) : Path.of("");
      return root.resolve("deepscore-dist").resolve("target").resolve("spark-jars.txt");
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description =
          "The master's view (workers, applications) and whether each process still runs; exit 1"
              + " if the cluster does not answer.")
  static final class Status extends Sub {
    @Override
    public Integer call() {
      LocalCluster cluster = LocalCluster.open(dirOption.dir);
      PrintWriter o = out();
      describe(cluster, o);
      MasterStatus status;
      try {
        status = cluster.status();
      } catch (IOException e) {
        throw new ClusterFailureException(
            "the master at "
                + cluster.webUi()
                + " does not answer ("
                + e.getMessage()
                + "): see "
                + cluster.daemons().get(0).log());
      }
      o.printf(
          "master %s: %s, %d of %d workers alive%n",
          status.url(), status.status(), status.aliveWorkers(), status.workers().size());
      for (MasterStatus.Worker w : status.workers()) {
        o.printf(
            "  worker %s:%d %s  cores %d/%d used  memory %d/%d MiB used  web UI %s%n",
            w.host(),
            w.port(),
            w.state(),
            w.coresUsed(),
            w.cores(),
            w.memoryUsedMb(),
            w.memoryMb(),
            w.webUi());
      }
      printApps(o, "running", status.activeApps());
      printApps(o, "finished", status.completedApps());
      for (MasterStatus.Driver d : status.drivers()) {
        o.printf("driver %s %s on %s%n", d.id(), d.state(), d.worker());
      }
      o.flush();
      return cluster.isRunning() ? 0 : 1;
    }

    private static void printApps(PrintWriter o, String what, List<MasterStatus.App> apps) {
      o.println(what + " applications: " + (apps.isEmpty() ? "none" : ""));
      for (MasterStatus.App a : apps) {
        o.printf(
            "  %s %s  '%s'  %d cores, %d MiB per executor%n",
            a.id(), a.state(), a.name(), a.cores(), a.memoryPerExecutorMb());
      }
    }
  }

  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description =
          "Ends the master, the workers and what they launched (executors, drivers): SIGTERM,"
              + " then SIGKILL after 20 s. Logs and worker directories stay.")
  static final class Stop extends Sub {
    @Override
    public Integer call() {
      LocalCluster cluster = LocalCluster.open(dirOption.dir);
      List<Long> ended = cluster.stop();
      out()
          .println(
              "stopped "
                  + ended.size()
                  + " processes "
                  + ended
                  + "; logs in "
                  + cluster.dir().resolve("logs"));
      return 0;
    }
  }

  /** The master and each worker: URL, pid, whether it runs, log and work dir. */
  private static void describe(LocalCluster cluster, PrintWriter o) {
    for (LocalCluster.Daemon d : cluster.daemons()) {
      String running = LocalCluster.process(d).isPresent() ? "running" : "NOT RUNNING";
      if (d.workDir() == null) {
        o.printf(
            "master: %s  web UI %s  (pid %d, %s, log %s)%n",
            cluster.masterUrl(), cluster.webUi(), d.pid(), running, d.log());
      } else {
        o.printf(
            "%s: pid %d, %s, log %s, executor logs %s/<app id>/<executor id>/stderr%n",
            d.name(), d.pid(), running, d.log(), d.workDir());
      }
    }
  }
}
