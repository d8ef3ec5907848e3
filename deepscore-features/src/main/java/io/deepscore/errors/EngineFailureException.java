package io.deepscore.errors;

/**
 * A native engine (libtorch, ONNX Runtime, XGBoost) failed while loading or running a model that
 * passed its checks: usually the environment (memory, native libraries, threads).
 */
public class EngineFailureException extends DeepScoreException {
  private static final long serialVersionUID = 1L;

  public EngineFailureException(String message) {
    super(message, null);
  }

  public EngineFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  /** See {@link DeepScoreException#DeepScoreException(String, Throwable, boolean)}. */
  protected EngineFailureException(String message, Throwable cause, boolean writableStackTrace) {
    super(message, cause, writableStackTrace);
  }

  @Override
  public Kind kind() {
    return Kind.ENGINE_FAILURE;
  }
}
