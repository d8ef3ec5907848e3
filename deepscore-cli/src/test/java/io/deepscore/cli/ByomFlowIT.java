package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bring your own model, exactly as docs/pytorch.md shows it: this test reads the commands of the
 * block marked {@code byom-flow} there and runs them in order (Python as a process, deepscore in
 * this JVM) with {@code /tmp/byom} replaced by a temporary directory. The data scientist's script
 * makes its own data, preprocessing, tables and model; then {@code vocab import}, {@code bundle}
 * and {@code parity --raw} for TorchScript and ONNX, each parity within max 1e-6 and p99 3e-7.
 *
 * <p>Needs {@code /usr/bin/python3} with torch (Debian python3-torch); skipped otherwise.
 */
class ByomFlowIT {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final String MARKER = "<!-- byom-flow:";

  @TempDir Path tmp;

  /** The commands of the marked block, continuation lines joined. */
  static List<String> documentedCommands() throws Exception {
    List<String> lines = Files.readAllLines(REPO.resolve("docs/pytorch.md"));
    int i = 0;
    while (!lines.get(i).startsWith(MARKER)) {
      i++;
    }
    assertThat(lines.get(++i)).isEqualTo("```bash");
    List<String> commands = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (i++; !lines.get(i).equals("```"); i++) {
      String line = lines.get(i).strip();
      boolean continues = line.endsWith("\\");
      current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
      if (!continues) {
        commands.add(current.toString().strip());
        current.setLength(0);
      }
    }
    return commands;
  }

  @Test
  void theDocumentedCommandsTakeAnOutsideModelToParity() throws Exception {
    assumeTrue(
        ParityFlowIT.torchAvailable(),
        "skipped: /usr/bin/python3 cannot import torch (install Debian's python3-torch)");
    List<String> commands = documentedCommands();
    assertThat(commands)
        .hasSize(6)
        .extracting(c -> c.split(" ")[0] + " " + c.split(" ")[1])
        .containsExactly(
            "/usr/bin/python3 python/byom_example.py",
            "deepscore vocab",
            "deepscore bundle",
            "deepscore parity",
            "deepscore bundle",
            "deepscore parity");
    long start = System.nanoTime();
    List<CliRun> parities = new ArrayList<>();
    StringBuilder timings = new StringBuilder();
    for (String command : commands) {
      long commandStart = System.nanoTime();
      String[] args = command.replace("/tmp/byom", tmp.toString()).split(" +");
      if (args[0].equals("deepscore")) {
        String[] cli = Arrays.copyOfRange(args, 1, args.length);
        for (int a = 0; a < cli.length; a++) {
          // repository paths are relative to the repository root, the test runs in deepscore-cli
          if (cli[a].startsWith("specs/")) {
            cli[a] = REPO.resolve(cli[a]).toString();
          }
        }
        CliRun run = CliRun.of(cli);
        assertThat(run.exitCode()).as("%s%n%s%s", command, run.out(), run.err()).isZero();
        assertThat(run.err()).as(command).doesNotContain("warning");
        if (args[1].equals("parity")) {
          parities.add(run);
        }
      } else {
        python(args);
      }
      timings.append(
          String.format(
              java.util.Locale.ROOT,
              "  %5.1f s  %s%n",
              (System.nanoTime() - commandStart) / 1e9,
              args[0].equals("deepscore") ? args[0] + " " + args[1] : args[1]));
    }
    assertThat(parities).hasSize(2);
    for (CliRun parity : parities) {
      assertThat(parity.out())
          .contains(
              "raw rows in 4,000 = scored 4,000 + rejected 0",
              "ids: 4,000 in the reference, 4,000 scored in the JVM, 4,000 on both sides",
              "| count | 4000 |")
          .containsPattern("parity OK: max [0-9.e+-]+ <= 1\\.0e-06, p99 [0-9.e+-]+ <= 3\\.0e-07");
    }
    System.out.printf(
        "ByomFlowIT: %d commands in %.1f s%n%s%s%n%s%n",
        commands.size(),
        (System.nanoTime() - start) / 1e9,
        timings,
        parities.get(0).out().lines().filter(l -> l.startsWith("parity OK")).findFirst().get(),
        parities.get(1).out().lines().filter(l -> l.startsWith("parity OK")).findFirst().get());
  }

  private void python(String[] args) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(args));
    cmd.set(1, REPO.resolve(cmd.get(1)).toString());
    Path log = tmp.resolve("python.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("%s timed out", cmd).isTrue();
    assertThat(p.exitValue()).as("%s failed:%n%s", cmd, Files.readString(log)).isZero();
  }
}
