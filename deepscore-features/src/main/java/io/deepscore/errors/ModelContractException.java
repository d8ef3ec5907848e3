package io.deepscore.errors;

/**
 * A model does not follow its bundle's input/output contract (field names, order, dtypes, shapes,
 * output kind): re-export it. The message says what differs and what the contract expects.
 */
public class ModelContractException extends DeepScoreException {
  private static final long serialVersionUID = 1L;

  public ModelContractException(String message) {
    super(message, null);
  }

  public ModelContractException(String message, Throwable cause) {
    super(message, cause);
  }

  /** See {@link DeepScoreException#DeepScoreException(String, Throwable, boolean)}. */
  protected ModelContractException(String message, Throwable cause, boolean writableStackTrace) {
    super(message, cause, writableStackTrace);
  }

  @Override
  public Kind kind() {
    return Kind.MODEL_CONTRACT;
  }
}
