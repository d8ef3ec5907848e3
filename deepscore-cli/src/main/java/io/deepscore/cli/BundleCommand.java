package io.deepscore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ImportedModel;
import io.deepscore.model.bundle.InputContract;
import io.deepscore.model.bundle.InputField;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.onnx.OnnxModels;
import io.deepscore.model.torchscript.TorchScriptModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code deepscore bundle}: wraps a TorchScript or ONNX export from PyTorch into a model bundle.
 */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a model bundle from a model exported in Python (TorchScript .pt or ONNX .onnx), the"
          + " feature spec and the vocabularies, after checking the file against the input"
          + " contract (docs/model-contract.md): one int64 [B, max_length] input per field in spec"
          + " order, one float32 [B] output.",
      "TorchScript: a dry run on 2 rows (all padding, all OOV) must return float32 [2]; a"
          + " pickled torch.save checkpoint is refused. ONNX: input names, order, dtypes and"
          + " ranks, a dynamic batch axis and a single output are checked, then the dry run."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore bundle --torchscript model.pt --spec specs/generated.json --vocab /tmp/vocab"
          + " --out /tmp/bundle-ts",
      "  deepscore bundle --onnx model.onnx --spec S --vocab DIR --out /tmp/bundle-onnx"
          + " --training /tmp/torch/training.json --threshold 0.42"
    })
final class BundleCommand implements Callable<Integer> {

  static final class ModelFile {
    @Option(
        names = "--torchscript",
        required = true,
        paramLabel = "FILE",
        description = "TorchScript file (torch.jit.script(model).save(...)).")
    Path torchscript;

    @Option(
        names = "--onnx",
        required = true,
        paramLabel = "FILE",
        description = "ONNX file (torch.onnx.export with input_names = the field names).")
    Path onnx;
  }

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @ArgGroup(exclusive = true, multiplicity = "1")
  ModelFile modelFile;

  @Mixin SpecVocabOptions inputs;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Bundle directory (new or empty).")
  Path out;

  @Option(
      names = "--output",
      defaultValue = "probability",
      paramLabel = "KIND",
      description = "What the model returns: probability or logit. Default: ${DEFAULT-VALUE}.")
  String output;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Bundle name ([A-Za-z0-9_.-]+). Default: the model file's name.")
  String name;

  @Option(
      names = "--threshold",
      paramLabel = "P",
      description = "Decision threshold in [0, 1] to store (default: none).")
  Double threshold;

  @Option(
      names = "--training",
      paramLabel = "FILE",
      description = "training.json of python/train.py: its summary goes into the manifest.")
  Path training;

  @Override
  public Integer call() throws IOException {
    ModelOutput kind;
    try {
      kind = ModelOutput.parse(output);
    } catch (InvalidInputException e) {
      throw new ParameterException(spec.commandLine(), "--output: " + e.getMessage());
    }
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--threshold " + threshold + " must be in [0, 1]");
    }
    boolean torchscript = modelFile.torchscript != null;
    Path file = torchscript ? modelFile.torchscript : modelFile.onnx;
    String bundleName = name != null ? name : defaultName(file);
    if (!bundleName.matches("[A-Za-z0-9_.-]+")) {
      throw new ParameterException(
          spec.commandLine(), "--name '" + bundleName + "' must match [A-Za-z0-9_.-]+");
    }
    FeatureSpec featureSpec = inputs.spec();
    var vocabularies = inputs.vocabularies(featureSpec);
    List<InputField> contract = ModelBundle.contractOf(featureSpec);
    PrintWriter o = spec.commandLine().getOut();
    long start = System.nanoTime();
    if (torchscript) {
      TorchScriptModels.validate(file, contract, kind, EngineSettings.threads(1));
    } else {
      OnnxModels.validate(file, contract, kind);
    }
    o.printf(
        "%s %s follows the input contract (%s)%n",
        torchscript ? "TorchScript" : "ONNX", file, InputContract.describe(contract));
    ModelBundle bundle =
        ModelBundle.write(
            out,
            bundleName,
            featureSpec,
            vocabularies,
            ImportedModel.of(
                torchscript ? TorchScriptModels.ENGINE : OnnxModels.ENGINE,
                file,
                featureSpec,
                kind,
                trainingSummary()),
            threshold == null
                ? null
                : new BundleThreshold(Double.NaN, threshold, Double.NaN, Double.NaN, false));
    o.printf(
        "bundle: %s (%s, engine %s, output %s, %d files, %.1f s)%n",
        bundle.dir(),
        bundle.manifest().bundleId(),
        bundle.manifest().engine(),
        kind.id(),
        bundle.manifest().files().size(),
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private static String defaultName(Path file) {
    String n = file.getFileName().toString().replaceAll("\\.(pt|onnx)$", "");
    n = n.replaceAll("[^A-Za-z0-9_.-]", "_");
    return n.isEmpty() ? "model" : n;
  }

  private Map<String, Object> trainingSummary() throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    if (training == null) {
      return summary;
    }
    if (!Files.isRegularFile(training)) {
      throw new InvalidInputException("--training file " + training + " does not exist");
    }
    JsonNode n = new ObjectMapper().readTree(training.toFile());
    summary.put("trained_with", "pytorch " + n.path("torch").asText("?"));
    for (String key :
        List.of(
            "best_epoch", "valid_auc", "epochs_run", "stopped_early", "train_rows", "valid_rows")) {
      JsonNode v = n.get(key);
      if (v != null && !v.isNull()) {
        summary.put(
            key,
            v.isBoolean()
                ? (Object) v.asBoolean()
                : v.isIntegralNumber() ? (Object) v.asLong() : (Object) v.asDouble());
      }
    }
    return summary;
  }
}
