package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepscore cluster} without starting anything (the cluster ITs start real ones). */
class ClusterCommandTest {

  @TempDir Path tmp;

  @Test
  void helpListsTheSubcommands() {
    CliRun run = CliRun.of("cluster", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("start", "status", "stop", "Example");
    assertThat(CliRun.of("cluster", "start", "--help").out()).contains("--worker-memory");
  }

  @Test
  void statusAndStopOfADirectoryWithoutAClusterSayWhatToDo() {
    for (String sub : new String[] {"status", "stop"}) {
      CliRun run = CliRun.of("cluster", sub, "--dir", tmp.toString());
      assertThat(run.exitCode()).as(sub).isEqualTo(3); // invalid input
      assertThat(run.err())
          .as(sub)
          .contains("deepscore cluster " + sub + ": error: no cluster was started in " + tmp)
          .contains("deepscore cluster start --dir");
    }
  }

  @Test
  void startNeedsSparksJarsOrAHome() {
    CliRun run =
        CliRun.of(
            "cluster",
            "start",
            "--dir",
            tmp.toString(),
            "--spark-jars",
            tmp.resolve("missing.txt").toString());
    assertThat(run.exitCode()).isEqualTo(3); // invalid input
    assertThat(run.err()).contains("no Spark jars list at", "deepscore-dist", "--spark-home");
    CliRun home =
        CliRun.of("cluster", "start", "--dir", tmp.toString(), "--spark-home", tmp.toString());
    assertThat(home.exitCode()).isEqualTo(3);
    assertThat(home.err()).contains("has no jars/spark-core_*.jar");
  }

  @Test
  void zeroWorkersIsAUsageError() {
    CliRun run = CliRun.of("cluster", "start", "--dir", tmp.toString(), "--workers", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--workers and --worker-cores must be >= 1");
    CliRun both =
        CliRun.of(
            "cluster",
            "start",
            "--dir",
            tmp.toString(),
            "--spark-home",
            tmp.toString(),
            "--spark-jars",
            tmp.resolve("jars.txt").toString());
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("exclude each other");
  }
}
