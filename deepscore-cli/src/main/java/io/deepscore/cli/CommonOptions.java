package io.deepscore.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {

  @Option(
      names = "--verbose",
      description = "Log at INFO (Spark, DJL) and print stack traces on failure.")
  boolean verbose;
}
