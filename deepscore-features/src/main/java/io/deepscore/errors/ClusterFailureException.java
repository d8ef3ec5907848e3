package io.deepscore.errors;

/**
 * The Spark cluster, not deepscore's input or model, stopped the work: the cluster manager ended
 * the application, executors could not start, or no executor was given within the allowed time. The
 * message says what the cluster reported and where to look (the worker's executor log, the master's
 * reason, the settings that asked for too much).
 */
public class ClusterFailureException extends DeepScoreException {
  private static final long serialVersionUID = 1L;

  public ClusterFailureException(String message) {
    super(message, null);
  }

  public ClusterFailureException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public Kind kind() {
    return Kind.CLUSTER_FAILURE;
  }
}
