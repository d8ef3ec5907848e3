package io.deepscore.model.train;

import io.deepscore.model.ModelOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model ready to go into a bundle ({@code ModelBundle.write}): trained here by a {@link Trainer},
 * or exported by another runtime and imported. The writing half of an engine; the reading half is
 * the {@code BundleEngine} whose id is {@link #engine()}. The caller closes it (trained models may
 * hold native memory).
 */
public interface TrainedModel extends AutoCloseable {

  /** The id of the engine that loads the written files, e.g. {@code djl-pytorch}. */
  String engine();

  /** Whether the model outputs probabilities or logits. */
  ModelOutput output();

  /** Per input field (spec order) the fixed row length the model was built for. */
  int[] maxLengths();

  /**
   * Per field the vocabulary size the model was built for (rows of its embedding table, columns of
   * its multi-hot block), checked against the bundle's vocabularies before anything is written;
   * null when the model does not record it (an imported file: its engine checks at load).
   */
  default long[] vocabSizes() {
    return null;
  }

  /**
   * The engine's model configuration, written as the manifest's {@code network} entry (the DJL
   * network's architecture and sizes); empty when the engine needs none.
   */
  default Map<String, Object> engineConfig() {
    return Map.of();
  }

  /** How this model was made. */
  Provenance provenance();

  /**
   * Writes the model's files at the engine's paths inside {@code bundleDir} (a bundle being
   * written: the directory exists and holds the spec and vocabularies already).
   */
  void writeModelFiles(Path bundleDir) throws IOException;

  @Override
  void close();
}
