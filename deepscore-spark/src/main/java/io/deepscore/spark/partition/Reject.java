package io.deepscore.spark.partition;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.InvalidValueException;
import io.deepscore.spark.io.CorruptRecords;
import io.deepscore.spark.io.TaggedRows;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Why one input row was not encoded or scored: the fields of {@link TaggedRows#REJECTS_SCHEMA}, the
 * one reason set of every job that rejects rows (featurize, score, the {@code DeepScorer}).
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

  /**
   * A record that did not parse into the spec's schema ({@code _corrupt_record} is set): why, when
   * it can tell ({@link CorruptRecords}), and its id, from the row or else from the record's text.
   */
  public static Reject malformedRecord(
      String id, String sourceFile, String corruptRecord, FeatureSpec spec) {
    CorruptRecords.Diagnosis d = CorruptRecords.diagnose(corruptRecord, id, spec);
    return new Reject(
        d.id(), sourceFile, RECORD_FIELD, d.column(), d.reason(), excerpt(corruptRecord));
  }

  /** A value the encoder refused ({@code rawValue} is shortened to an excerpt). */
  public static Reject invalidValue(
      String id, String sourceFile, InvalidValueException e, Object rawValue) {
    return new Reject(id, sourceFile, e.field(), e.column(), e.reason(), excerpt(rawValue));
  }

  /** A row whose id is null: nothing it produced could be joined back to a user. */
  public static Reject nullId(String sourceFile, String idColumn) {
    return new Reject(
        null, sourceFile, "_id", idColumn, "the id column is null: the row cannot be traced", null);
  }

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

  /**
   * Writes the six {@link TaggedRows#REJECTS_SCHEMA} values, as Spark's internal strings, into
   * {@code row} from index {@code at} on: how every job lays a reject into its output rows.
   */
  public void writeTo(Object[] row, int at) {
    int c = at;
    row[c++] = utf8(id);
    row[c++] = utf8(sourceFile);
    row[c++] = utf8(field);
    row[c++] = utf8(column);
    row[c++] = utf8(reason);
    row[c] = utf8(rawValue);
  }

  private static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  /** A short, printable excerpt of a raw value. */
  public static String excerpt(Object value) {
    if (value == null) {
      return null;
    }
    String s = String.valueOf(value);
    return s.length() <= RAW_EXCERPT
        ? s
        : s.substring(0, RAW_EXCERPT) + "...(" + s.length() + " chars)";
  }
}
