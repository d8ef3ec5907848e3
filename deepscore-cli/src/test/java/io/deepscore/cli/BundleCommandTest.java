package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.model.bundle.ModelBundle;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepscore bundle} on the golden exports of python/make_golden.sh. */
class BundleCommandTest {

  static final Path GOLDEN = Path.of("..", "deepscore-model", "src", "test", "resources", "golden");

  @TempDir Path tmp;

  CliRun bundle(String flag, String file, String... extra) {
    String[] base = {
      "bundle",
      flag,
      GOLDEN.resolve(file).toString(),
      "--spec",
      GOLDEN.resolve("spec.json").toString(),
      "--vocab",
      GOLDEN.resolve("vocab").toString(),
      "--out",
      tmp.resolve("bundle").toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void onnxExportBecomesAVerifiedBundle() {
    CliRun run = bundle("--onnx", "model.onnx", "--name", "golden-onnx", "--threshold", "0.4");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("follows the input contract", "engine onnx", "output probability");
    ModelBundle b = ModelBundle.open(tmp.resolve("bundle"));
    assertThat(b.manifest().engine()).isEqualTo("onnx");
    assertThat(b.manifest().bundleId()).startsWith("golden-onnx-");
    assertThat(b.manifest().threshold().threshold()).isEqualTo(0.4);
    assertThat(b.manifest().files()).containsKeys("model/model.onnx", "spec.json");
  }

  @Test
  void torchScriptExportBecomesAVerifiedBundle() {
    CliRun run = bundle("--torchscript", "model-logit.pt", "--output", "logit");
    assertThat(run.exitCode()).as(run.err()).isZero();
    ModelBundle b = ModelBundle.open(tmp.resolve("bundle"));
    assertThat(b.manifest().engine()).isEqualTo("torchscript");
    assertThat(b.manifest().output().id()).isEqualTo("logit");
    assertThat(b.manifest().bundleId()).startsWith("model-logit-");
  }

  @Test
  void pickledCheckpointIsRefused() {
    CliRun run = bundle("--torchscript", "bad/checkpoint.pt");
    assertThat(run.exitCode()).isEqualTo(5); // model contract violated
    assertThat(run.err())
        .contains("is a torch.save checkpoint", "torch.jit.script(model).save(\"model.pt\")");
  }

  @Test
  void wrongInputNamesAreRefusedShowingTheContract() {
    CliRun run = bundle("--onnx", "bad/bad-names.onnx");
    assertThat(run.exitCode()).isEqualTo(5); // model contract violated
    assertThat(run.err())
        .contains(
            "has inputs named [f0, f1, f2, f3], not the spec's field names",
            "expected inputs, in this order: device_name int64 [B, 6], device_model int64 [B,"
                + " 1], apps int64 [B, 64], campaigns int64 [B, 32]");
  }

  @Test
  void anExtraOutputIsRefused() {
    CliRun run = bundle("--onnx", "bad/two-outputs.onnx");
    assertThat(run.exitCode()).isEqualTo(5); // model contract violated
    assertThat(run.err()).contains("has 2 outputs [out0, out1], expected exactly one");
  }

  @Test
  void bothFormatsAtOnceIsAUsageError() {
    CliRun run = bundle("--onnx", "model.onnx", "--torchscript", "model.pt");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }
}
