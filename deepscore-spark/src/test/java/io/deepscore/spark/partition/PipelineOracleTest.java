package io.deepscore.spark.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline (internal rows, tokens looked up from UTF-8 bytes) against the oracle: the {@link
 * Encoder} on {@link Row} values as {@link String}s, the path every job took before. Over the
 * generator's noisy data (a third of the rows with defects: replacement characters, whitespace
 * tokens, null and empty arrays, huge arrays, null elements; mixed-case device names), in Parquet
 * and in JSON lines, every id of every field of every row must be equal, and rows in = encoded +
 * rejected.
 */
class PipelineOracleTest {
  static SparkSession spark;
  static FeatureSpec spec;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.forTests();
    spec = FeatureSpec.read(Path.of("..", "specs", "generated.json"));
  }

  @Test
  void parquetIdsAreTheOraclesAndTheScanIsVectorized() {
    Dataset<Row> raw = generate(OutputFormat.PARQUET, InputFormat.PARQUET);
    // Spark's vectorized Parquet reader, nested arrays included, feeds the pipeline
    String plan = raw.queryExecution().executedPlan().toString();
    assertThat(plan).contains("ColumnarToRow");
    compareWithOracle(raw, "parquet");
  }

  @Test
  void jsonIdsAreTheOracles() {
    compareWithOracle(generate(OutputFormat.JSON, InputFormat.JSON), "json");
  }

  private static Dataset<Row> generate(OutputFormat format, InputFormat input) {
    String path = tmp.resolve("raw-" + format).toString();
    UserDataGenerator.write(
        spark,
        GeneratorConfig.builder().users(3000).seed(5).partitions(3).badRowFraction(0.35).build(),
        path,
        format,
        false);
    return RawInput.read(spark, path, input, spec, true);
  }

  private static void compareWithOracle(Dataset<Row> raw, String name) {
    // vocabularies from part of the data, so unknown tokens are met as well
    Map<String, Vocabulary> vocabularies =
        VocabularyJob.build(spark, raw.limit(1500), spec).vocabularies();
    String out = tmp.resolve("enc-" + name).toString();
    FeaturizeJob.Result r =
        FeaturizeJob.run(
            spark,
            raw,
            spec,
            vocabularies,
            InvalidRowPolicy.REJECT,
            out,
            tmp.resolve("rej-" + name).toString(),
            false);
    assertThat(r.rowsIn()).isEqualTo(3000);
    assertThat(r.encoded() + r.rejected()).isEqualTo(r.rowsIn());

    Map<String, int[][]> expected = oracle(raw, new Encoder(spec, vocabularies));
    assertThat(r.encoded()).isEqualTo(expected.size());
    List<Row> encoded = spark.read().parquet(out).collectAsList();
    assertThat(encoded).hasSize(expected.size());
    long ids = 0;
    for (Row row : encoded) {
      int[][] want = expected.get(row.getString(0));
      assertThat(want).as("user %s", row.getString(0)).isNotNull();
      for (int f = 0; f < spec.fieldCount(); f++) {
        List<Integer> got = row.getList(row.fieldIndex(spec.field(f).name()));
        int[] gotIds = got.stream().mapToInt(Integer::intValue).toArray();
        assertThat(gotIds).as("user %s field %s", row.getString(0), f).isEqualTo(want[f]);
        ids += gotIds.length;
      }
    }
    assertThat(ids).isGreaterThan(3000L * spec.fieldCount());
  }

  /** Every encodable row's ids, by user id, through the String path. */
  private static Map<String, int[][]> oracle(Dataset<Row> raw, Encoder encoder) {
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    Map<String, int[][]> out = new HashMap<>();
    Object[] values = new Object[spec.fieldCount()];
    String label = spec.labelColumn().orElseThrow();
    for (Row row : raw.collectAsList()) {
      String id = row.getString(row.fieldIndex(spec.idColumn()));
      Object l = row.get(row.fieldIndex(label));
      if (id == null
          || layout.corruptRecord(row) != null
          || !(Integer.valueOf(0).equals(l) || Integer.valueOf(1).equals(l))) {
        continue;
      }
      layout.values(row, values);
      int[][] ids = new int[spec.fieldCount()][];
      try {
        for (int f = 0; f < ids.length; f++) {
          ids[f] = new int[encoder.maxLength(f)];
          encoder.encodeField(f, values[f], ids[f], 0);
        }
      } catch (InvalidValueException e) {
        continue;
      }
      out.put(id, ids);
    }
    return out;
  }
}
