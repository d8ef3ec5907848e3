package io.deepscore.model.train;

/**
 * One training algorithm, configured and ready to run: the DNN or logistic network (DJL), XGBoost,
 * or any other. Adding an algorithm is one implementation of this interface plus one {@code
 * deepscore train <algorithm>} subcommand that builds it from its options.
 *
 * <p>Contract: {@link #train} uses the validation rows for early stopping only, never as training
 * rows; for the same data, configuration, seed, machine and thread count it returns the same model
 * (so {@code train --from-bundle} can reproduce a bundle); the returned model's {@link
 * TrainedModel#provenance()} records the algorithm, the whole configuration, the seed, the history
 * and {@link TrainingData#describe()}.
 */
public interface Trainer {

  /** The algorithm name recorded in provenance and used on the command line, e.g. {@code dnn}. */
  String algorithm();

  /**
   * Trains a model with early stopping on {@code data.valid()}.
   *
   * @param listener progress receiver, {@link TrainingListener#NONE} for none
   * @return the best model; the caller closes it (it may hold native memory)
   * @throws io.deepscore.errors.InvalidInputException if the data does not fit the configuration
   * @throws io.deepscore.errors.EngineFailureException if the engine fails
   */
  TrainedModel train(TrainingData data, TrainingListener listener);
}
