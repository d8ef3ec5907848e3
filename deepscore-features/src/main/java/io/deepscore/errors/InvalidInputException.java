package io.deepscore.errors;

/**
 * The user's input is wrong: data (a row, file, field or column), the feature spec, a vocabulary, a
 * command-line option or configuration value, or a path. The message names it and says what was
 * expected.
 */
public class InvalidInputException extends DeepScoreException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message, null);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** See {@link DeepScoreException#DeepScoreException(String, Throwable, boolean)}. */
  protected InvalidInputException(String message, Throwable cause, boolean writableStackTrace) {
    super(message, cause, writableStackTrace);
  }

  @Override
  public Kind kind() {
    return Kind.INVALID_INPUT;
  }
}
