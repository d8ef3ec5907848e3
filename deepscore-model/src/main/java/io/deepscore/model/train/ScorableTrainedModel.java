package io.deepscore.model.train;

import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;

/**
 * A model trained in this JVM that can also score at once, before it is written: the {@link
 * ScoringModel} methods go to the engine's scoring view of the trained weights. Closing it closes
 * that view (and with it the weights' native memory, if any).
 */
public abstract class ScorableTrainedModel implements TrainedModel, ScoringModel {

  private final ScoringModel scoring;
  private final Provenance provenance;

  protected ScorableTrainedModel(ScoringModel scoring, Provenance provenance) {
    this.scoring = scoring;
    this.provenance = provenance;
  }

  /** What training did (epochs or rounds, best one, validation AUC and scores). */
  public TrainingResult result() {
    return provenance.result();
  }

  @Override
  public Provenance provenance() {
    return provenance;
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
  public String runtime() {
    return scoring.runtime();
  }

  @Override
  public void close() {
    scoring.close();
  }
}
