package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the CLI for good and bad arguments (no Spark job runs here). */
class CliExitCodesTest {

  @TempDir Path tmp;

  @Test
  void helpListsEveryCommand() {
    CliRun run = CliRun.of("--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("generate", "vocab", "featurize", "demo");
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    java.io.PrintStream systemErr = System.err;
    java.io.ByteArrayOutputStream picocliWarnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(picocliWarnings, true));
    try {
      for (String command :
          new String[] {
            "demo",
            "generate",
            "vocab",
            "featurize",
            "train",
            "score",
            "evaluate",
            "bundle",
            "parity",
            "cluster"
          }) {
        CliRun run = CliRun.of(command, "--help");
        assertThat(run.exitCode()).as(command).isZero();
        assertThat(run.out()).as(command).contains("Usage: deepscore " + command, "Example");
      }
      for (String algorithm : new String[] {"dnn", "logistic", "xgboost"}) {
        CliRun run = CliRun.of("train", algorithm, "--help");
        assertThat(run.exitCode()).as(algorithm).isZero();
        assertThat(run.out())
            .as(algorithm)
            .contains("Usage: deepscore train " + algorithm, "Example", "--from-bundle");
      }
      CliRun.of("--help");
    } finally {
      System.setErr(systemErr);
    }
    // picocli reports unformattable descriptions (e.g. a lone '%') on System.err
    assertThat(picocliWarnings.toString()).doesNotContain("picocli WARN");
  }

  @Test
  void unknownCommandIsAUsageErrorEvenWithHelp() {
    CliRun run = CliRun.of("nosuch", "--help");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown command 'nosuch'", "train", "score");
    assertThat(run.out()).isEmpty();
    CliRun algorithm = CliRun.of("train", "boosted-forest", "--help");
    assertThat(algorithm.exitCode()).isEqualTo(2);
    assertThat(algorithm.err())
        .contains("unknown command 'boosted-forest'", "dnn, wide-deep, logistic");
  }

  @Test
  void trainWithoutAnAlgorithmIsAUsageErrorListingThem() {
    CliRun run = CliRun.of("train");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("an algorithm is required", "dnn", "logistic", "xgboost");
  }

  @Test
  void anOptionOfAnotherAlgorithmIsAUsageError() {
    CliRun run =
        CliRun.of(
            "train",
            "dnn",
            "--spec",
            "s.json",
            "--vocab",
            "v",
            "--train",
            "t",
            "--out",
            tmp.resolve("m").toString(),
            "--max-depth",
            "3");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option", "'--max-depth'");
    CliRun both =
        CliRun.of(
            "train",
            "xgboost",
            "--spec",
            "s.json",
            "--vocab",
            "v",
            "--from-bundle",
            "b",
            "--out",
            tmp.resolve("m").toString());
    assertThat(both.exitCode()).isEqualTo(2);
  }

  @Test
  void versionNamesTheBuildAndTheEngines() {
    CliRun run = CliRun.of("--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("deepscore \\S+ \\(commit \\S+\\)")
        .contains("Spark 4.1.0", "DJL 0.36.0", "libtorch 2.7.1", "XGBoost 3.0.4", "Java 17");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("a command is required");
  }

  @Test
  void unknownOptionIsAUsageErrorNamingIt() {
    CliRun run =
        CliRun.of("generate", "--users", "10", "--out", tmp.resolve("g").toString(), "--colour");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option: '--colour'");
  }

  @Test
  void negativeUserCountIsAUsageErrorNamingTheOption() {
    CliRun run = CliRun.of("generate", "--users", "-5", "--out", tmp.resolve("g").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--users", "-5");
  }

  @Test
  void badRowFractionOutOfRangeIsAUsageError() {
    CliRun run =
        CliRun.of(
            "generate", "--users", "10", "--bad-rows", "0.9", "--out", tmp.resolve("g").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--bad-rows");
  }

  @Test
  void severalModelsWithOneModelsOptionIsAUsageError() {
    String out = tmp.resolve("s").toString();
    CliRun twice = CliRun.of("score", "--model", "/m/a,/m/a", "--input", "/in", "--out", out);
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("/m/a is listed twice");
    CliRun threshold =
        CliRun.of(
            "score",
            "--model",
            "/m/a,/m/b",
            "--input",
            "/in",
            "--out",
            out,
            "--audience",
            "--threshold",
            "0.3");
    assertThat(threshold.exitCode()).isEqualTo(2);
    assertThat(threshold.err()).contains("each bundle's audience uses its own threshold");
    CliRun previous =
        CliRun.of(
            "score", "--model", "/m/a,/m/b", "--input", "/in", "--out", out, "--previous", "/p");
    assertThat(previous.exitCode()).isEqualTo(2);
    assertThat(previous.err()).contains("--previous compares one model's runs");
  }

  @Test
  void nonNumericUserCountIsAUsageError() {
    CliRun run = CliRun.of("generate", "--users", "many", "--out", tmp.resolve("g").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--users", "many");
  }

  @Test
  void unwritableOutputFailsWithOneLineNamingThePath() throws Exception {
    Path readOnly = Files.createDirectory(tmp.resolve("ro"));
    assertThat(readOnly.toFile().setWritable(false, false)).isTrue();
    Path target = readOnly.resolve("sub").resolve("g");
    CliRun run = CliRun.of("generate", "--users", "10", "--out", target.toString());
    if (readOnly.toFile().canWrite()) {
      // running as root: permissions do not stop writes, use a path under a regular file instead
      Path file = Files.writeString(tmp.resolve("file"), "x");
      run = CliRun.of("generate", "--users", "10", "--out", file.resolve("g").toString());
      assertThat(run.err()).contains(file.toString());
    } else {
      assertThat(run.err()).contains(readOnly.toString());
    }
    assertThat(run.exitCode()).isEqualTo(3); // invalid input: the path
    assertThat(run.err()).contains("deepscore generate: error:").doesNotContain("\tat ");
  }

  @Test
  void existingOutputWithoutOverwriteFails() throws Exception {
    Path existing = Files.createDirectory(tmp.resolve("exists"));
    CliRun run = CliRun.of("generate", "--users", "10", "--out", existing.toString());
    assertThat(run.exitCode()).isNotIn(0, 2); // a failure, not a usage error
    assertThat(run.err()).contains(existing.toString(), "already exists", "--overwrite");
  }

  @Test
  void missingSpecFileFailsNamingIt() {
    Path spec = tmp.resolve("nope.json");
    CliRun run =
        CliRun.of(
            "vocab",
            "--spec",
            spec.toString(),
            "--input",
            tmp.toString(),
            "--out",
            tmp.resolve("v").toString());
    assertThat(run.exitCode()).isEqualTo(3); // invalid input
    assertThat(run.err()).contains("deepscore vocab: error:", spec.toString(), "(invalid input: ");
  }

  @Test
  void badInvalidRowsPolicyIsAUsageErrorListingTheChoices() {
    CliRun run =
        CliRun.of(
            "featurize",
            "--spec",
            "s.json",
            "--vocab",
            "v",
            "--input",
            "i",
            "--out",
            "o",
            "--invalid-rows",
            "ignore");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("ignore", "reject", "error");
  }

  @Test
  void verboseAddsTheStackTrace() {
    Path spec = tmp.resolve("nope.json");
    CliRun run =
        CliRun.of(
            "vocab",
            "--verbose",
            "--spec",
            spec.toString(),
            "--input",
            tmp.toString(),
            "--out",
            tmp.resolve("v").toString());
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("\tat ");
  }
}
