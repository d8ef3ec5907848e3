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

  /**
   * The same kind of failure with {@code context} in front of the message (e.g. {@code "dry run of
   * bundle x: "}), this one as its cause: how a layer adds where it happened without losing what
   * kind of problem it is.
   */
  public DeepScoreException withContext(String context) {
    return of(kind(), context + getMessage(), this);
  }

  /** A failure of the given kind (the base class of that kind). */
  public static DeepScoreException of(Kind kind, String message, Throwable cause) {
    return switch (kind) {
      case INVALID_INPUT -> new InvalidInputException(message, cause);
      case INVALID_BUNDLE -> new InvalidBundleException(message, cause);
      case MODEL_CONTRACT -> new ModelContractException(message, cause);
      case ENGINE_FAILURE -> new EngineFailureException(message, cause);
      case CLUSTER_FAILURE -> new ClusterFailureException(message, cause);
    };
  }

  /**
   * The first {@link DeepScoreException} in the cause chain of {@code t} ({@code t} included), or
   * null: how callers see through wrappers such as Spark's {@code SparkException} or {@code
   * ExecutionException}, which carry an executor's failure to the driver.
   */
  public static DeepScoreException find(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DeepScoreException d) {
        return d;
      }
    }
    return null;
  }
}
