package io.deepscore.spark.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.features.FeatureSpec;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raw Parquet input's rows read as views into the vectorized reader's batches hold exactly the
 * values Spark's own row conversion gives, the file name included, in the same order, over the
 * generator's noisy data (null and empty arrays, null elements, huge arrays) in several files; a
 * plan of another shape (JSON, a filter) is left to Spark.
 */
class ColumnarScanTest {
  static SparkSession spark;
  static FeatureSpec spec;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.forTests();
    spec = FeatureSpec.read(Path.of("..", "specs", "generated.json"));
  }

  @Test
  void parquetRowsAreSparksRowsWithoutTheCopy() {
    Dataset<Row> raw = generate(OutputFormat.PARQUET, InputFormat.PARQUET);
    org.apache.spark.sql.classic.Dataset<Row> df = (org.apache.spark.sql.classic.Dataset<Row>) raw;
    assertThat(ColumnarScan.rows(df)).isPresent();

    StructType schema = raw.schema();
    List<Row> viaBatches = rows(InternalRows.of(raw), schema);
    List<Row> viaSpark = rows(df.queryExecution().toRdd(), schema);
    assertThat(viaBatches).hasSize(2000).isEqualTo(viaSpark);
    assertThat(viaBatches.stream().map(r -> r.getString(schema.fieldIndex(RawInput.SOURCE_FILE))))
        .allMatch(f -> f.contains("part-"))
        .hasSizeGreaterThan(1);
  }

  @Test
  void otherPlansAreLeftToSpark() {
    Dataset<Row> json = generate(OutputFormat.JSON, InputFormat.JSON);
    assertThat(ColumnarScan.rows((org.apache.spark.sql.classic.Dataset<Row>) json)).isEmpty();
    Dataset<Row> filtered =
        generate(OutputFormat.PARQUET, InputFormat.PARQUET).filter("device_name is not null");
    assertThat(ColumnarScan.rows((org.apache.spark.sql.classic.Dataset<Row>) filtered)).isEmpty();
  }

  private static Dataset<Row> generate(OutputFormat format, InputFormat input) {
    String path = tmp.resolve("raw-" + format).toString();
    if (!tmp.resolve("raw-" + format).toFile().exists()) {
      UserDataGenerator.write(
          spark,
          GeneratorConfig.builder().users(2000).seed(9).partitions(3).badRowFraction(0.35).build(),
          path,
          format,
          false);
    }
    return RawInput.read(spark, path, input, spec, true);
  }

  /** Every row, converted to a {@link Row} on the executors as it is read, in partition order. */
  private static List<Row> rows(RDD<InternalRow> rdd, StructType schema) {
    return rdd.toJavaRDD()
        .mapPartitions(
            it -> {
              scala.Function1<Object, Object> toRow =
                  CatalystTypeConverters.createToScalaConverter(schema);
              List<Row> out = new ArrayList<>();
              it.forEachRemaining(r -> out.add((Row) toRow.apply(r)));
              return out.iterator();
            })
        .collect();
  }
}
