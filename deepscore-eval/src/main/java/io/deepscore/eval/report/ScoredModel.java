package io.deepscore.eval.report;

import io.deepscore.errors.InvalidInputException;
import java.util.Objects;

/**
 * One model's probabilities for labelled rows, the input of an {@link EvaluationReport}.
 *
 * @param name a display name, unique within a report (e.g. the bundle directory name)
 * @param bundleId the bundle id (or any version string)
 * @param engine the engine id, e.g. {@code djl-pytorch} or {@code xgboost}
 * @param scores one probability in [0, 1] per row
 * @param labels one 0/1 label per row, same length
 * @param bundleThreshold the model's own decision threshold (from its bundle), NaN if it has none
 */
public record ScoredModel(
    String name,
    String bundleId,
    String engine,
    float[] scores,
    int[] labels,
    double bundleThreshold) {

  /** Checks names and lengths (values are checked by the metric functions). */
  public ScoredModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(labels, "labels");
    if (scores.length != labels.length) {
      throw new InvalidInputException(
          "model '" + name + "': " + scores.length + " scores but " + labels.length + " labels");
    }
  }

  /** Whether the bundle had a threshold. */
  public boolean hasBundleThreshold() {
    return !Double.isNaN(bundleThreshold);
  }
}
