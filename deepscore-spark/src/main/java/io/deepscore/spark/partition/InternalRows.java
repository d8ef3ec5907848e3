package io.deepscore.spark.partition;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * A DataFrame's partitions mapped as Spark's internal rows, the way {@code Dataset.rdd} and {@code
 * createDataFrame} work inside Spark, without converting a {@link Row} per record: the input's
 * physical plan (its Parquet scan vectorized where Spark can) feeds {@code toRdd}, and the
 * function's internal rows become a DataFrame of {@code schema} again (Spark copies each row into
 * its own format as it reads it, so a function may reuse its output row).
 */
public final class InternalRows {
  private InternalRows() {}

  /**
   * The internal rows of {@code df} (reused by the reader: copy what is kept); a columnar scan's
   * rows as views into its batches ({@link ColumnarScan}).
   */
  public static RDD<InternalRow> of(Dataset<Row> df) {
    return ColumnarScan.rows(classic(df)).orElseGet(() -> classic(df).queryExecution().toRdd());
  }

  /** Up to {@code n} internal rows of {@code df}, copied, on the driver. */
  public static InternalRow[] take(Dataset<Row> df, int n) {
    return classic(df.limit(n)).queryExecution().executedPlan().executeCollect();
  }

  /** {@code fn} over each partition of {@code input}'s internal rows, as a lazy DataFrame. */
  public static Dataset<Row> mapPartitions(
      Dataset<Row> input,
      StructType schema,
      FlatMapFunction<Iterator<InternalRow>, InternalRow> fn) {
    RDD<InternalRow> out = of(input).toJavaRDD().mapPartitions(fn).rdd();
    return ((org.apache.spark.sql.classic.SparkSession) input.sparkSession())
        .internalCreateDataFrame(out, schema, false);
  }

  private static org.apache.spark.sql.classic.Dataset<Row> classic(Dataset<Row> df) {
    return (org.apache.spark.sql.classic.Dataset<Row>) df;
  }
}
