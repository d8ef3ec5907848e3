package io.deepscore.model.djl;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A DJL {@link Model} (PyTorch engine) behind the {@link ScoringModel} interface; shared by the
 * engines that run on libtorch ({@code djl-pytorch} networks and {@code torchscript} programs).
 *
 * <p>Thread-safe: {@link #newScorer()} applies the {@link EngineSettings} to the calling thread
 * ({@link PyTorchThreads}: libtorch's intra-op setting is per thread) and creates a predictor with
 * its own {@link EncodedBatchTranslator}. Holds the model's native memory until {@link #close()}
 * (if it owns the model).
 */
public final class DjlScoringModel implements ScoringModel {

  private final Model model;
  private final int[] maxLengths;
  private final ModelOutput output;
  private final String engine;
  private final EngineSettings settings;
  private final boolean owner;

  private DjlScoringModel(
      Model model,
      int[] maxLengths,
      ModelOutput output,
      String engine,
      EngineSettings settings,
      boolean owner) {
    this.model = model;
    this.maxLengths = maxLengths.clone();
    this.output = output;
    this.engine = engine;
    this.settings = settings;
    this.owner = owner;
  }

  /**
   * Wraps a model that is already loaded (e.g. just trained); scorers keep the engine's threads.
   *
   * @param engine the engine id this model reports
   * @param owner true if {@link #close()} should close the model
   */
  public static DjlScoringModel wrap(
      String engine, Model model, int[] maxLengths, ModelOutput output, boolean owner) {
    return new DjlScoringModel(model, maxLengths, output, engine, EngineSettings.defaults(), owner);
  }

  /**
   * Loads a model file through DJL's {@link Criteria} (offline, PyTorch engine).
   *
   * @param modelFile a {@code <name>-<epoch 4 digits>.params} file written by DJL's {@code
   *     Model.save} when {@code block} is given (the block's structure must match), or a
   *     TorchScript {@code <name>.pt} file when {@code block} is null; either way the model must
   *     follow docs/model-contract.md
   * @param engine the engine id this model reports
   * @param block the network whose parameters the file holds, or null for TorchScript
   * @param maxLengths per field the max length, contract order
   * @param output what the model returns
   * @param settings engine threads, applied before the engine loads and on every scorer's thread
   * @throws IOException naming the file if it cannot be loaded
   * @throws EngineFailureException if libtorch itself fails
   */
  public static DjlScoringModel load(
      String engine,
      Path modelFile,
      Block block,
      int[] maxLengths,
      ModelOutput output,
      EngineSettings settings)
      throws IOException {
    PyTorchThreads.apply(settings);
    String fileName = modelFile.getFileName().toString();
    String suffix = block == null ? ".pt" : ".params";
    if (!fileName.endsWith(suffix)) {
      throw new IOException(
          "model file " + modelFile + " must end with " + suffix + " for this engine");
    }
    String name = fileName.substring(0, fileName.length() - suffix.length());
    String epoch = null;
    if (block != null) {
      int dash = name.lastIndexOf('-');
      if (dash < 1 || !name.substring(dash + 1).matches("[0-9]{4}")) {
        throw new IOException(
            "model file "
                + modelFile
                + " must be named <name>-<4-digit epoch>.params (DJL's format)");
      }
      epoch = String.valueOf(Integer.parseInt(name.substring(dash + 1)));
      name = name.substring(0, dash);
    }
    Criteria.Builder<EncodedBatch, float[]> builder =
        Criteria.builder()
            .setTypes(EncodedBatch.class, float[].class)
            .optEngine("PyTorch")
            .optModelPath(modelFile.getParent())
            .optModelName(name)
            .optTranslator(new EncodedBatchTranslator(maxLengths, output));
    if (block != null) {
      builder.optBlock(block).optOption("epoch", epoch);
    }
    try {
      Model model = builder.build().loadModel();
      return new DjlScoringModel(model, maxLengths, output, engine, settings, true);
    } catch (EngineException e) {
      throw new EngineFailureException(
          "the PyTorch engine failed to load " + modelFile + ": " + e.getMessage(), e);
    } catch (ModelNotFoundException | MalformedModelException | RuntimeException e) {
      // DJL reports a file it cannot parse with runtime exceptions too: a file problem
      throw new IOException("cannot load model file " + modelFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Scorer newScorer() {
    PyTorchThreads.apply(settings);
    return new DjlScorer(
        model.newPredictor(new EncodedBatchTranslator(maxLengths, output)), model.getName());
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
    return engine;
  }

  @Override
  public String runtime() {
    return PyTorchThreads.apply(settings).toString();
  }

  /** The DJL model (for tests and tools); do not close it, close this object. */
  public Model model() {
    return model;
  }

  @Override
  public void close() {
    if (owner) {
      model.close();
    }
  }
}
