package io.deepscore.features;

import io.deepscore.errors.InvalidInputException;

/**
 * A raw column value cannot be turned into tokens: wrong type, or a required column is null. What
 * happens to the row is decided by the caller's {@link InvalidRowPolicy}.
 *
 * <p>Thrown on the hot path for every bad row, so it carries no stack trace: the message ({@code
 * field 'apps' (column 'app_packages'): expected array<string>, found string}) says everything.
 */
public class InvalidValueException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String column;
  private final String reason;

  public InvalidValueException(String field, String column, String reason) {
    super("field '" + field + "' (column '" + column + "'): " + reason, null, false);
    this.field = field;
    this.column = column;
    this.reason = reason;
  }

  /** The spec field name, e.g. {@code apps}. */
  public String field() {
    return field;
  }

  /** The source column, e.g. {@code app_packages}. */
  public String column() {
    return column;
  }

  /** What is wrong, without the field/column prefix, e.g. {@code expected string, found ...}. */
  public String reason() {
    return reason;
  }
}
