package io.deepscore.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Logging levels of a command run. Without {@code --verbose} the libraries deepscore runs on
 * (Spark, Hadoop, Parquet, Netty) are silent: their failures reach the user as the command's one
 * error line (a failed Spark task otherwise logs its stack trace three times: executor, task set,
 * writer), and deepscore's own warnings still show. With {@code --verbose} everything logs at INFO.
 */
final class CliLogging {

  /** Loggers silenced without {@code --verbose}, with their level under {@code --verbose}. */
  static final Map<String, Level> LIBRARIES =
      Map.of(
          "org.apache.spark", Level.INFO,
          "org.apache.hadoop", Level.INFO,
          "org.sparkproject", Level.INFO,
          "io.netty", Level.INFO,
          // Parquet's INFO is per-file noise even for --verbose (as in log4j2.properties)
          "org.apache.parquet", Level.ERROR);

  private CliLogging() {}

  /** Applies the levels for a run with or without {@code --verbose}. */
  static void configure(boolean verbose) {
    Configurator.setRootLevel(verbose ? Level.INFO : Level.WARN);
    Map<String, Level> levels = new LinkedHashMap<>();
    LIBRARIES.forEach((logger, level) -> levels.put(logger, verbose ? level : Level.OFF));
    Configurator.setLevel(levels);
  }
}
