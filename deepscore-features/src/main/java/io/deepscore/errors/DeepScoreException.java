package io.deepscore.errors;

/**
 * The root of every failure deepscore raises on purpose. Each subclass is one {@link Kind} a caller
 * can act on; the type survives every layer (features, model, Spark, CLI), so the command line maps
 * types, never class names or message text, to its messages and exit codes.
 *
 * <p>Messages say what is wrong, where (file, line, row, field, column) and how to fix it, in one
 * line; they never rely on the stack trace.
 */
public abstract class DeepScoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of problem this is, from the point of view of whoever has to fix it. */
  public enum Kind {
    /** The user's data, spec, vocabulary, options or paths are wrong: fix the input. */
    INVALID_INPUT,
    /** A model bundle is missing, damaged or does not belong together: copy or re-write it. */
    INVALID_BUNDLE,
    /** A model breaks the input/output contract of its bundle: re-export the model. */
    MODEL_CONTRACT,
    /** The native engine (libtorch, ONNX Runtime, XGBoost) failed: an environment problem. */
    ENGINE_FAILURE,
    /**
     * The Spark cluster ended the application or could not run its executors: fix the cluster's
     * configuration or resources (the message names the log to read).
     */
    CLUSTER_FAILURE
  }

  protected DeepScoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * For exceptions thrown per bad row on a hot path: without a stack trace (the message says
   * everything, and filling in a trace per row would dominate the cost of a bad row).
   */
  protected DeepScoreException(String message, Throwable cause, boolean writableStackTrace) {
    super(message, cause, false, writableStackTrace);
  }

  /** The kind of problem; fixed per subclass. */
  public abstract Kind kind();
}
