package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.model.bundle.ModelBundle;
import java.nio.file.Path;
import java.util.List;
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
    assertThat(run.exitCode()).isEqualTo(5); // model contract
    assertThat(run.err())
        .contains("is a torch.save checkpoint", "torch.jit.script(model).save(\"model.pt\")");
  }

  @Test
  void unrelatedInputNamesAreAWarningAndTooSmallTablesAreRefusedNamingTheField() {
    CliRun run = bundle("--onnx", "bad/bad-names.onnx");
    assertThat(run.exitCode()).isNotIn(0, 2);
    assertThat(run.err())
        .contains(
            "deepscore bundle: error: field 'device_name': ONNX file ",
            "fails on id 207, the largest id of the field's vocabulary (208 ids): the model's"
                + " embedding table for 'device_name' is smaller than the vocabulary")
        .doesNotContain("\tat ");
  }

  @Test
  void anExtraOutputIsRefused() {
    CliRun run = bundle("--onnx", "bad/two-outputs.onnx");
    assertThat(run.exitCode()).isEqualTo(5); // model contract
    assertThat(run.err()).contains("has 2 outputs [out0, out1], expected exactly one");
  }

  /** {@code bundle} of a model from the BYOM fixture with its imported tables. */
  CliRun byom(String flag, String file, String... extra) {
    Path vocab = tmp.resolve("byom-vocab");
    if (!java.nio.file.Files.exists(vocab)) {
      CliRun imported =
          VocabImportCommandTest.importTables(
              VocabImportCommandTest.BYOM.resolve("spec.json"),
              vocab,
              List.of("device", "genres", "tags", "apps"));
      assertThat(imported.exitCode()).as(imported.err()).isZero();
    }
    String[] base = {
      "bundle",
      flag,
      VocabImportCommandTest.BYOM.resolve(file).toString(),
      "--spec",
      VocabImportCommandTest.BYOM.resolve("spec.json").toString(),
      "--vocab",
      vocab.toString(),
      "--out",
      tmp.resolve("byom-bundle").toString()
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void importedTablesAndTheirModelBecomeABundle() {
    CliRun run = byom("--onnx", "model.onnx");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).doesNotContain("warning");
    ModelBundle b = ModelBundle.open(tmp.resolve("byom-bundle"));
    assertThat(b.vocabularies().get("genres").padId()).isEqualTo(5);
    assertThat(b.manifest().files()).containsKey("vocab/genres.vocab");
  }

  @Test
  void unrelatedForwardArgumentNamesAreAWarning() {
    CliRun run = byom("--torchscript", "bad/renamed.pt");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains(
            "deepscore bundle: warning: TorchScript file ",
            ": forward's arguments [a, b, c, d] are not the spec's field names [device, genres,"
                + " tags, apps]; inputs are taken by position");
  }

  @Test
  void fieldNamesInAnotherOrderAreRefused() {
    for (String[] model :
        new String[][] {{"--torchscript", "bad/swapped.pt"}, {"--onnx", "bad/swapped.onnx"}}) {
      CliRun run = byom(model[0], model[1]);
      assertThat(run.exitCode()).isNotIn(0, 2);
      assertThat(run.err())
          .contains(
              " [genres, device, tags, apps] name the spec's fields in another order ('genres' is"
                  + " input 0 but field 1)")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void aVocabularyLargerThanTheModelsEmbeddingIsRefusedNamingTheField() {
    CliRun run = byom("--torchscript", "bad/small-tags.pt");
    assertThat(run.exitCode()).isNotIn(0, 2);
    assertThat(run.err())
        .contains(
            "deepscore bundle: error: field 'tags': TorchScript file ",
            " fails on id 13, the largest id of the field's vocabulary (14 ids, imported from"
                + " tags.json (json))")
        .doesNotContain("\tat ");
  }

  @Test
  void logitsDeclaredAsProbabilitiesAreRefusedNamingTheFix() {
    CliRun run = byom("--torchscript", "bad/logit.pt");
    assertThat(run.exitCode()).isNotIn(0, 2);
    assertThat(run.err())
        .contains(
            "outside [0, 1], but the output is declared 'probability': if the model returns"
                + " logits, bundle it with --output logit")
        .doesNotContain("\tat ");
    CliRun logit = byom("--torchscript", "bad/logit.pt", "--output", "logit");
    assertThat(logit.exitCode()).as(logit.err()).isZero();
  }

  @Test
  void bothFormatsAtOnceIsAUsageError() {
    CliRun run = bundle("--onnx", "model.onnx", "--torchscript", "model.pt");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }
}
