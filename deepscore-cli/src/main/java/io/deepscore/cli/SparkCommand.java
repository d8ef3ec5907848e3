package io.deepscore.cli;

import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.cluster.ClusterWatch;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Base of the commands that run a Spark job: shared options, logging and the session. */
abstract class SparkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin SparkOptions sparkOptions;

  /** Watches a cluster application for failures the cluster causes; null before spark(). */
  private ClusterWatch clusterWatch;

  /** Standard output of the CLI (injected, so tests can read it). */
  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Raises a usage error (exit code 2) naming the option and what was expected. */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Builds or returns the session; logging is configured first so Spark's start-up is quiet. */
  SparkSession spark() {
    CliLogging.configure(common.verbose);
    Map<String, String> conf = new HashMap<>();
    // Spark's console progress bar only when a person is watching.
    conf.put("spark.ui.showConsoleProgress", Boolean.toString(System.console() != null));
    // The SparkContext re-initializes logging (under spark-submit: Spark's INFO defaults); this
    // keeps the level chosen above.
    conf.put("spark.log.level", common.verbose ? "INFO" : "WARN");
    if (clusterWatch != null) {
      clusterWatch.close();
    }
    // Started before the session: a cluster can end the application while its context starts.
    clusterWatch = ClusterWatch.start();
    SparkSession session =
        SparkSessions.getOrCreate("deepscore " + spec.name(), sparkOptions.master, conf);
    clusterWatch.watch(session);
    return session;
  }

  /** The failure as the cluster explains it (one line, where to look), else {@code failure}. */
  Exception explain(Exception failure) {
    if (clusterWatch == null) {
      return failure;
    }
    return clusterWatch.explain(failure).<Exception>map(e -> e).orElse(failure);
  }
}
