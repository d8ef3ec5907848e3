package io.deepscore.cli;

import io.deepscore.errors.DeepScoreException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into one line on stderr ({@code deepscore <command>:
 * error: <what, where, how to fix>}), a second line saying what kind of problem it is and who can
 * fix it, and an exit code: both chosen by the failure's {@link DeepScoreException.Kind}, never by
 * class names or message text. The stack trace follows only with {@code --verbose}. Spark carries
 * an executor's failure to the driver wrapped in its own exceptions: the cause chain is searched
 * for the {@link DeepScoreException} inside.
 *
 * <p>Exit codes (README): 1 a failure that is none of the kinds below (a check that did not pass,
 * or an unexpected error), 2 usage error (picocli, {@link UsageErrorHandler}), 3 invalid input, 4
 * invalid bundle, 5 model contract, 6 engine failure, 7 cluster failure. A Spark command's failure
 * is first offered to its {@link io.deepscore.spark.cluster.ClusterWatch}, which names what the
 * cluster did when the cluster caused it.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  /** Exit code of a failure that has no kind. */
  static final int FAILURE = 1;

  @Override
  public int handleExecutionException(Exception failure, CommandLine cmd, ParseResult parsed) {
    Exception e = cmd.getCommand() instanceof SparkCommand s ? s.explain(failure) : failure;
    PrintWriter err = cmd.getErr();
    DeepScoreException typed = DeepScoreException.find(e);
    Throwable shown = typed != null ? typed : innermost(e);
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + firstLine(shown));
    if (isVerbose(cmd)) {
      e.printStackTrace(err);
    } else {
      err.println(
          "("
              + (typed == null ? "" : hint(typed.kind()) + "; ")
              + "run again with --verbose for the stack trace)");
    }
    err.flush();
    return typed == null ? FAILURE : exitCode(typed.kind());
  }

  /** The exit code of a kind of failure. */
  static int exitCode(DeepScoreException.Kind kind) {
    return switch (kind) {
      case INVALID_INPUT -> 3;
      case INVALID_BUNDLE -> 4;
      case MODEL_CONTRACT -> 5;
      case ENGINE_FAILURE -> 6;
      case CLUSTER_FAILURE -> 7;
    };
  }

  /** The second line for a kind of failure: what kind it is and who can fix it. */
  static String hint(DeepScoreException.Kind kind) {
    return switch (kind) {
      case INVALID_INPUT -> "invalid input: fix the data, spec, vocabulary, option or path named";
      case INVALID_BUNDLE -> "invalid bundle: copy the bundle again, or write a new one";
      case MODEL_CONTRACT -> "model contract: re-export the model (docs/model-contract.md)";
      case ENGINE_FAILURE ->
          "engine failure: the native engine failed; check memory and native libraries";
      case CLUSTER_FAILURE ->
          "cluster failure: the Spark cluster ended the application or gave it no executors;"
              + " read the log named (docs/deploy.md)";
    };
  }

  /** The deepest cause with a message: a wrapper's own message rarely says what went wrong. */
  private static Throwable innermost(Throwable e) {
    Throwable best = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        best = t;
      }
    }
    return best;
  }

  private static String firstLine(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return message.strip().lines().findFirst().orElse(message);
  }

  private static boolean isVerbose(CommandLine cmd) {
    return cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose");
  }
}
