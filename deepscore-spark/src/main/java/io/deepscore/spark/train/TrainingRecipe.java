package io.deepscore.spark.train;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.model.bundle.BundleManifest;
import io.deepscore.model.bundle.ModelBundle;
import java.util.Map;
import java.util.Objects;

/**
 * How a bundle was trained, read back from its provenance: what {@code deepscore train <algorithm>
 * --from-bundle} needs to train it again with the same settings (algorithm, typed configs as maps,
 * data paths, split, target precision, name) and to tell whether it saw the same data (the content
 * hashes of the training and validation rows).
 *
 * @param bundle the bundle read (its spec and vocabularies are the recipe's too)
 * @param algorithm e.g. {@code dnn}
 * @param config the trainer's configuration, for {@code ConfigMaps.fromMap}
 * @param network the architecture configuration, for {@code ConfigMaps.fromMap}; may be empty
 * @param trainPath the featurized training data
 * @param validPath the featurized validation data, or null when the rows were split
 * @param split the holdout split of {@code trainPath}, or null with a {@code validPath}
 * @param targetPrecision the precision the threshold was chosen for
 * @param name the bundle name (its id without the content suffix)
 */
public record TrainingRecipe(
    ModelBundle bundle,
    String algorithm,
    Map<String, Object> config,
    Map<String, Object> network,
    String trainPath,
    String validPath,
    HoldoutSplit split,
    double targetPrecision,
    String name) {

  static final String TRAIN_PATH = "train_path";
  static final String VALID_PATH = "valid_path";
  static final String VALID_FRACTION = "valid_fraction";
  static final String TEST_FRACTION = "test_fraction";

  /**
   * The recipe of a bundle.
   *
   * @throws InvalidInputException if the bundle records no provenance (written before deepscore
   *     recorded it, or imported from PyTorch)
   */
  @SuppressWarnings("unchecked")
  public static TrainingRecipe of(ModelBundle bundle) {
    BundleManifest m = bundle.manifest();
    Map<String, Object> p = m.provenance();
    if (p.isEmpty() || !(p.get("data") instanceof Map<?, ?> data)) {
      throw new InvalidInputException(
          "bundle "
              + bundle.dir()
              + " records no training provenance (it was imported, or written by a deepscore"
              + " older than --from-bundle): train it again with explicit options");
    }
    Map<String, Object> source =
        data.get("source") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
    Object trainPath = source.get(TRAIN_PATH);
    Object validPath = source.get(VALID_PATH);
    HoldoutSplit split =
        validPath == null && source.get(VALID_FRACTION) instanceof Number v
            ? new HoldoutSplit(v.doubleValue(), ((Number) source.get(TEST_FRACTION)).doubleValue())
            : null;
    String id = m.bundleId();
    int dash = id.lastIndexOf('-');
    return new TrainingRecipe(
        bundle,
        Objects.toString(p.get("algorithm"), null),
        p.get("config") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of(),
        p.get("network") instanceof Map<?, ?> n ? (Map<String, Object>) n : Map.of(),
        trainPath == null ? null : trainPath.toString(),
        validPath == null ? null : validPath.toString(),
        split,
        m.threshold() == null ? 0.5 : m.threshold().targetPrecision(),
        dash > 0 ? id.substring(0, dash) : id);
  }

  /**
   * One line saying whether {@code retrained} saw the same training and validation rows as this
   * recipe's bundle (by content hash): the condition for reproducing its validation AUC.
   */
  public String compareData(ModelBundle retrained) {
    String before = hashes(bundle);
    String after = hashes(retrained);
    return before.equals(after)
        ? "same training and validation rows as "
            + bundle.manifest().bundleId()
            + " ("
            + after
            + ")"
        : "the rows differ from those of "
            + bundle.manifest().bundleId()
            + " ("
            + before
            + " then, "
            + after
            + " now): expect another result";
  }

  private static String hashes(ModelBundle b) {
    Object data = b.manifest().provenance().get("data");
    if (!(data instanceof Map<?, ?> d)) {
      return "unknown";
    }
    return "train sha256 "
        + prefix(d.get("train_sha256"))
        + ", valid sha256 "
        + prefix(d.get("valid_sha256"));
  }

  private static String prefix(Object sha) {
    String s = String.valueOf(sha);
    return s.length() > 12 ? s.substring(0, 12) : s;
  }
}
