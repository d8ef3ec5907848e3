package io.deepscore.spark.generate;

/** Price tier of a catalogue device; {@link #PREMIUM} enters the ground truth. */
public enum DeviceTier {
  BUDGET,
  MID,
  PREMIUM
}
