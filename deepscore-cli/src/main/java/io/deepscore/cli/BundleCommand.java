package io.deepscore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.UnknownTokenSample;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ImportedModel;
import io.deepscore.model.bundle.InputContract;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.interop.ContractProbe;
import io.deepscore.model.onnx.OnnxModels;
import io.deepscore.model.torchscript.TorchScriptModels;
import io.deepscore.spark.features.RawSample;
import io.deepscore.spark.io.InputFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
      "The model's input names (TorchScript forward's arguments, ONNX inputs) must not name the"
          + " fields in another order (refused: inputs are positional); unrelated names are a"
          + " warning. ONNX: dtypes, ranks, a dynamic batch axis and a single output. Then the"
          + " model runs: 2 rows (all padding, all unknown) must give float32 [2], finite, in [0,"
          + " 1] with --output probability; each field's largest vocabulary id must fit the"
          + " model's embedding table. A pickled torch.save checkpoint is refused.",
      "--sample reads raw records: the share of each field's tokens its vocabulary does not know"
          + " is printed, with a warning above --max-unknown (the usual sign of a normalisation"
          + " mismatch), and up to 256 of its rows also run through the model."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore bundle --torchscript model.pt --spec specs/generated.json --vocab /tmp/vocab"
          + " --out /tmp/bundle-ts",
      "  deepscore bundle --onnx model.onnx --spec S --vocab DIR --out /tmp/bundle-onnx"
          + " --training /tmp/torch/training.json --threshold 0.42",
      "  deepscore bundle --torchscript /tmp/byom/model.pt --spec specs/byom-example.json"
          + " --vocab /tmp/byom/vocab --sample /tmp/byom/raw.jsonl --sample-format json"
          + " --out /tmp/byom/bundle-ts"
    })
final class BundleCommand extends SparkCommand {

  /** Sample rows that also run through the model (its output kind, on real data). */
  static final int PROBE_ROWS = 256;

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
      names = "--sample",
      paramLabel = "PATH",
      description = "Raw records to check the vocabularies and the model against (optional).")
  String sample;

  @Option(
      names = "--sample-format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description = "auto, parquet, json or csv. Default: ${DEFAULT-VALUE}.")
  String sampleFormat;

  @Option(
      names = "--sample-rows",
      defaultValue = "10000",
      paramLabel = "N",
      description = "Rows of --sample to read. Default: ${DEFAULT-VALUE}.")
  int sampleRows;

  @Option(
      names = "--max-unknown",
      defaultValue = "0.05",
      paramLabel = "SHARE",
      description =
          "Warn when more than this share of a field's sample tokens is unknown to its"
              + " vocabulary. Default: ${DEFAULT-VALUE} (5%%).")
  double maxUnknown;

  @Option(
      names = "--training",
      paramLabel = "FILE",
      description = "training.json of python/train.py: its summary goes into the manifest.")
  Path training;

  @Override
  public Integer call() throws IOException {
    ModelOutput kind;
    InputFormat format;
    try {
      kind = ModelOutput.parse(output);
      format = InputFormat.parse(sampleFormat);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
      throw usage("--threshold " + threshold + " must be in [0, 1]");
    }
    if (sampleRows < 1 || !(maxUnknown >= 0 && maxUnknown <= 1)) {
      throw usage("--sample-rows must be >= 1 and --max-unknown in [0, 1]");
    }
    boolean torchscript = modelFile.torchscript != null;
    Path file = torchscript ? modelFile.torchscript : modelFile.onnx;
    String bundleName = name != null ? name : defaultName(file);
    if (!bundleName.matches("[A-Za-z0-9_.-]+")) {
      throw usage("--name '" + bundleName + "' must match [A-Za-z0-9_.-]+");
    }
    FeatureSpec featureSpec = inputs.spec();
    var vocabularies = inputs.vocabularies(featureSpec);
    ContractProbe probe = ContractProbe.of(featureSpec, vocabularies);
    PrintWriter o = out();
    long start = System.nanoTime();
    if (sample != null) {
      probe = probe.withSample(checkSample(featureSpec, vocabularies, format));
    }
    List<String> warnings =
        torchscript
            ? TorchScriptModels.validate(file, probe, kind, EngineSettings.threads(1))
            : OnnxModels.validate(file, probe, kind);
    warnings.forEach(this::warn);
    o.printf(
        "%s %s follows the input contract (%s)%n",
        torchscript ? "TorchScript" : "ONNX", file, InputContract.describe(probe.contract()));
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

  /**
   * Reads the sample, prints each field's unknown-token share, warns above {@code --max-unknown};
   * returns the encoded rows for the model probe.
   */
  private EncodedBatch checkSample(
      FeatureSpec featureSpec, Map<String, Vocabulary> vocabularies, InputFormat format) {
    RawSample.Result r =
        RawSample.read(
            spark(),
            sample,
            format,
            new Encoder(featureSpec, vocabularies),
            sampleRows,
            PROBE_ROWS);
    PrintWriter o = out();
    o.printf(
        Locale.ROOT,
        "sample %s: %,d rows (%,d unreadable, %,d values of the wrong type)%n",
        sample,
        r.rows(),
        r.unreadable(),
        r.unknown().invalidValues());
    o.printf(
        Locale.ROOT, "%-14s %10s %10s %9s  %s%n", "field", "tokens", "unknown", "share", "e.g.");
    for (UnknownTokenSample.Field f : r.unknown().fields()) {
      String examples = quoted(f.examples());
      o.printf(
          Locale.ROOT,
          "%-14s %,10d %,10d %8.2f%%  %s%n",
          f.field(),
          f.tokens(),
          f.unknown(),
          100 * f.unknownShare(),
          examples);
      if (f.unknownShare() > maxUnknown) {
        warn(
            String.format(
                Locale.ROOT,
                "field '%s': %.1f%% of the sample's %,d tokens are unknown to its vocabulary (e.g."
                    + " %s), more than --max-unknown %.1f%%: the data is probably normalised or"
                    + " tokenized differently from the table; check the field's normalize and"
                    + " tokenizer in the spec (\"normalize\": \"none\" keeps tokens as written)",
                f.field(),
                100 * f.unknownShare(),
                f.tokens(),
                examples,
                100 * maxUnknown));
      }
    }
    o.flush();
    return r.encoded();
  }

  private static String quoted(List<String> tokens) {
    return tokens.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
  }

  private void warn(String message) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("deepscore bundle: warning: " + message);
    err.flush();
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
