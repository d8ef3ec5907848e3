package io.deepscore.spark.io;

import io.deepscore.errors.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * A job rejected every input row, or more than its maximum reject fraction. Thrown after the
 * outputs were committed, so the rejects (with their reasons) and {@value StagedOutput#RUN_INFO}
 * can be inspected; carries the job's summary for the caller to show.
 */
public class TooManyRejectsException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** The default share of rejected rows above which a run fails (after writing its outputs). */
  public static final double DEFAULT_MAX_FRACTION = 0.5;

  private final List<String> summary;

  private TooManyRejectsException(String message, List<String> summary) {
    super(message);
    this.summary = List.copyOf(summary);
  }

  /** The job's summary lines (as printed on success). */
  public List<String> summary() {
    return summary;
  }

  /**
   * Whether {@code rejected} of {@code rowsIn} breaks the limit: every row rejected (whatever the
   * limit), or more than {@code maxFraction} of them.
   */
  public static boolean exceeds(long rowsIn, long rejected, double maxFraction) {
    return rowsIn > 0 && (rejected == rowsIn || rejected > maxFraction * rowsIn);
  }

  /**
   * Throws when {@link #exceeds} says so.
   *
   * @param rejects where the rejected rows were written
   * @param summary the job's summary lines
   */
  public static void check(
      long rowsIn, long rejected, double maxFraction, String rejects, List<String> summary) {
    if (!exceeds(rowsIn, rejected, maxFraction)) {
      return;
    }
    String what =
        rejected == rowsIn
            ? String.format(Locale.ROOT, "every input row (%,d) was rejected", rowsIn)
            : String.format(
                Locale.ROOT,
                "%,d of %,d input rows (%.1f%%) were rejected, more than --max-reject-fraction"
                    + " %s",
                rejected,
                rowsIn,
                100.0 * rejected / rowsIn,
                maxFraction);
    throw new TooManyRejectsException(
        what
            + ": the outputs were written; see the reasons in "
            + rejects
            + " (usually the input does not match the spec: column names, types or encoding)",
        summary);
  }
}
