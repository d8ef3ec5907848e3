package io.deepscore.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception thrown by a command into exit code 1 and one line on stderr naming the
 * problem; the stack trace follows only with {@code --verbose}.
 */
final class FailureHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception failure, CommandLine cmd, ParseResult parsed) {
    Exception e = cmd.getCommand() instanceof SparkCommand s ? s.explain(failure) : failure;
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": error: " + describe(e));
    if (isVerbose(cmd)) {
      e.printStackTrace(err);
    } else {
      err.println("(run again with --verbose for the stack trace)");
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /**
   * The most useful one-line description of a failure. Spark wraps the real cause (thrown on an
   * executor) in several layers of "Job aborted" exceptions, so the innermost message wins when the
   * outer one is only a wrapper.
   */
  static String describe(Throwable e) {
    Throwable best = e;
    Throwable t = e;
    while (t != null) {
      if (t.getMessage() != null && !isWrapper(t)) {
        best = t;
        if (!isWrapper(e)) {
          break;
        }
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    String message = best.getMessage();
    if (message == null || message.isBlank()) {
      return best.getClass().getSimpleName();
    }
    String firstLine = message.strip().lines().findFirst().orElse(message);
    return firstLine;
  }

  private static boolean isWrapper(Throwable t) {
    String name = t.getClass().getName();
    return name.equals("org.apache.spark.SparkException")
        || name.equals("java.util.concurrent.ExecutionException")
        || name.equals("java.lang.reflect.InvocationTargetException")
        || (t.getMessage() != null && t.getMessage().startsWith("Job aborted"));
  }

  private static boolean isVerbose(CommandLine cmd) {
    return cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption("--verbose");
  }
}
