package io.deepscore.cli;

import io.deepscore.spark.io.TooManyRejectsException;
import picocli.CommandLine.Option;

/** Options of the commands that read raw records and reject the rows they cannot use. */
final class RejectLimitOptions {

  @Option(
      names = "--max-reject-fraction",
      defaultValue = "" + TooManyRejectsException.DEFAULT_MAX_FRACTION,
      paramLabel = "F",
      description =
          "Fail (exit 3, after writing the outputs) when more than this share of the input rows"
              + " is rejected; a run that rejects every row always fails. Default:"
              + " ${DEFAULT-VALUE}.")
  double maxRejectFraction;

  @Option(
      names = "--allow-empty",
      description =
          "An input path without data files writes empty outputs instead of failing with"
              + " 'no input files'.")
  boolean allowEmpty;

  /** The fraction, checked: a usage error names the option. */
  double maxRejectFraction() {
    if (!(maxRejectFraction >= 0 && maxRejectFraction <= 1)) {
      throw new IllegalArgumentException(
          "--max-reject-fraction must be in [0, 1], got " + maxRejectFraction);
    }
    return maxRejectFraction;
  }
}
