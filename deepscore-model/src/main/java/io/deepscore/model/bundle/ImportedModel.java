package io.deepscore.model.bundle;

import io.deepscore.features.FeatureSpec;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.train.Provenance;
import io.deepscore.model.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model file exported by another runtime (a TorchScript or ONNX file from PyTorch), ready to be
 * written into a bundle as it is: {@link #writeModelFiles} copies it to its engine's model file.
 * Validate it against the input contract first ({@code TorchScriptModels.validate}, {@code
 * OnnxModels.validate}). Holds nothing to close.
 */
public final class ImportedModel implements TrainedModel {

  private final String engine;
  private final Path source;
  private final String modelFile;
  private final ModelOutput output;
  private final int[] maxLengths;
  private final Provenance provenance;

  private ImportedModel(
      String engine,
      Path source,
      String modelFile,
      ModelOutput output,
      int[] maxLengths,
      Provenance provenance) {
    this.engine = engine;
    this.source = source;
    this.modelFile = modelFile;
    this.output = output;
    this.maxLengths = maxLengths;
    this.provenance = provenance;
  }

  /**
   * @param engine the engine id that scores the file, e.g. {@code torchscript}
   * @param source the exported file
   * @param spec the feature spec the model was trained with (its max lengths are the contract)
   * @param output what the model returns
   * @param training what is known of the training (may be empty): the manifest's {@code training}
   * @throws BundleException if no engine on the class path has that id
   */
  public static ImportedModel of(
      String engine,
      Path source,
      FeatureSpec spec,
      ModelOutput output,
      Map<String, Object> training) {
    String file = BundleEngines.get(engine, source).modelFiles().get(0);
    int[] maxLengths = spec.fields().stream().mapToInt(f -> f.maxLength()).toArray();
    return new ImportedModel(
        engine, source, file, output, maxLengths, Provenance.imported(training));
  }

  @Override
  public String engine() {
    return engine;
  }

  @Override
  public ModelOutput output() {
    return output;
  }

  @Override
  public int[] maxLengths() {
    return maxLengths.clone();
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public void writeModelFiles(Path bundleDir) throws IOException {
    Path inside = ModelBundle.resolveInside(bundleDir, modelFile, bundleDir);
    Files.createDirectories(inside.getParent());
    Files.copy(source, inside);
  }

  @Override
  public void close() {}
}
