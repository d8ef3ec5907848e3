/**
 * Champion/challenger evaluation reports: {@link io.deepscore.eval.report.EvaluationReport}
 * computes per-model metrics and deltas with {@link io.deepscore.eval.BinaryMetrics} only, and
 * writes {@code report.json}, a static {@code report.html} and PNG charts drawn with JFreeChart
 * ({@link io.deepscore.eval.report.ReportCharts}); it also prints the same table on a terminal. No
 * Spark, no DJL: the Spark job that produces the scores lives in {@code
 * io.deepscore.spark.evaluate}.
 */
package io.deepscore.eval.report;
