package io.deepscore.model.network;

import ai.djl.Model;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.train.Provenance;
import io.deepscore.model.train.ScorableTrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A freshly trained {@link DeepScoreNetwork}: the network with the best epoch's weights, its
 * provenance, and a scoring view (outputs logits, scorers return probabilities). The writing half
 * of the {@value NetworkEngine#ID} engine. The caller closes it, which frees the weights' native
 * memory.
 */
public final class NetworkModel extends ScorableTrainedModel {

  private final DeepScoreNetwork network;
  private final DjlScoringModel scoring;

  NetworkModel(Model model, DeepScoreNetwork network, int[] maxLengths, Provenance provenance) {
    this(
        DjlScoringModel.wrap(NetworkEngine.ID, model, maxLengths, ModelOutput.LOGIT, true),
        network,
        provenance);
  }

  private NetworkModel(DjlScoringModel scoring, DeepScoreNetwork network, Provenance provenance) {
    super(scoring, provenance);
    this.scoring = scoring;
    this.network = network;
  }

  /** The trained network (its parameters are owned by this object). */
  public DeepScoreNetwork network() {
    return network;
  }

  /** The DJL model; closed with this object. */
  public Model model() {
    return scoring.model();
  }

  @Override
  public long[] vocabSizes() {
    return network.vocabSizes();
  }

  @Override
  public Map<String, Object> engineConfig() {
    return network.config().toMap();
  }

  @Override
  public void writeModelFiles(Path bundleDir) throws IOException {
    save(bundleDir.resolve(NetworkEngine.WEIGHTS).getParent(), NetworkEngine.WEIGHTS_NAME);
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
}
