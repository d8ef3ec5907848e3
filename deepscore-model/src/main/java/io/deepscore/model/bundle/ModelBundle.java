package io.deepscore.model.bundle;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.train.TrainedModel;
import io.deepscore.model.train.TrainingResult;
import io.deepscore.model.xgboost.XgboostScoringModel;
import io.deepscore.model.xgboost.XgboostTrainedModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A self-contained, verified model directory on a local file system:
 *
 * <pre>
 * manifest.json            what the bundle is, sha256 of every other file
 * spec.json                the feature spec
 * vocab/&lt;field&gt;.vocab      one vocabulary per field
 * model/deepscore-0000.params  the weights (DJL format; or model/model.pt for TorchScript,
 *                          model/model.ubj for XGBoost)
 * </pre>
 *
 * <p>{@link #open(Path)} verifies everything before any scoring: the format version, the sha256 of
 * every listed file (a changed file is refused naming it and both hashes), that no listed file is
 * missing, that the spec's fields and max lengths match the input contract and that the
 * vocabularies' sizes match the manifest (and, when the model loads, the embedding tables).
 * Instances are immutable and thread-safe. Hadoop file systems are the Spark layer's job: copy the
 * directory to a local path first.
 */
public final class ModelBundle {

  /** The manifest format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Manifest file name. */
  public static final String MANIFEST = "manifest.json";

  /** Feature spec file name. */
  public static final String SPEC = "spec.json";

  /** Vocabulary directory. */
  public static final String VOCAB_DIR = "vocab";

  /** Weights of a {@code djl-pytorch} bundle. */
  public static final String DJL_WEIGHTS = "model/deepscore-0000.params";

  /** Model of an {@code xgboost} bundle (XGBoost's UBJ format). */
  public static final String XGBOOST_MODEL = "model/model.ubj";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final BundleManifest manifest;
  private final FeatureSpec spec;
  private final Map<String, Vocabulary> vocabularies;

  private ModelBundle(
      Path dir, BundleManifest manifest, FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    this.dir = dir;
    this.manifest = manifest;
    this.spec = spec;
    this.vocabularies = vocabularies;
  }

  /**
   * Writes a {@code djl-pytorch} bundle of a trained model into {@code dir} (created; must not
   * exist or be empty), then opens and verifies it.
   *
   * @param name a short name, part of the bundle id ({@code [A-Za-z0-9_.-]+})
   * @param threshold the chosen decision threshold, or null
   */
  public static ModelBundle write(
      Path dir,
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      TrainedModel model,
      BundleThreshold threshold) {
    DeepScoreNetwork net = model.network();
    long[] tables = net.vocabSizes();
    checkFieldCount(net.fieldCount(), spec);
    Map<String, Vocabulary> ordered =
        ordered(
            spec,
            vocabularies,
            (f, v) -> {
              FieldSpec fs = spec.field(f);
              if (v.size() != tables[f]) {
                return "vocabulary size "
                    + v.size()
                    + " but the model's embedding table has "
                    + tables[f]
                    + " rows";
              }
              if (model.maxLengths()[f] != fs.maxLength()) {
                return "the spec's max_length "
                    + fs.maxLength()
                    + " differs from the model's "
                    + model.maxLengths()[f];
              }
              return null;
            });
    TrainingResult r = model.result();
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("best_epoch", r.bestEpoch());
    training.put("valid_auc", r.bestValidAuc());
    training.put("epochs_run", r.epochsRun());
    training.put("stopped_early", r.stoppedEarly());
    training.put("train_rows", r.trainRows());
    training.put("valid_rows", r.validRows());
    return writeBundle(
        dir,
        name,
        spec,
        ordered,
        DjlScoringModel.ENGINE_DJL,
        DJL_WEIGHTS,
        model.output(),
        net.config(),
        training,
        threshold,
        weights -> model.save(weights.getParent(), "deepscore"));
  }

  /**
   * Writes an {@code xgboost} bundle (engine {@value XgboostScoringModel#ENGINE}, model file
   * {@value #XGBOOST_MODEL}) into {@code dir} (created; must not exist or be empty), then opens and
   * verifies it. Same spec, vocabularies, sha256 list and threshold as a DNN bundle.
   *
   * @param name a short name, part of the bundle id ({@code [A-Za-z0-9_.-]+})
   * @param threshold the chosen decision threshold, or null
   */
  public static ModelBundle writeXgboost(
      Path dir,
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      XgboostTrainedModel model,
      BundleThreshold threshold) {
    int[] maxLengths = model.maxLengths();
    checkFieldCount(maxLengths.length, spec);
    Map<String, Vocabulary> ordered =
        ordered(
            spec,
            vocabularies,
            (f, v) -> {
              int columns =
                  (f + 1 < spec.fieldCount()
                          ? model.layout().offset(f + 1)
                          : model.layout().columnCount())
                      - model.layout().offset(f);
              if (v.size() != columns || maxLengths[f] != spec.field(f).maxLength()) {
                return "vocabulary size "
                    + v.size()
                    + " and max_length "
                    + spec.field(f).maxLength()
                    + " but the model was trained with "
                    + columns
                    + " columns and max_length "
                    + maxLengths[f];
              }
              return null;
            });
    TrainingResult r = model.result();
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("algorithm", "xgboost");
    training.put("best_round", r.bestEpoch());
    training.put("valid_auc", r.bestValidAuc());
    training.put("rounds_run", r.epochsRun());
    training.put("stopped_early", r.stoppedEarly());
    training.put("train_rows", r.trainRows());
    training.put("valid_rows", r.validRows());
    training.put("training_seconds", model.trainingSeconds());
    training.put("feature_columns", model.layout().columnCount());
    training.put("params", model.params().toMap());
    return writeBundle(
        dir,
        name,
        spec,
        ordered,
        XgboostScoringModel.ENGINE,
        XGBOOST_MODEL,
        ModelOutput.PROBABILITY,
        null,
        training,
        threshold,
        model::save);
  }

  /**
   * Writes a bundle around a model file exported by another runtime (engine {@code torchscript} or
   * {@code onnx}) into {@code dir} (created; must not exist or be empty), then opens and verifies
   * it. The file is copied to {@code modelFile} inside the bundle as it is; validate it against the
   * input contract first ({@link io.deepscore.model.torchscript.TorchScriptModels#validate}, {@link
   * io.deepscore.model.onnx.OnnxModels#validate}).
   *
   * @param engine the manifest engine id
   * @param source the exported model file
   * @param modelFile its path inside the bundle, e.g. {@code model/model.pt}
   * @param output what the model returns
   * @param training what is known of the training (may be empty)
   * @param threshold the decision threshold, or null
   */
  public static ModelBundle writeImported(
      Path dir,
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      String engine,
      Path source,
      String modelFile,
      ModelOutput output,
      Map<String, Object> training,
      BundleThreshold threshold) {
    Map<String, Vocabulary> ordered = ordered(spec, vocabularies, (f, v) -> null);
    return writeBundle(
        dir,
        name,
        spec,
        ordered,
        engine,
        modelFile,
        output,
        null,
        training,
        threshold,
        target -> {
          Path inside = resolveInside(dir, modelFile, dir.resolve(MANIFEST));
          Files.createDirectories(inside.getParent());
          Files.copy(source, inside);
        });
  }

  /** Writes a model's own file(s) at the given path inside a bundle being written. */
  @FunctionalInterface
  private interface ModelFileWriter {
    void write(Path modelFile) throws IOException;
  }

  /** Checks one field's vocabulary against the model; returns what is wrong, or null. */
  @FunctionalInterface
  private interface FieldCheck {
    String problem(int field, Vocabulary vocabulary);
  }

  private static void checkFieldCount(int modelInputs, FeatureSpec spec) {
    if (modelInputs != spec.fieldCount()) {
      throw new IllegalArgumentException(
          "the model has " + modelInputs + " inputs, the spec " + spec.fieldCount() + " fields");
    }
  }

  /** The vocabularies in spec order, each present and accepted by {@code check}. */
  private static Map<String, Vocabulary> ordered(
      FeatureSpec spec, Map<String, Vocabulary> vocabularies, FieldCheck check) {
    Map<String, Vocabulary> ordered = new LinkedHashMap<>();
    for (int f = 0; f < spec.fieldCount(); f++) {
      FieldSpec fs = spec.field(f);
      Vocabulary v = vocabularies.get(fs.name());
      if (v == null) {
        throw new IllegalArgumentException("no vocabulary for field '" + fs.name() + "'");
      }
      String problem = check.problem(f, v);
      if (problem != null) {
        throw new IllegalArgumentException("field '" + fs.name() + "': " + problem);
      }
      ordered.put(fs.name(), v);
    }
    return ordered;
  }

  /**
   * The one way a bundle is written: an empty directory, the spec, the vocabularies, the model
   * file(s), the sha256 of every file, the manifest; then the bundle is opened and verified.
   */
  private static ModelBundle writeBundle(
      Path dir,
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> ordered,
      String engine,
      String modelFile,
      ModelOutput output,
      NetworkConfig network,
      Map<String, Object> training,
      BundleThreshold threshold,
      ModelFileWriter modelWriter) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("bundle name must match [A-Za-z0-9_.-]+, got " + name);
    }
    Map<String, Integer> vocabSizes = new LinkedHashMap<>();
    ordered.forEach((field, v) -> vocabSizes.put(field, v.size()));
    try {
      Files.createDirectories(dir);
      try (Stream<Path> s = Files.list(dir)) {
        if (s.findAny().isPresent()) {
          throw new BundleException(
              "bundle directory " + dir + " is not empty: write a bundle into a new directory");
        }
      }
      spec.write(dir.resolve(SPEC));
      Vocabularies.writeAll(dir.resolve(VOCAB_DIR), ordered);
      modelWriter.write(dir.resolve(modelFile));
      Map<String, String> files = hashAll(dir);
      BundleManifest m =
          new BundleManifest(
              FORMAT_VERSION,
              name + "-" + shortHash(files),
              engine,
              modelFile,
              output,
              contractOf(spec),
              network,
              vocabSizes,
              files,
              training,
              threshold,
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              deepscoreVersion());
      Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(toJson(m)) + "\n");
    } catch (IOException e) {
      throw new BundleException("cannot write bundle " + dir + ": " + e.getMessage(), e);
    }
    return open(dir);
  }

  /** The input contract of a spec: per field, in order, int64 {@code [-1, max_length]}. */
  public static List<InputField> contractOf(FeatureSpec spec) {
    List<InputField> contract = new ArrayList<>();
    for (FieldSpec fs : spec.fields()) {
      contract.add(new InputField(fs.name(), InputField.INT64, fs.maxLength()));
    }
    return List.copyOf(contract);
  }

  /**
   * Opens and verifies a bundle directory (see the class javadoc for the checks).
   *
   * @throws BundleException naming the file at fault and the fix
   */
  public static ModelBundle open(Path dir) {
    Path mf = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(mf)) {
      throw new BundleException(
          MANIFEST
              + " not found in "
              + dir
              + ": not a deepscore model bundle (or an incomplete copy; copy the whole directory)");
    }
    BundleManifest m;
    try {
      m = fromJson(JSON.readTree(mf.toFile()), mf);
    } catch (IOException e) {
      throw new BundleException(mf + " is not valid JSON: " + e.getMessage(), e);
    }
    for (String required : requiredFiles(m)) {
      if (!m.files().containsKey(required)) {
        throw new BundleException(
            mf + " does not list required file " + required + " in 'files': re-write the bundle");
      }
    }
    for (Map.Entry<String, String> e : m.files().entrySet()) {
      Path p = resolveInside(dir, e.getKey(), mf);
      if (!Files.isRegularFile(p)) {
        throw new BundleException(
            "bundle file "
                + e.getKey()
                + " listed in "
                + MANIFEST
                + " is missing from "
                + dir
                + ": copy the whole bundle directory again");
      }
      String actual = sha256(p);
      if (!actual.equals(e.getValue())) {
        throw new BundleException(
            "bundle file "
                + e.getKey()
                + " in "
                + dir
                + " has sha256 "
                + actual
                + " but "
                + MANIFEST
                + " records "
                + e.getValue()
                + ": the file was changed or corrupted; copy the bundle again from its source");
      }
    }
    FeatureSpec spec;
    try {
      spec = FeatureSpec.read(dir.resolve(SPEC));
    } catch (RuntimeException e) {
      throw new BundleException(
          "bundle file " + SPEC + " in " + dir + " cannot be read: " + e.getMessage(), e);
    }
    checkContract(m, spec, dir);
    Map<String, Vocabulary> vocabs;
    try {
      vocabs = Vocabularies.readAll(dir.resolve(VOCAB_DIR), spec);
    } catch (RuntimeException e) {
      throw new BundleException(
          "bundle " + dir + ": cannot read the vocabularies: " + e.getMessage(), e);
    }
    for (FieldSpec fs : spec.fields()) {
      int size = vocabs.get(fs.name()).size();
      Integer recorded = m.vocabSizes().get(fs.name());
      if (recorded == null || recorded != size) {
        throw new BundleException(
            "bundle file "
                + VOCAB_DIR
                + "/"
                + fs.name()
                + Vocabularies.SUFFIX
                + " has "
                + size
                + " ids but "
                + MANIFEST
                + " records vocab_sizes."
                + fs.name()
                + " = "
                + recorded
                + ": the vocabulary does not belong to this model; re-write the bundle");
      }
    }
    return new ModelBundle(dir, m, spec, java.util.Collections.unmodifiableMap(vocabs));
  }

  private static List<String> requiredFiles(BundleManifest m) {
    List<String> req = new ArrayList<>();
    req.add(SPEC);
    for (InputField f : m.inputContract()) {
      req.add(VOCAB_DIR + "/" + f.field() + Vocabularies.SUFFIX);
    }
    req.add(m.modelFile());
    return req;
  }

  private static void checkContract(BundleManifest m, FeatureSpec spec, Path dir) {
    List<InputField> c = m.inputContract();
    boolean same = c.size() == spec.fieldCount();
    for (int f = 0; same && f < c.size(); f++) {
      same =
          c.get(f).field().equals(spec.field(f).name())
              && c.get(f).maxLength() == spec.field(f).maxLength();
    }
    if (!same) {
      List<String> specFields = new ArrayList<>();
      for (FieldSpec fs : spec.fields()) {
        specFields.add(fs.name() + "[" + fs.maxLength() + "]");
      }
      List<String> contract = new ArrayList<>();
      for (InputField f : c) {
        contract.add(f.field() + "[" + f.maxLength() + "]");
      }
      throw new BundleException(
          "bundle "
              + dir
              + ": "
              + SPEC
              + " has fields "
              + specFields
              + " but the input_contract of "
              + MANIFEST
              + " is "
              + contract
              + ": the spec does not belong to this model; re-write the bundle");
    }
  }

  /** The bundle directory. */
  public Path dir() {
    return dir;
  }

  /** The verified manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The feature spec. */
  public FeatureSpec spec() {
    return spec;
  }

  /** The vocabularies by field name, in spec order. */
  public Map<String, Vocabulary> vocabularies() {
    return vocabularies;
  }

  /** A new encoder for this bundle's spec and vocabularies. */
  public Encoder encoder() {
    return new Encoder(spec, vocabularies);
  }

  /**
   * Loads the model for scoring; the caller closes it (once per JVM: cache it).
   *
   * @param settings engine threads, applied before the engine loads
   * @throws BundleException if the engine is not supported here or the weights do not match the
   *     vocabularies
   */
  public ScoringModel loadModel(EngineSettings settings) {
    Path file = dir.resolve(manifest.modelFile());
    int[] maxLengths = manifest.maxLengths();
    try {
      switch (manifest.engine()) {
        case DjlScoringModel.ENGINE_DJL:
          {
            long[] sizes = new long[spec.fieldCount()];
            for (int f = 0; f < sizes.length; f++) {
              sizes[f] = vocabularies.get(spec.field(f).name()).size();
            }
            DeepScoreNetwork net = new DeepScoreNetwork(manifest.network(), sizes);
            DjlScoringModel model =
                DjlScoringModel.load(file, net, maxLengths, manifest.output(), settings);
            try {
              checkTables(net, sizes);
            } catch (BundleException e) {
              model.close();
              throw e;
            }
            return model;
          }
        case DjlScoringModel.ENGINE_TORCHSCRIPT:
          return DjlScoringModel.load(file, null, maxLengths, manifest.output(), settings);
        case XgboostScoringModel.ENGINE:
          {
            long[] sizes = new long[spec.fieldCount()];
            for (int f = 0; f < sizes.length; f++) {
              sizes[f] = vocabularies.get(spec.field(f).name()).size();
            }
            try {
              return XgboostScoringModel.load(file, maxLengths, sizes, settings);
            } catch (IllegalArgumentException e) {
              throw new BundleException(
                  "bundle file "
                      + manifest.modelFile()
                      + " in "
                      + dir
                      + ": "
                      + e.getMessage()
                      + "; re-write the bundle",
                  e);
            }
          }
        case io.deepscore.model.onnx.OnnxModels.ENGINE:
          return io.deepscore.model.onnx.OnnxScoringModel.load(
              file, manifest.inputContract(), manifest.output(), settings);
        default:
          throw new BundleException(
              "bundle "
                  + dir
                  + ": engine '"
                  + manifest.engine()
                  + "' is not supported by this deepscore build (supported: djl-pytorch,"
                  + " torchscript, onnx, xgboost)");
      }
    } catch (IOException e) {
      throw new BundleException(
          "bundle file " + manifest.modelFile() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void checkTables(DeepScoreNetwork net, long[] sizes) {
    int f = 0;
    for (var pair : net.getParameters()) {
      Parameter p = pair.getValue();
      if (!pair.getKey().endsWith("_weight") || !pair.getKey().contains("field")) {
        continue;
      }
      Shape s = p.getArray().getShape();
      if (f < sizes.length && s.get(0) != sizes[f]) {
        throw new BundleException(
            "bundle file "
                + manifest.modelFile()
                + " has an embedding table of "
                + s.get(0)
                + " rows for field '"
                + spec.field(f).name()
                + "' but its vocabulary has "
                + sizes[f]
                + " ids: weights and vocabularies are from different trainings; re-write the"
                + " bundle");
      }
      f++;
    }
  }

  // ------------------------------------------------------------------ JSON

  static ObjectNode toJson(BundleManifest m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("format_version", m.formatVersion());
    o.put("bundle_id", m.bundleId());
    o.put("engine", m.engine());
    o.put("model_file", m.modelFile());
    o.put("output", m.output().id());
    ArrayNode c = o.putArray("input_contract");
    for (InputField f : m.inputContract()) {
      ObjectNode n = c.addObject();
      n.put("field", f.field());
      n.put("dtype", f.dtype());
      n.putArray("shape").add(-1).add(f.maxLength());
    }
    if (m.network() != null) {
      o.set("network", JSON.valueToTree(m.network().toMap()));
    }
    o.set("vocab_sizes", JSON.valueToTree(m.vocabSizes()));
    o.set("files", JSON.valueToTree(m.files()));
    o.set("training", JSON.valueToTree(m.training()));
    if (m.threshold() != null) {
      BundleThreshold t = m.threshold();
      ObjectNode n = o.putObject("threshold");
      n.put("target_precision", t.targetPrecision());
      n.put("threshold", t.threshold());
      n.put("precision", t.precision());
      n.put("recall", t.recall());
      n.put("reached", t.reached());
    }
    o.put("created", m.created());
    o.put("deepscore_version", m.deepscoreVersion());
    return o;
  }

  @SuppressWarnings("unchecked")
  static BundleManifest fromJson(JsonNode o, Path mf) {
    try {
      JsonNode v = o.get("format_version");
      if (v == null || !v.canConvertToInt()) {
        throw new BundleException(mf + ": missing or non-integer format_version");
      }
      if (v.asInt() != FORMAT_VERSION) {
        throw new BundleException(
            mf
                + ": format_version "
                + v.asInt()
                + " is not supported (this deepscore reads "
                + FORMAT_VERSION
                + "): open it with the deepscore version that wrote it ("
                + text(o, "deepscore_version", mf, true)
                + ") or re-export the model");
      }
      List<InputField> contract = new ArrayList<>();
      JsonNode c = require(o, "input_contract", mf);
      for (Iterator<JsonNode> it = c.elements(); it.hasNext(); ) {
        JsonNode n = it.next();
        String dtype = text(n, "dtype", mf, false);
        JsonNode shape = require(n, "shape", mf);
        if (!InputField.INT64.equals(dtype) || shape.size() != 2 || shape.get(0).asInt() != -1) {
          throw new BundleException(
              mf
                  + ": input_contract entries must be {dtype: int64, shape: [-1, max_length]}, got "
                  + n);
        }
        contract.add(new InputField(text(n, "field", mf, false), dtype, shape.get(1).asInt()));
      }
      String engine = text(o, "engine", mf, false);
      NetworkConfig network = null;
      if (o.has("network")) {
        network = NetworkConfig.fromMap(JSON.convertValue(o.get("network"), Map.class));
      } else if (DjlScoringModel.ENGINE_DJL.equals(engine)) {
        throw new BundleException(mf + ": engine djl-pytorch needs a 'network' entry");
      }
      BundleThreshold threshold = null;
      if (o.hasNonNull("threshold")) {
        JsonNode t = o.get("threshold");
        threshold =
            new BundleThreshold(
                require(t, "target_precision", mf).asDouble(),
                require(t, "threshold", mf).asDouble(),
                require(t, "precision", mf).asDouble(),
                require(t, "recall", mf).asDouble(),
                require(t, "reached", mf).asBoolean());
      }
      Map<String, Object> training =
          o.has("training") ? JSON.convertValue(o.get("training"), Map.class) : Map.of();
      return new BundleManifest(
          v.asInt(),
          text(o, "bundle_id", mf, false),
          engine,
          text(o, "model_file", mf, false),
          ModelOutput.parse(text(o, "output", mf, false)),
          contract,
          network,
          JSON.convertValue(require(o, "vocab_sizes", mf), LinkedHashMap.class),
          JSON.convertValue(require(o, "files", mf), TreeMap.class),
          training,
          threshold,
          text(o, "created", mf, true),
          text(o, "deepscore_version", mf, true));
    } catch (IllegalArgumentException e) {
      throw new BundleException(mf + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode require(JsonNode o, String key, Path mf) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      throw new BundleException(mf + ": missing required key '" + key + "'");
    }
    return n;
  }

  private static String text(JsonNode o, String key, Path mf, boolean optional) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      if (optional) {
        return null;
      }
      throw new BundleException(mf + ": missing required key '" + key + "'");
    }
    return n.asText();
  }

  // ------------------------------------------------------------------ files and hashes

  private static Path resolveInside(Path dir, String relative, Path mf) {
    Path p = dir.resolve(relative).normalize();
    if (!p.startsWith(dir.normalize()) || relative.contains("\\")) {
      throw new BundleException(mf + ": file path '" + relative + "' points outside the bundle");
    }
    return p;
  }

  private static Map<String, String> hashAll(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
        String rel = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (!rel.equals(MANIFEST)) {
          out.put(rel, sha256(p));
        }
      }
    }
    return out;
  }

  /** The lowercase hex sha256 of a file's bytes. */
  public static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shortHash(Map<String, String> files) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : files.entrySet()) {
        md.update(
            (e.getKey() + "=" + e.getValue() + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String deepscoreVersion() {
    String v = ModelBundle.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String toString() {
    return "ModelBundle[" + manifest.bundleId() + " at " + dir + "]";
  }
}
