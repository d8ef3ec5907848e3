package io.deepscore.model.xgboost;

import io.deepscore.model.train.Provenance;
import io.deepscore.model.train.ScorableTrainedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A freshly trained XGBoost model: its serialized booster (UBJ, with {@code best_iteration} set),
 * the parameters, its provenance, and a scoring view ({@code bestEpoch} of its result is the
 * 1-based best boosting round). The writing half of the {@value XgboostEngine#ID} engine. Holds no
 * native memory (scorers do, and free it on close); {@link #close()} is for symmetry with the DNN.
 */
public final class XgboostTrainedModel extends ScorableTrainedModel {

  private final XgboostScoringModel scoring;
  private final byte[] model;
  private final XgboostParams params;
  private final double trainingSeconds;

  XgboostTrainedModel(
      XgboostScoringModel scoring,
      byte[] model,
      XgboostParams params,
      Provenance provenance,
      double trainingSeconds) {
    super(scoring, provenance);
    this.scoring = scoring;
    this.model = model;
    this.params = params;
    this.trainingSeconds = trainingSeconds;
  }

  @Override
  public long[] vocabSizes() {
    return scoring.layout().vocabSizes();
  }

  @Override
  public void writeModelFiles(Path bundleDir) throws IOException {
    save(bundleDir.resolve(XgboostEngine.MODEL_FILE));
  }

  /** The parameters trained with. */
  public XgboostParams params() {
    return params;
  }

  /** Wall time of building the matrices and boosting, in seconds. */
  public double trainingSeconds() {
    return trainingSeconds;
  }

  /** The feature layout (columns per field). */
  public MultiHotLayout layout() {
    return scoring.layout();
  }

  /** Writes the model in XGBoost's UBJ format (loadable by any XGBoost 2+ binding). */
  public Path save(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, model);
    return file;
  }
}
