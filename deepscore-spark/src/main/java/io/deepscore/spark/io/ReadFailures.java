package io.deepscore.spark.io;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.InvalidInputException;
import java.util.Map;
import org.apache.spark.SparkThrowable;

/**
 * Turns Spark's failure to read an input file (a truncated Parquet file, a CSV file whose header
 * differs from the first file's, a corrupt gzip stream) into one typed error naming the file.
 *
 * <p>Spark reports these from a task as {@code FAILED_READ_FILE} (with the file in its message
 * parameters) wrapped in several "Job aborted" layers; the cause at the bottom says what is wrong
 * but often not where.
 */
public final class ReadFailures {

  private ReadFailures() {}

  /**
   * Throws {@code e} as an {@link InvalidInputException} naming the unreadable file; deepscore's
   * own error when {@code e} wraps one (a task's failure arrives wrapped in {@code
   * SparkException}s); else {@code e} itself, unchanged (even a checked {@code SparkException}).
   * Declared to return an exception so callers can write {@code throw ReadFailures.rethrow(e)}.
   */
  public static RuntimeException rethrow(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DeepScoreException d) {
        throw d; // deepscore's own error from a task: its type must survive Spark's wrappers
      }
      if (t instanceof SparkThrowable s
          && s.getCondition() != null
          && s.getCondition().startsWith("FAILED_READ_FILE")) {
        Map<String, String> params = s.getMessageParameters();
        String file = params == null ? null : params.get("path");
        throw new InvalidInputException(
            "cannot read input file "
                + (file == null ? "(unknown)" : file)
                + ": "
                + rootMessage(t)
                + " (fix or remove the file and run again)",
            e);
      }
    }
    throw ReadFailures.<RuntimeException>sneaky(e);
  }

  /** Rethrows any exception unchanged: Spark throws checked exceptions Java cannot declare. */
  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }

  /** The deepest message of the chain, on one line. */
  static String rootMessage(Throwable t) {
    String message = null;
    for (Throwable c = t.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getClass().getSimpleName() + ": " + c.getMessage();
      }
    }
    if (message == null) {
      message = t.getMessage();
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
