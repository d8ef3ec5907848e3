package io.deepscore.errors;

/**
 * A model bundle cannot be written, opened or verified: missing, damaged, changed since it was
 * checked, or parts that do not belong together. The message names the bundle the user gave, the
 * file at fault and the fix.
 */
public class InvalidBundleException extends DeepScoreException {
  private static final long serialVersionUID = 1L;

  public InvalidBundleException(String message) {
    super(message, null);
  }

  public InvalidBundleException(String message, Throwable cause) {
    super(message, cause);
  }

  /** See {@link DeepScoreException#DeepScoreException(String, Throwable, boolean)}. */
  protected InvalidBundleException(String message, Throwable cause, boolean writableStackTrace) {
    super(message, cause, writableStackTrace);
  }

  @Override
  public Kind kind() {
    return Kind.INVALID_BUNDLE;
  }
}
