package io.deepscore.model.torchscript;

import static io.deepscore.model.bundle.InputContract.violation;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.bundle.InputField;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.djl.PyTorchThreads;
import io.deepscore.model.interop.ContractProbe;
import io.deepscore.model.interop.InputNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * TorchScript ({@code .pt}) models exported from PyTorch, scored by DJL's PyTorch engine (libtorch
 * 2.7.1; files exported by torch 1.13 load, as the golden parity fixtures made by
 * python/make_golden.sh show).
 *
 * <p>{@link #validate} checks a file before it goes into a bundle: it must be a TorchScript archive
 * (a zip with a {@code code/} directory), not a pickled {@code torch.save} checkpoint; when the
 * archive's top-level {@code forward} can be read, its arguments must follow {@link InputNames};
 * then the {@link ContractProbe} runs (dry run, each field's largest id, sample rows). Scoring goes
 * through {@link DjlScoringModel} and its {@link io.deepscore.model.djl.EncodedBatchTranslator}
 * (int64 inputs from reused direct buffers).
 */
public final class TorchScriptModels {

  /** Engine id in the manifest. */
  public static final String ENGINE = "torchscript";

  /** Path of the model file inside a bundle. */
  public static final String BUNDLE_FILE = "model/model.pt";

  private static final String HOW_TO_EXPORT =
      "export the model as TorchScript: torch.jit.script(model).save(\"model.pt\") (python/export.py"
          + " does it), then bundle that file";

  private TorchScriptModels() {}

  /**
   * Loads a TorchScript file for scoring; the caller closes the model.
   *
   * @param file a file named {@code <name>.pt}
   */
  public static DjlScoringModel load(
      Path file, int[] maxLengths, ModelOutput output, EngineSettings settings) throws IOException {
    return DjlScoringModel.load(ENGINE, file, null, maxLengths, output, settings);
  }

  /**
   * Checks that {@code file} is a TorchScript program following the input contract: the archive,
   * the top-level {@code forward}'s argument names ({@link InputNames}; DJL's PyTorch engine does
   * not expose them, so they are read from the archive's {@code code/} source), then the runs of
   * {@link ContractProbe}.
   *
   * @param output the declared output; with {@code probability} every probed value must lie in [0,
   *     1]
   * @return warnings for the user (e.g. argument names that are not the field names); may be empty
   * @throws io.deepscore.errors.ModelContractException naming the problem and the expected contract
   * @throws io.deepscore.errors.DeepScoreException for a missing file or one that is not
   *     TorchScript
   */
  public static List<String> validate(
      Path file, ContractProbe probe, ModelOutput output, EngineSettings settings)
      throws IOException {
    List<InputField> contract = probe.contract();
    String what = "TorchScript file " + file;
    List<String> warnings = new ArrayList<>();
    List<String> forwardArgs = checkArchive(file);
    if (forwardArgs == null) {
      warnings.add(
          what
              + ": the names of forward's arguments could not be read from the archive; inputs are"
              + " taken by position, in the spec's order "
              + contract.stream().map(InputField::field).toList());
    } else {
      String w = InputNames.check(what + ": forward's arguments", forwardArgs, contract);
      if (w != null) {
        warnings.add(w);
      }
    }
    PyTorchThreads.apply(settings);
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optEngine("PyTorch")
            .optModelPath(file)
            .optTranslator(new NoopTranslator())
            .build();
    try (ZooModel<NDList, NDList> model = criteria.loadModel();
        Predictor<NDList, NDList> predictor = model.newPredictor();
        NDManager manager = model.getNDManager().newSubManager()) {
      probe.run(
          what,
          (ids, rows) -> {
            try (NDManager batch = manager.newSubManager()) {
              NDList inputs = new NDList();
              for (int f = 0; f < ids.length; f++) {
                inputs.add(batch.create(ids[f], new Shape(rows, contract.get(f).maxLength())));
              }
              NDList out = predictor.predict(inputs);
              if (out.size() != 1) {
                throw violation(what + " returned " + out.size() + " tensors, not one", contract);
              }
              NDArray y = out.head();
              boolean f32 = y.getDataType() == DataType.FLOAT32;
              return new ContractProbe.Output(
                  y.getDataType().toString().toLowerCase(java.util.Locale.ROOT),
                  y.getShape().getShape(),
                  f32 ? y.toFloatArray() : null);
            }
          },
          output);
    } catch (ModelNotFoundException | MalformedModelException e) {
      throw violation(
          what + " cannot be loaded by libtorch: " + ContractProbe.engineMessage(e), contract, e);
    }
    return warnings;
  }

  /**
   * Refuses files that are not TorchScript archives; returns the top-level {@code forward}'s
   * argument names (without {@code self}) when they can be read from the archive, else null.
   */
  static List<String> checkArchive(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException("TorchScript file " + file + " does not exist");
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K';
    if (!zip) {
      if (head.length > 0 && (head[0] & 0xff) == 0x80) {
        throw new io.deepscore.errors.ModelContractException(
            file
                + " is a pickled torch.save checkpoint (legacy format), not a TorchScript program:"
                + " "
                + HOW_TO_EXPORT);
      }
      throw new io.deepscore.errors.ModelContractException(
          file + " is not a TorchScript archive (not a zip file): " + HOW_TO_EXPORT);
    }
    try (ZipFile z = new ZipFile(file.toFile())) {
      boolean code = false;
      boolean dataPkl = false;
      String dataPklName = null;
      for (ZipEntry e : java.util.Collections.list(z.entries())) {
        String n = e.getName();
        code |= n.contains("/code/") || n.startsWith("code/");
        if (n.endsWith("data.pkl") && n.indexOf('/') == n.lastIndexOf('/')) {
          dataPkl = true;
          dataPklName = n;
        }
      }
      if (!code) {
        throw new io.deepscore.errors.ModelContractException(
            file
                + (dataPkl
                    ? " is a torch.save checkpoint (a zip with data.pkl but no code/ directory):"
                        + " it holds weights, not a program deepscore can run; "
                    : " is a zip file without a code/ directory, not TorchScript: ")
                + HOW_TO_EXPORT);
      }
      return dataPklName == null ? null : forwardArguments(z, dataPklName);
    }
  }

  private static final Pattern GLOBAL = Pattern.compile("c(__torch__[\\w.]*)\\n(\\w+)\\n");

  /** Best effort: the top-level class from data.pkl, then its forward signature in code/. */
  private static List<String> forwardArguments(ZipFile z, String dataPklName) {
    try {
      String prefix = dataPklName.substring(0, dataPklName.length() - "data.pkl".length());
      String pkl;
      try (InputStream in = z.getInputStream(z.getEntry(dataPklName))) {
        pkl = new String(in.readNBytes(1 << 16), StandardCharsets.ISO_8859_1);
      }
      Matcher g = GLOBAL.matcher(pkl);
      if (!g.find()) {
        return null;
      }
      String module = g.group(1);
      String cls = g.group(2);
      ZipEntry code = z.getEntry(prefix + "code/" + module.replace('.', '/') + ".py");
      if (code == null) {
        return null;
      }
      String src;
      try (InputStream in = z.getInputStream(code)) {
        src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      int c = src.indexOf("class " + cls + "(");
      int d = c < 0 ? -1 : src.indexOf("def forward(", c);
      int end = d < 0 ? -1 : src.indexOf(")", d);
      if (end < 0) {
        return null;
      }
      List<String> args = new ArrayList<>();
      for (String part : src.substring(d + "def forward(".length(), end).split(",")) {
        String name = part.strip();
        int colon = name.indexOf(':');
        name = (colon >= 0 ? name.substring(0, colon) : name).strip();
        if (!name.isEmpty() && !name.equals("self")) {
          args.add(name);
        }
      }
      return args;
    } catch (IOException | RuntimeException e) {
      return null; // the dry run still checks the model
    }
  }
}
