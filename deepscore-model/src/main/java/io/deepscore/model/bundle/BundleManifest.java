package io.deepscore.model.bundle;

import io.deepscore.model.ModelOutput;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The content of a bundle's {@code manifest.json} (see docs/model.md for the JSON; {@link
 * ManifestJson} reads and writes it).
 *
 * @param formatVersion manifest format, currently {@value ModelBundle#FORMAT_VERSION}
 * @param bundleId name plus a short hash of the bundle's files
 * @param engine the {@link BundleEngine} id: {@code djl-pytorch}, {@code torchscript}, {@code
 *     onnx}, {@code xgboost}, or a plug-in's
 * @param modelFile path of the (first) model file inside the bundle
 * @param output whether the model outputs probabilities or logits
 * @param inputContract the model inputs in order
 * @param network the engine's model configuration (the DJL network's architecture and sizes for
 *     {@code djl-pytorch}); empty when the engine needs none
 * @param vocabSizes per field (spec order) the vocabulary size
 * @param files every bundle file except the manifest, path (with {@code /}) to sha256 hex
 * @param training the training summary (best_epoch, valid_auc, epochs_run, ...); may be empty
 * @param provenance how the model was made, enough to re-train it (algorithm, typed configs, seed,
 *     epoch history, row counts, data hashes, sources); empty for bundles written before it was
 *     recorded
 * @param threshold the decision threshold, or null if none was chosen
 * @param created ISO-8601 instant of writing
 * @param deepscoreVersion the deepscore version that wrote the bundle
 */
public record BundleManifest(
    int formatVersion,
    String bundleId,
    String engine,
    String modelFile,
    ModelOutput output,
    List<InputField> inputContract,
    Map<String, Object> network,
    Map<String, Integer> vocabSizes,
    Map<String, String> files,
    Map<String, Object> training,
    Map<String, Object> provenance,
    BundleThreshold threshold,
    String created,
    String deepscoreVersion) {

  /** Copies the collections. */
  public BundleManifest {
    inputContract = List.copyOf(inputContract);
    network = Collections.unmodifiableMap(new LinkedHashMap<>(network));
    vocabSizes = Collections.unmodifiableMap(new LinkedHashMap<>(vocabSizes));
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    training = Collections.unmodifiableMap(new LinkedHashMap<>(training));
    provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
  }

  /** Per input field the max length, contract order. */
  public int[] maxLengths() {
    return inputContract.stream().mapToInt(InputField::maxLength).toArray();
  }
}
