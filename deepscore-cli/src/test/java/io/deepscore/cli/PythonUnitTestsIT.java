package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python unit tests ({@code python/test_*.py}, python/README.md) as part of {@code mvn
 * verify}, so CI runs them: {@code /usr/bin/python3 -m unittest discover -s python} from the
 * repository root, failing with unittest's output when it exits non-zero. A failsafe IT because
 * importing torch alone takes seconds.
 *
 * <p>Needs {@code /usr/bin/python3} with torch (Debian python3-torch; .ci/run installs it); skipped
 * otherwise.
 */
class PythonUnitTestsIT {

  /** The repository root: the test runs in deepscore-cli. */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void thePythonUnitTestsPass() throws Exception {
    assumeTrue(
        ParityFlowIT.torchAvailable(),
        "skipped: /usr/bin/python3 cannot import torch (install Debian's python3-torch, as"
            + " .ci/run does)");
    assertThat(REPO.resolve("python/common.py")).as("repository root %s", REPO).exists();
    List<String> cmd =
        List.of(ParityFlowIT.PYTHON.toString(), "-m", "unittest", "discover", "-s", "python");
    Path log = tmp.resolve("unittest.log");
    Process p =
        new ProcessBuilder(cmd)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = p.waitFor(10, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(finished).as("%s timed out after 10 min:%n%s", cmd, Files.readString(log)).isTrue();
    assertThat(p.exitValue())
        .as("%s failed in %s:%n%s", String.join(" ", cmd), REPO, Files.readString(log))
        .isZero();
  }
}
