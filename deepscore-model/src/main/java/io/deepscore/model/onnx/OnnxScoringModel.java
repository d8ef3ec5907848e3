package io.deepscore.model.onnx;

import ai.djl.MalformedModelException;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.InputField;
import io.deepscore.model.djl.DjlScorer;
import io.deepscore.model.interop.InputNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An ONNX model run by DJL's OnnxRuntime engine behind the {@link ScoringModel} interface.
 *
 * <p>Thread-safe: {@link #newScorer()} makes a predictor with its own translator (and buffers);
 * ONNX Runtime sessions may be run from several threads. The engine threads follow {@link
 * EngineSettings}: {@code numThreads} becomes ONNX Runtime's intra-op threads, {@code
 * numInteropThreads} its inter-op threads (0 keeps ONNX Runtime's defaults). The PyTorch engine is
 * not loaded. {@link #close()} frees the session; close every scorer first.
 */
public final class OnnxScoringModel implements ScoringModel {

  private final ZooModel<EncodedBatch, float[]> model;
  private final int[] maxLengths;
  private final List<String> names;
  private final ModelOutput output;
  private final EngineSettings threads;

  private OnnxScoringModel(
      ZooModel<EncodedBatch, float[]> model,
      int[] maxLengths,
      List<String> names,
      ModelOutput output,
      EngineSettings threads) {
    this.model = model;
    this.maxLengths = maxLengths;
    this.names = names;
    this.output = output;
    this.threads = threads;
  }

  /**
   * Loads an ONNX file after checking its input names against the contract ({@link InputNames}):
   * inputs are fed by position, under the graph's own names.
   *
   * @throws io.deepscore.errors.ModelContractException if the graph has another number of inputs or
   *     names the fields in another order
   * @throws IOException naming the file if ONNX Runtime cannot load it
   */
  public static OnnxScoringModel load(
      Path file, List<InputField> contract, ModelOutput output, EngineSettings settings)
      throws IOException {
    int[] maxLengths = contract.stream().mapToInt(InputField::maxLength).toArray();
    List<String> fieldNames = contract.stream().map(InputField::field).toList();
    OnnxModels.engine();
    Criteria.Builder<EncodedBatch, float[]> builder =
        Criteria.builder()
            .setTypes(EncodedBatch.class, float[].class)
            .optEngine("OnnxRuntime")
            .optModelPath(file)
            .optTranslator(new OnnxBatchTranslator(maxLengths, fieldNames, output));
    // DJL applies intraOpNumThreads only together with interOpNumThreads: always pass both.
    if (settings.numThreads() > 0 || settings.numInteropThreads() > 0) {
      builder.optOption("intraOpNumThreads", Integer.toString(Math.max(settings.numThreads(), 1)));
      builder.optOption(
          "interOpNumThreads", Integer.toString(Math.max(settings.numInteropThreads(), 1)));
    }
    ZooModel<EncodedBatch, float[]> model;
    try {
      model = builder.build().loadModel();
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
      throw new IOException("cannot load ONNX file " + file + ": " + e.getMessage(), e);
    }
    List<String> inputs;
    try {
      var block = (ai.djl.onnxruntime.engine.OrtSymbolBlock) model.getBlock();
      inputs = block.describeInput().keys();
      // inputs go by position under the graph's own names; field names out of order are refused
      InputNames.check("ONNX file " + file + ": its inputs", inputs, contract);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    return new OnnxScoringModel(model, maxLengths, List.copyOf(inputs), output, settings);
  }

  @Override
  public Scorer newScorer() {
    return new DjlScorer(
        model.newPredictor(new OnnxBatchTranslator(maxLengths, names, output)), model.getName());
  }

  @Override
  public int[] maxLengths() {
    return maxLengths.clone();
  }

  @Override
  public ModelOutput output() {
    return output;
  }

  @Override
  public String engine() {
    return OnnxModels.ENGINE;
  }

  @Override
  public String runtime() {
    return "onnxruntime intra_op_threads="
        + (threads.numThreads() == 0 ? "default" : threads.numThreads())
        + " inter_op_threads="
        + (threads.numInteropThreads() == 0 ? "default" : threads.numInteropThreads());
  }

  @Override
  public void close() {
    model.close();
  }
}
