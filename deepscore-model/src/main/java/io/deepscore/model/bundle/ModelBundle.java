package io.deepscore.model.bundle;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.hash.Sha256;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A self-contained, verified model directory on a local file system:
 *
 * <pre>
 * manifest.json            what the bundle is, sha256 of every other file ({@link ManifestJson})
 * spec.json                the feature spec
 * vocab/&lt;field&gt;.vocab      one vocabulary per field
 * model/...                the engine's model file(s), e.g. model/deepscore-0000.params (DJL
 *                          network), model/model.pt (TorchScript), model/model.onnx (ONNX),
 *                          model/model.ubj (XGBoost)
 * </pre>
 *
 * <p>The bundle knows the layout and the manifest, never an engine: engines plug in through {@link
 * BundleEngine}, looked up by the manifest's {@code engine} id ({@link BundleEngines}).
 *
 * <p>{@link #open(Path)} verifies everything before any scoring: the format version, that the
 * engine is available, the sha256 of every listed file (a changed file is refused naming it and
 * both hashes), that no listed file is missing, that the spec's fields and max lengths match the
 * input contract, that the vocabularies' sizes match the manifest, and the engine's own checks
 * ({@link BundleEngine#verify}; checks that need the loaded model, such as embedding table sizes,
 * run in {@link #loadModel}). Instances are immutable and thread-safe. Hadoop file systems are the
 * Spark layer's job: copy the directory to a local path first.
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

  private final Path dir;
  private final BundleManifest manifest;
  private final String contentHash;
  private final FeatureSpec spec;
  private final Map<String, Vocabulary> vocabularies;
  private final BundleEngine engine;

  private ModelBundle(
      Path dir,
      BundleManifest manifest,
      String contentHash,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      BundleEngine engine) {
    this.dir = dir;
    this.manifest = manifest;
    this.contentHash = contentHash;
    this.spec = spec;
    this.vocabularies = vocabularies;
    this.engine = engine;
  }

  /**
   * Writes a bundle of a model into {@code dir} (created; must not exist or be empty), then opens
   * and verifies it. The model writes its own files ({@link TrainedModel#writeModelFiles}); the
   * spec, vocabularies, sha256 list, provenance and threshold are the same for every engine.
   *
   * @param name a short name, part of the bundle id ({@code [A-Za-z0-9_.-]+})
   * @param threshold the chosen decision threshold, or null
   * @throws BundleException if the model, the spec and the vocabularies do not belong together or
   *     the directory is not empty
   */
  public static ModelBundle write(
      Path dir,
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      TrainedModel model,
      BundleThreshold threshold) {
    return BundleWriter.write(dir, name, spec, vocabularies, model, threshold);
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
    String contentHash;
    try {
      contentHash = Sha256.ofFile(mf);
    } catch (UncheckedIOException e) {
      throw new BundleException(mf + " cannot be read: " + e.getMessage(), e);
    }
    BundleManifest m = ManifestJson.read(mf);
    BundleEngine engine = BundleEngines.get(m.engine(), dir);
    if (!m.modelFile().equals(engine.modelFiles().get(0))) {
      throw new BundleException(
          mf
              + ": model_file is "
              + m.modelFile()
              + " but engine "
              + engine.id()
              + " reads "
              + engine.modelFiles().get(0)
              + ": re-write the bundle");
    }
    checkFiles(dir, m, engine);
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
    checkVocabSizes(m, spec, vocabs);
    ModelBundle bundle =
        new ModelBundle(dir, m, contentHash, spec, Collections.unmodifiableMap(vocabs), engine);
    engine.verify(bundle);
    return bundle;
  }

  /** Every required file listed, every listed file present with its recorded sha256. */
  private static void checkFiles(Path dir, BundleManifest m, BundleEngine engine) {
    Path mf = dir.resolve(MANIFEST);
    List<String> required = new ArrayList<>();
    required.add(SPEC);
    for (InputField f : m.inputContract()) {
      required.add(VOCAB_DIR + "/" + f.field() + Vocabularies.SUFFIX);
    }
    required.addAll(engine.modelFiles());
    for (String r : required) {
      if (!m.files().containsKey(r)) {
        throw new BundleException(
            mf + " does not list required file " + r + " in 'files': re-write the bundle");
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
      String actual = Sha256.ofFile(p);
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

  private static void checkVocabSizes(
      BundleManifest m, FeatureSpec spec, Map<String, Vocabulary> vocabs) {
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
  }

  /** A path inside the bundle; refuses paths that leave it. */
  static Path resolveInside(Path dir, String relative, Path mf) {
    Path p = dir.resolve(relative).normalize();
    if (!p.startsWith(dir.normalize()) || relative.contains("\\")) {
      throw new BundleException(mf + ": file path '" + relative + "' points outside the bundle");
    }
    return p;
  }

  /** The bundle directory. */
  public Path dir() {
    return dir;
  }

  /** A file of the bundle, by its path inside it ({@code /}-separated, as in the manifest). */
  public Path file(String relative) {
    return resolveInside(dir, relative, dir.resolve(MANIFEST));
  }

  /** The verified manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /**
   * The content hash of the whole bundle: the hex sha256 of {@code manifest.json}, which records
   * the sha256 of every other file. Two bundles with equal content hashes score identically.
   */
  public String contentHash() {
    return contentHash;
  }

  /** The feature spec. */
  public FeatureSpec spec() {
    return spec;
  }

  /** The vocabularies by field name, in spec order. */
  public Map<String, Vocabulary> vocabularies() {
    return vocabularies;
  }

  /** Per field (spec order) the vocabulary size. */
  public long[] vocabSizes() {
    long[] sizes = new long[spec.fieldCount()];
    for (int f = 0; f < sizes.length; f++) {
      sizes[f] = vocabularies.get(spec.field(f).name()).size();
    }
    return sizes;
  }

  /** A new encoder for this bundle's spec and vocabularies. */
  public Encoder encoder() {
    return new Encoder(spec, vocabularies);
  }

  /**
   * Loads the model for scoring through its engine; the caller closes it (once per JVM: cache it).
   *
   * @param settings the threads the model may use (each engine maps them to its own knobs)
   * @throws BundleException if a model file cannot be loaded or does not fit the vocabularies
   * @throws io.deepscore.errors.EngineFailureException if the native engine fails
   */
  public ScoringModel loadModel(EngineSettings settings) {
    try {
      return engine.load(this, settings);
    } catch (IOException e) {
      throw new BundleException(
          "bundle file " + manifest.modelFile() + " in " + dir + ": " + e.getMessage(), e);
    } catch (DeepScoreException e) {
      throw e;
    } catch (RuntimeException e) {
      // the files passed their hashes: an untyped failure here is the native engine's
      throw new EngineFailureException(
          "engine "
              + engine.id()
              + " failed to load "
              + manifest.modelFile()
              + " of bundle "
              + dir
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "ModelBundle[" + manifest.bundleId() + " at " + dir + "]";
  }
}
