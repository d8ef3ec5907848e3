package io.deepscore.model.train;

import ai.djl.Model;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.nn.DeepScoreNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A freshly trained model: the network with the best epoch's weights, its training result, and a
 * {@link ScoringModel} view (outputs logits, scorers return probabilities). The caller closes it,
 * which frees the weights' native memory.
 */
public final class TrainedModel implements ScoringModel {

  private final DeepScoreNetwork network;
  private final TrainingResult result;
  private final DjlScoringModel scoring;

  TrainedModel(Model model, DeepScoreNetwork network, int[] maxLengths, TrainingResult result) {
    this.network = network;
    this.result = result;
    this.scoring = DjlScoringModel.wrap(model, maxLengths, ModelOutput.LOGIT, true);
  }

  /** What training did. */
  public TrainingResult result() {
    return result;
  }

  /** The trained network (its parameters are owned by this object). */
  public DeepScoreNetwork network() {
    return network;
  }

  /** The DJL model; closed with this object. */
  public Model model() {
    return scoring.model();
  }

  /**
   * Saves the weights with DJL's {@code Model.save} as {@code dir/<name>-0000.params} (DJL's
   * Java-only format: a header, then the block's parameters), loadable by {@link
   * DjlScoringModel#load}.
   *
   * @return the written file
   */
  public Path save(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    scoring.model().setProperty("Epoch", "0");
    scoring.model().save(dir, name);
    Path file = dir.resolve(name + "-0000.params");
    if (!Files.isRegularFile(file)) {
      throw new IOException("DJL did not write the expected weights file " + file);
    }
    return file;
  }

  @Override
  public Scorer newScorer() {
    return scoring.newScorer();
  }

  @Override
  public int[] maxLengths() {
    return scoring.maxLengths();
  }

  @Override
  public ModelOutput output() {
    return scoring.output();
  }

  @Override
  public String engine() {
    return scoring.engine();
  }

  @Override
  public void close() {
    scoring.close();
  }
}
