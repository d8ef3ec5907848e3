package io.deepscore.model.train;

import java.util.List;

/**
 * The outcome of a training run.
 *
 * @param bestEpoch 1-based epoch whose weights the trained model holds
 * @param bestValidAuc the validation AUC of that epoch
 * @param epochsRun epochs actually run
 * @param stoppedEarly true if training stopped because of the patience, before {@code maxEpochs}
 * @param history one report per epoch run
 * @param trainRows training rows
 * @param validRows validation rows
 * @param bestValidScores the best model's validation probabilities, in validation row order (for
 *     choosing a threshold)
 */
public record TrainingResult(
    int bestEpoch,
    double bestValidAuc,
    int epochsRun,
    boolean stoppedEarly,
    List<EpochReport> history,
    int trainRows,
    int validRows,
    float[] bestValidScores) {

  /** Copies the list. */
  public TrainingResult {
    history = List.copyOf(history);
  }
}
