package io.deepscore.model.train;

import io.deepscore.errors.InvalidInputException;

/**
 * How {@link DnnTrainer} trains: epochs, early stopping, batch size, Adam learning rate, seed and
 * engine threads.
 *
 * @param maxEpochs at most this many passes over the training rows, &gt; 0 (default 40)
 * @param patience stop after this many consecutive epochs without a better validation AUC, &gt; 0
 *     (default 15)
 * @param batchSize rows per mini-batch, &gt; 0 (default 1024)
 * @param learningRate Adam learning rate, &gt; 0 (default 1e-3)
 * @param seed seeds the mini-batch shuffling, the weight initialization and dropout; the same seed
 *     on the same machine and thread count gives the same model
 * @param threads libtorch intra- and inter-op threads, 0 = leave the engine's setting (see {@link
 *     io.deepscore.model.EngineSettings})
 * @param weightDecay Adam's L2 weight decay, &gt;= 0 (default 0). Because DJL's embedding gradients
 *     are dense, it shrinks every embedding row each step, also rows of tokens absent from the
 *     batch: a strong regularizer against memorizing rare tokens.
 */
public record TrainingConfig(
    int maxEpochs,
    int patience,
    int batchSize,
    float learningRate,
    long seed,
    int threads,
    float weightDecay) {

  /** Validates the ranges given in the record javadoc. */
  public TrainingConfig {
    if (maxEpochs <= 0) {
      throw new InvalidInputException("max_epochs must be > 0, got " + maxEpochs);
    }
    if (patience <= 0) {
      throw new InvalidInputException("patience must be > 0, got " + patience);
    }
    if (batchSize <= 0) {
      throw new InvalidInputException("batch_size must be > 0, got " + batchSize);
    }
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new InvalidInputException("learning_rate must be > 0, got " + learningRate);
    }
    if (!(weightDecay >= 0f) || Float.isInfinite(weightDecay)) {
      throw new InvalidInputException("weight_decay must be >= 0, got " + weightDecay);
    }
    if (threads < 0) {
      throw new InvalidInputException("threads must be >= 0 (0 = engine default), got " + threads);
    }
  }

  /** The defaults of the published case: 40 epochs, patience 15, batch 1024, lr 1e-3, seed 42. */
  public static TrainingConfig defaults() {
    return new TrainingConfig(40, 15, 1024, 1e-3f, 42L, 0, 0f);
  }

  /** A copy with another epoch limit. */
  public TrainingConfig withMaxEpochs(int v) {
    return new TrainingConfig(v, patience, batchSize, learningRate, seed, threads, weightDecay);
  }

  /** A copy with another patience. */
  public TrainingConfig withPatience(int v) {
    return new TrainingConfig(maxEpochs, v, batchSize, learningRate, seed, threads, weightDecay);
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int v) {
    return new TrainingConfig(maxEpochs, patience, v, learningRate, seed, threads, weightDecay);
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(float v) {
    return new TrainingConfig(maxEpochs, patience, batchSize, v, seed, threads, weightDecay);
  }

  /** A copy with another seed. */
  public TrainingConfig withSeed(long v) {
    return new TrainingConfig(
        maxEpochs, patience, batchSize, learningRate, v, threads, weightDecay);
  }

  /** A copy with another thread count. */
  public TrainingConfig withThreads(int v) {
    return new TrainingConfig(maxEpochs, patience, batchSize, learningRate, seed, v, weightDecay);
  }

  /** A copy with another weight decay. */
  public TrainingConfig withWeightDecay(float v) {
    return new TrainingConfig(maxEpochs, patience, batchSize, learningRate, seed, threads, v);
  }
}
