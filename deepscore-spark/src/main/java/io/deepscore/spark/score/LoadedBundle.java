package io.deepscore.spark.score;

import io.deepscore.features.Encoder;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;

/**
 * A verified bundle with its model loaded: what the {@link io.deepscore.spark.ExecutorCache} holds,
 * one per executor JVM and bundle content. Immutable and thread-safe (the model hands out one
 * {@link io.deepscore.model.Scorer} per task thread). Lives as long as the JVM; nobody closes it.
 *
 * @param bundle the opened bundle (a local copy)
 * @param encoder the bundle's encoder
 * @param model the loaded model
 * @param engine what runs the model and with which threads ({@link ScoringModel#runtime()})
 */
public record LoadedBundle(ModelBundle bundle, Encoder encoder, ScoringModel model, String engine) {

  /** The bundle id, written as {@code model_version}. */
  public String bundleId() {
    return bundle.manifest().bundleId();
  }
}
