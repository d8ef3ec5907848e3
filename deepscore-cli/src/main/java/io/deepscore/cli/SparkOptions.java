package io.deepscore.cli;

import picocli.CommandLine.Option;

/** Options of commands that run a Spark job. */
final class SparkOptions {

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master (default: the one spark-submit set, else local[*], every core of this"
              + " machine).")
  String master;
}
