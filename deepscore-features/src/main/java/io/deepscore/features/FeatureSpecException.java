package io.deepscore.features;

import io.deepscore.errors.InvalidInputException;

/**
 * A feature spec (or a vocabulary set checked against one) is invalid. The message names the key or
 * field, the offending value and the allowed values, e.g. {@code fields[2] 'apps': tokenizer.type
 * 'splitt' is not one of [whole, delimiter, regex]}.
 */
public class FeatureSpecException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public FeatureSpecException(String message) {
    super(message);
  }

  public FeatureSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
