package io.deepscore.model.bundle;

import io.deepscore.errors.InvalidBundleException;

/**
 * A model bundle cannot be written, opened or verified. The message names the bundle file at fault
 * and the fix.
 */
public class BundleException extends InvalidBundleException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the file and the fix. */
  public BundleException(String message) {
    super(message);
  }

  /** With a message and the underlying cause. */
  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
