package io.deepscore.model.bundle;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabularies;
import io.deepscore.features.Vocabulary;
import io.deepscore.hash.Sha256;
import io.deepscore.model.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one way a bundle is written ({@link ModelBundle#write}): check that the model, the spec and
 * the vocabularies belong together, then an empty directory, the spec, the vocabularies, the
 * model's own files (written by the model, at its engine's paths), the sha256 of every file, the
 * manifest last; then the bundle is opened and verified like any other.
 */
final class BundleWriter {

  private BundleWriter() {}

  static ModelBundle write(
      Path dir,
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      TrainedModel model,
      BundleThreshold threshold) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new InvalidInputException("bundle name must match [A-Za-z0-9_.-]+, got " + name);
    }
    BundleEngine engine = BundleEngines.get(model.engine(), dir);
    Map<String, Vocabulary> ordered = belongTogether(spec, vocabularies, model);
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
      spec.write(dir.resolve(ModelBundle.SPEC));
      Vocabularies.writeAll(dir.resolve(ModelBundle.VOCAB_DIR), ordered);
      model.writeModelFiles(dir);
      for (String f : engine.modelFiles()) {
        if (!Files.isRegularFile(ModelBundle.resolveInside(dir, f, dir))) {
          throw new IllegalStateException(
              "the " + engine.id() + " model did not write its file " + f + " into " + dir);
        }
      }
      Map<String, String> files = hashAll(dir);
      BundleManifest m =
          new BundleManifest(
              ModelBundle.FORMAT_VERSION,
              name + "-" + shortHash(files),
              engine.id(),
              engine.modelFiles().get(0),
              model.output(),
              ModelBundle.contractOf(spec),
              model.engineConfig(),
              vocabSizes,
              files,
              model.provenance().summary(),
              model.provenance().toMap(),
              threshold,
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              deepscoreVersion());
      ManifestJson.write(m, dir.resolve(ModelBundle.MANIFEST));
    } catch (IOException e) {
      throw new BundleException("cannot write bundle " + dir + ": " + e.getMessage(), e);
    }
    return ModelBundle.open(dir);
  }

  /**
   * The vocabularies in spec order, each present and, when the model records them, of the size and
   * max length the model was trained with.
   */
  private static Map<String, Vocabulary> belongTogether(
      FeatureSpec spec, Map<String, Vocabulary> vocabularies, TrainedModel model) {
    int[] maxLengths = model.maxLengths();
    long[] sizes = model.vocabSizes();
    if (maxLengths.length != spec.fieldCount()) {
      throw new BundleException(
          "the model has "
              + maxLengths.length
              + " inputs, the spec "
              + spec.fieldCount()
              + " fields");
    }
    Map<String, Vocabulary> ordered = new LinkedHashMap<>();
    for (int f = 0; f < spec.fieldCount(); f++) {
      FieldSpec fs = spec.field(f);
      Vocabulary v = vocabularies.get(fs.name());
      if (v == null) {
        throw new InvalidInputException("no vocabulary for field '" + fs.name() + "'");
      }
      if (maxLengths[f] != fs.maxLength() || (sizes != null && v.size() != sizes[f])) {
        throw new BundleException(
            "field '"
                + fs.name()
                + "': vocabulary size "
                + v.size()
                + " and max_length "
                + fs.maxLength()
                + ", but the model was trained with "
                + (sizes == null ? "" : sizes[f] + " vocabulary ids and ")
                + "max_length "
                + maxLengths[f]
                + ": pass the spec and vocabularies the model was trained with");
      }
      ordered.put(fs.name(), v);
    }
    return ordered;
  }

  private static Map<String, String> hashAll(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
        String rel = dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (!rel.equals(ModelBundle.MANIFEST)) {
          out.put(rel, Sha256.ofFile(p));
        }
      }
    }
    return out;
  }

  /** The first 12 hex digits of a hash of the file list: the bundle id's suffix. */
  private static String shortHash(Map<String, String> files) {
    Sha256 d = Sha256.newDigest();
    files.forEach((path, sha) -> d.update(path + "=" + sha + "\n"));
    return d.hex().substring(0, 12);
  }

  private static String deepscoreVersion() {
    String v = ModelBundle.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
