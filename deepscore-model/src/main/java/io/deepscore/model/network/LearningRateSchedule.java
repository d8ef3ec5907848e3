package io.deepscore.model.network;

import ai.djl.training.tracker.Tracker;
import io.deepscore.model.train.TrainingConfig;

/**
 * The learning rate of one training run: a linear warm-up over the first steps, then the peak rate
 * times a factor that {@link #endEpoch(boolean)} lowers after every epoch (exponential decay per
 * epoch) and again when the validation AUC stops improving ("reduce on plateau"). One instance per
 * run, read by the optimizer and updated by the trainer's epoch loop on the same thread; not
 * thread-safe.
 */
final class LearningRateSchedule implements Tracker {

  private final float peak;
  private final int warmupSteps;
  private final float decayFactor;
  private final float epochFactor;
  private float factor = 1f;

  /**
   * @param peak the learning rate after the warm-up, &gt; 0
   * @param warmupSteps steps of the linear warm-up, 0 for none
   * @param decayFactor what an epoch without improvement multiplies the rate by, in (0, 1]
   * @param epochFactor what every epoch multiplies the rate by, in (0, 1]
   */
  LearningRateSchedule(float peak, int warmupSteps, float decayFactor, float epochFactor) {
    this.peak = peak;
    this.warmupSteps = warmupSteps;
    this.decayFactor = decayFactor;
    this.epochFactor = epochFactor;
  }

  /** The schedule of {@code config}. */
  static LearningRateSchedule of(TrainingConfig config) {
    return new LearningRateSchedule(
        config.learningRate(), config.warmupSteps(), config.plateauDecay(), config.epochDecay());
  }

  /**
   * The rate for the {@code numUpdate}-th update of a parameter (DJL counts from 1).
   *
   * @param numUpdate 1-based update count
   */
  @Override
  public float getNewValue(int numUpdate) {
    float warm = warmupSteps == 0 ? 1f : Math.min(1f, Math.max(1, numUpdate) / (float) warmupSteps);
    return peak * warm * factor;
  }

  /**
   * Lowers the rate at the end of an epoch: by the epoch factor, and by the plateau factor too when
   * the epoch did not improve the validation AUC (no-op when both are 1).
   */
  void endEpoch(boolean improved) {
    factor *= improved ? epochFactor : epochFactor * decayFactor;
  }

  /** The current multiplier of the peak rate, 1 before any decay. */
  float factor() {
    return factor;
  }
}
