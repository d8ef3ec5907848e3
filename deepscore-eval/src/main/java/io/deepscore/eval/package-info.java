/**
 * Evaluation of deepscore's binary scores: pure metric functions and runtime-parity statistics.
 *
 * <p>This module owns:
 *
 * <ul>
 *   <li>{@link io.deepscore.eval.BinaryMetrics}: ranking and threshold metrics over primitive
 *       arrays (ROC AUC, average precision, log loss, confusion at a threshold, the threshold that
 *       reaches a target precision, ROC / precision-recall / cumulative-gain curves and lift),
 *       defined as scikit-learn defines them, ties included;
 *   <li>{@link io.deepscore.eval.ParityStatistics}: how far two runtimes' scores for the same rows
 *       differ (for example PyTorch in Python against DJL in the JVM), reported as the project
 *       brief's table of absolute differences plus bit-identity and float32 ULP distances.
 * </ul>
 *
 * <p>Everything in this package is plain Java with no dependencies: no Spark, no DJL, no I/O (the
 * subpackage {@link io.deepscore.eval.report} writes reports with Jackson and JFreeChart).
 * Functions are stateless and thread-safe; they never modify their input arrays, and result objects
 * are immutable (arrays handed out are fresh copies). Bad input (mismatched lengths, empty arrays,
 * labels other than 0/1, non-finite scores) is rejected with an {@link
 * java.lang.IllegalArgumentException} whose message names the array, the index and the offending
 * value.
 */
package io.deepscore.eval;
