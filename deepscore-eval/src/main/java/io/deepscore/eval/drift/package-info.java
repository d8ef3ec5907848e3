/**
 * Day-over-day monitoring of scoring runs: {@link io.deepscore.eval.drift.RunProfile} (what one run
 * saw: a fixed-bin score histogram and per field OOV, empty and truncated shares; an accumulator
 * merged across partitions, kept as {@code _profile.json} next to a run's output), {@link
 * io.deepscore.eval.drift.Drift} (pure comparison: PSI of the scores, field shifts, audience
 * change) and {@link io.deepscore.eval.drift.DriftReport} (the HTML page with PNG charts). No
 * Spark, no DJL.
 */
package io.deepscore.eval.drift;
