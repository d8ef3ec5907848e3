package io.deepscore.spark.score;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.InvalidRowPolicy;

/**
 * Why one input row was not scored: the fields of {@code FeaturizeJob.REJECTS_SCHEMA}.
 *
 * @param id the row's id (may be null in malformed input)
 * @param sourceFile the file the row came from, empty when unknown
 * @param field the spec field, or {@code _record} for a record that did not parse
 * @param column the source column; for {@code _record} the column at fault when known, else null
 * @param reason what is wrong
 * @param rawValue a short excerpt of the offending value, or null
 */
public record Reject(
    String id, String sourceFile, String field, String column, String reason, String rawValue) {

  private static final int RAW_EXCERPT = 200;

  /** The field name of rejects for records that did not parse into the spec's schema. */
  public static final String RECORD_FIELD = "_record";

  /** One line: {@code field 'apps' (column 'app_packages'): expected ...}. */
  public String message() {
    if (RECORD_FIELD.equals(field)) {
      return reason; // the record's reason names the column itself when it knows it
    }
    return "field '"
        + field
        + "'"
        + (column == null ? "" : " (column '" + column + "')")
        + ": "
        + reason;
  }

  /** The exception of the {@link InvalidRowPolicy#ERROR} policy: names the row, file and column. */
  public InvalidInputException toError() {
    return new InvalidInputException(
        "row with id '"
            + id
            + "'"
            + (sourceFile == null || sourceFile.isEmpty() ? "" : " in " + sourceFile)
            + ": "
            + message()
            + " (invalid row policy 'error'; use 'reject' to write such rows to the rejects"
            + " output instead)");
  }

  /** A short, printable excerpt of a raw value. */
  static String excerpt(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value);
    return s.length() <= RAW_EXCERPT
        ? s
        : s.substring(0, RAW_EXCERPT) + "...(" + s.length() + " chars)";
  }
}
