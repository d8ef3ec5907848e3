package io.deepscore.model.bundle;

import io.deepscore.model.ModelOutput;
import io.deepscore.model.NetworkConfig;
import java.util.List;
import java.util.Map;

/**
 * The content of a bundle's {@code manifest.json} (see docs/model.md for the JSON).
 *
 * @param formatVersion manifest format, currently {@value ModelBundle#FORMAT_VERSION}
 * @param bundleId name plus a short hash of the bundle's files
 * @param engine {@code djl-pytorch}, {@code torchscript}, {@code onnx}, {@code xgboost}
 * @param modelFile path of the weights inside the bundle
 * @param output whether the model outputs probabilities or logits
 * @param inputContract the model inputs in order
 * @param network the network config ({@code djl-pytorch} only, else null)
 * @param vocabSizes per field (spec order) the vocabulary size
 * @param files every bundle file except the manifest, path (with {@code /}) to sha256 hex
 * @param training training metrics (best_epoch, valid_auc, epochs_run, ...); may be empty
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
    NetworkConfig network,
    Map<String, Integer> vocabSizes,
    Map<String, String> files,
    Map<String, Object> training,
    BundleThreshold threshold,
    String created,
    String deepscoreVersion) {

  /** Copies the collections. */
  public BundleManifest {
    inputContract = List.copyOf(inputContract);
    vocabSizes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vocabSizes));
    files = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(files));
    training = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(training));
  }

  /** Per input field the max length, contract order. */
  public int[] maxLengths() {
    return inputContract.stream().mapToInt(InputField::maxLength).toArray();
  }
}
