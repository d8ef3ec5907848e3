package io.deepscore.model;

import io.deepscore.errors.EngineFailureException;

/** A batch could not be scored: the engine failed or the batch breaks the model's contract. */
public class ScoringException extends EngineFailureException {
  private static final long serialVersionUID = 1L;

  /** With a message saying what failed and how to fix it. */
  public ScoringException(String message) {
    super(message);
  }

  /** With a message and the engine's exception. */
  public ScoringException(String message, Throwable cause) {
    super(message, cause);
  }
}
