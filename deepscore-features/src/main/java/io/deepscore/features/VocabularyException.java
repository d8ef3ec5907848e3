package io.deepscore.features;

import io.deepscore.errors.InvalidInputException;

/**
 * A vocabulary is invalid: bad build arguments, a corrupted or edited vocabulary file (the message
 * then names the file and the line), or a vocabulary that does not match the feature spec.
 */
public class VocabularyException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  /** The id of the offending entry, or -1 when the problem is not about one entry. */
  private final int entryId;

  public VocabularyException(String message) {
    this(message, -1, null);
  }

  public VocabularyException(String message, Throwable cause) {
    this(message, -1, cause);
  }

  VocabularyException(String message, int entryId, Throwable cause) {
    super(message, cause);
    this.entryId = entryId;
  }

  /** The id of the offending vocabulary entry, or -1 when the problem is not about one entry. */
  public int entryId() {
    return entryId;
  }
}
