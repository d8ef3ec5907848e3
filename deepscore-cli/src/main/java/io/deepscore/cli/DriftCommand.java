package io.deepscore.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code deepscore drift}: today's score run against yesterday's, from their run profiles. */
@Command(
    name = "drift",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two 'deepscore score' outputs by the run profiles they carry (_profile.json):"
          + " PSI of the score distribution (bins: the previous run's deciles), per field the"
          + " move of the OOV, empty and truncated shares and tokens per row (largest first,"
          + " fields moved more than --field-shift flagged SHIFTED), the audience size change.",
      "Writes drift.html with PNG charts; reads no rows and starts no Spark job. Exit 1 when"
          + " --fail-psi is exceeded."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore drift --current /scores/2026-11-27 --previous /scores/2026-11-26",
      "  deepscore drift --current hdfs:///scores/d2 --previous hdfs:///scores/d1 --report"
          + " /tmp/drift --fail-psi 0.2"
    })
final class DriftCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin DriftOptions drift;

  @Option(
      names = "--current",
      required = true,
      paramLabel = "OUT",
      description = "Today's score output.")
  String current;

  @Option(
      names = "--previous",
      required = true,
      paramLabel = "OUT",
      description = "The score output to compare with (yesterday's).")
  String previous;

  @Override
  public Integer call() {
    try {
      drift.validate();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CliLogging.configure(common.verbose);
    return drift.check(
        new Configuration(),
        current,
        previous,
        spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
