package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.errors.ClusterFailureException;
import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.InvalidBundleException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.errors.ModelContractException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;
import org.apache.spark.SparkException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Failures map to exit codes and labels by their kind, also inside Spark's wrappers. */
class FailureHandlerTest {

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Override
    public void run() {}
  }

  static Object[][] kinds() {
    return new Object[][] {
      {new InvalidInputException("field 'apps' in row 3: expected array"), 3, "(invalid input: "},
      {new InvalidBundleException("bundle file spec.json changed"), 4, "(invalid bundle: "},
      {new ModelContractException("2 outputs, expected 1"), 5, "(model contract: "},
      {new EngineFailureException("libtorch failed"), 6, "(engine failure: "},
      {new ClusterFailureException("the cluster ended application app-1"), 7, "(cluster failure: "},
    };
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void theKindChoosesTheExitCodeAndLabelThroughSparkWrappers(
      DeepScoreException failure, int code, String label) {
    // as an executor's failure reaches the driver: wrapped twice, the outer message generic
    Exception wrapped =
        new SparkException(
            "Job aborted due to stage failure: Task 0 in stage 1.0 failed",
            new ExecutionException(failure));
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new Probe()).setErr(new PrintWriter(err));
    int exit = new FailureHandler().handleExecutionException(wrapped, cmd, null);
    assertThat(exit).isEqualTo(code);
    assertThat(err.toString())
        .startsWith("probe: error: " + failure.getMessage() + "\n" + label)
        .doesNotContain("Job aborted", "\tat ");
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void contextKeepsTheKind(DeepScoreException failure, int code, String label) {
    DeepScoreException again = failure.withContext("dry run of bundle b: ");
    assertThat(again.kind()).isEqualTo(failure.kind());
    assertThat(again).hasMessageStartingWith("dry run of bundle b: ").hasCause(failure);
    assertThat(FailureHandler.exitCode(again.kind())).isEqualTo(code);
  }

  @org.junit.jupiter.api.Test
  void anUntypedFailureIsExitCodeOneWithItsInnermostMessage() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new Probe()).setErr(new PrintWriter(err));
    int exit =
        new FailureHandler()
            .handleExecutionException(
                new SparkException("Job aborted", new IllegalStateException("disk full")),
                cmd,
                null);
    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("probe: error: disk full\n(run again with --verbose for the stack trace)");
  }
}
