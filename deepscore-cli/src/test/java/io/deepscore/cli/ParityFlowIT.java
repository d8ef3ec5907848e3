package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.deepscore.model.interop.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data scientist's flow end to end (docs/pytorch.md): generate, vocab, featurize --format npz,
 * train and export in Python (torch 1.13), reference scores in Python, {@code deepscore bundle} for
 * TorchScript and ONNX, {@code deepscore parity} within max-abs 1e-6 and p99 3e-7.
 *
 * <p>Needs {@code /usr/bin/python3} with torch (Debian python3-torch; .ci/run installs it); skipped
 * otherwise.
 */
class ParityFlowIT {

  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path SCRIPTS = Path.of("..", "python").toAbsolutePath().normalize();
  static final int USERS = 100_000;

  @TempDir Path tmp;

  static boolean torchAvailable() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch, numpy").start();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void python(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of(PYTHON.toString(), SCRIPTS.resolve(script).toString()));
    cmd.addAll(List.of(args));
    Path log = tmp.resolve(script + ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("%s timed out", script).isTrue();
    assertThat(p.exitValue()).as("%s failed:%n%s", cmd, Files.readString(log)).isZero();
  }

  static void ok(CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
  }

  @Test
  void pytorchExportsScoreTheSameInTheJvm() throws Exception {
    assumeTrue(
        torchAvailable(),
        "skipped: /usr/bin/python3 cannot import torch (install Debian's python3-torch, as"
            + " .ci/run does)");
    String spec = Path.of("..", "specs", "generated.json").toString();
    String raw = tmp.resolve("raw").toString();
    String vocab = tmp.resolve("vocab").toString();
    String npz = tmp.resolve("enc.npz").toString();
    Path torch = tmp.resolve("torch");

    ok(CliRun.of("generate", "--users", Integer.toString(USERS), "--seed", "9", "--out", raw));
    ok(CliRun.of("vocab", "--spec", spec, "--input", raw, "--out", vocab));
    ok(
        CliRun.of(
            "featurize",
            "--spec",
            spec,
            "--vocab",
            vocab,
            "--input",
            raw,
            "--format",
            "npz",
            "--out",
            npz));

    python(
        "train.py",
        "--spec",
        spec,
        "--vocab",
        vocab,
        "--train",
        npz,
        "--out",
        torch.toString(),
        "--epochs",
        "2",
        "--embedding-dim",
        "16",
        "--hidden",
        "64,32",
        // parity is about the export and the scoring, which the tables' starting values do not
        // touch; the pretraining (train.py's default) has its own tests in python/test_pretrain.py
        // (PythonUnitTestsIT) and costs minutes on these 80K training rows
        "--pretrain-tables",
        "none",
        "--threads",
        "2");
    assertThat(Files.readString(torch.resolve("training.json"))).contains("\"valid_auc\"");
    python(
        "export.py",
        "--checkpoint",
        torch.resolve("checkpoint.pt").toString(),
        "--torchscript",
        tmp.resolve("model.pt").toString(),
        "--onnx",
        tmp.resolve("model.onnx").toString());
    python(
        "score.py",
        "--model",
        torch.resolve("checkpoint.pt").toString(),
        "--spec",
        spec,
        "--data",
        npz,
        "--out",
        tmp.resolve("py.npy").toString(),
        "--ids",
        tmp.resolve("ids.npy").toString());

    for (String engine : List.of("torchscript", "onnx")) {
      String bundle = tmp.resolve("bundle-" + engine).toString();
      ok(
          CliRun.of(
              "bundle",
              "--" + engine,
              tmp.resolve(engine.equals("onnx") ? "model.onnx" : "model.pt").toString(),
              "--spec",
              spec,
              "--vocab",
              vocab,
              "--out",
              bundle,
              "--training",
              torch.resolve("training.json").toString()));
      CliRun parity =
          CliRun.of(
              "parity",
              "--model",
              bundle,
              "--data",
              npz + ".parquet",
              "--reference",
              tmp.resolve("py.npy").toString(),
              "--ids",
              tmp.resolve("ids.npy").toString(),
              "--max-abs",
              "1e-6",
              "--p99",
              "3e-7");
      ok(parity);
      assertThat(parity.out())
          .contains("| count | " + USERS + " |", "| p99 |", "| max ulp distance |", "parity OK");
    }

    // a reference off by 1e-3 in one row fails the bound, naming it
    float[] ref = NpyArray.read(tmp.resolve("py.npy")).floats();
    ref[17] += 1e-3f;
    NpyArray.writeFloats(tmp.resolve("off.npy"), ref);
    CliRun off =
        CliRun.of(
            "parity",
            "--model",
            tmp.resolve("bundle-onnx").toString(),
            "--data",
            npz + ".parquet",
            "--reference",
            tmp.resolve("off.npy").toString(),
            "--ids",
            tmp.resolve("ids.npy").toString(),
            "--top",
            "3");
    assertThat(off.exitCode()).isEqualTo(3); // the check failed on the given data
    assertThat(off.err()).contains("parity bound exceeded: max 1.0");
    assertThat(off.err()).contains("> --max-abs 1.0e-06");
  }
}
