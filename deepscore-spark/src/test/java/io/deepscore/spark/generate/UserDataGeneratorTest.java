package io.deepscore.spark.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.size;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataGeneratorTest {

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkSessions.forTests();
  }

  private static GeneratorConfig.Builder users(long n) {
    return GeneratorConfig.builder().users(n);
  }

  @Test
  void sameSeedAndUsersGiveIdenticalRowsWhateverThePartitioning() {
    List<Row> three =
        UserDataGenerator.generate(spark, users(2_000).partitions(3).build()).collectAsList();
    List<Row> eight =
        UserDataGenerator.generate(spark, users(2_000).partitions(8).build()).collectAsList();
    assertThat(three).hasSize(2_000);
    assertThat(eight).isEqualTo(three);
    assertThat(three.stream().map(r -> r.getString(0)).distinct().count()).isEqualTo(2_000);
  }

  @Test
  void differentSeedGivesDifferentRows() {
    List<Row> a = UserDataGenerator.generate(spark, users(200).seed(1).build()).collectAsList();
    List<Row> b = UserDataGenerator.generate(spark, users(200).seed(2).build()).collectAsList();
    assertThat(b).hasSameSizeAs(a);
    long same = 0;
    for (int i = 0; i < a.size(); i++) {
      same += a.get(i).equals(b.get(i)) ? 1 : 0;
    }
    assertThat(same).isZero();
  }

  @Test
  void schemaIsExactlyTheCanonicalOne() {
    StructType s = UserDataGenerator.generate(spark, users(10).build()).schema();
    assertThat(s).isEqualTo(UserDataGenerator.schema());
    assertThat(s.fieldNames())
        .containsExactly(
            "user_id",
            "device_name",
            "device_model",
            "app_packages",
            "ad_events",
            "event_day",
            "label");
    assertThat(s.apply("user_id").nullable()).isFalse();
    assertThat(s.apply("user_id").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(s.apply("device_name").nullable()).isTrue();
    assertThat(s.apply("device_model").nullable()).isTrue();
    assertThat(s.apply("app_packages").nullable()).isTrue();
    assertThat(s.apply("app_packages").dataType())
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, false));
    assertThat(((ArrayType) s.apply("ad_events").dataType()).elementType())
        .isEqualTo(DataTypes.StringType);
    assertThat(s.apply("event_day").dataType()).isEqualTo(DataTypes.DateType);
    assertThat(s.apply("label").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(s.apply("label").nullable()).isFalse();
    Row first = UserDataGenerator.generate(spark, users(1).build()).first();
    assertThat(first.getDate(5).toLocalDate()).isEqualTo(GeneratorConfig.DEFAULT_EVENT_DAY);
  }

  @Test
  void labelRateIsAboutThreePercentAtOneHundredThousandUsers() {
    Dataset<Row> df = UserDataGenerator.generate(spark, users(100_000).build());
    long positives = df.filter(col("label").equalTo(1)).count();
    assertThat(positives / 100_000.0).isBetween(0.02, 0.05);
  }

  @Test
  void goodRowsHaveFiveToTwoHundredAppsAndSomeEmptyAdEvents() {
    Row r =
        UserDataGenerator.generate(spark, users(20_000).build())
            .agg(
                min(size(col("app_packages"))),
                max(size(col("app_packages"))),
                max(size(col("ad_events"))),
                expr("sum(CASE WHEN size(ad_events) = 0 THEN 1 ELSE 0 END)"),
                expr("sum(CASE WHEN app_packages IS NULL OR device_name IS NULL THEN 1 END)"))
            .first();
    assertThat(r.getInt(0)).isGreaterThanOrEqualTo(5);
    assertThat(r.getInt(1)).isBetween(100, 200);
    assertThat(r.getInt(2)).isLessThanOrEqualTo(80);
    assertThat(r.getLong(3)).isBetween(4_000L, 6_500L); // about 26% of users have no ad event
    assertThat(r.isNullAt(4)).isTrue();
  }

  @Test
  void appPopularityIsZipfLike() {
    List<Row> counts =
        UserDataGenerator.generate(spark, users(5_000).build())
            .select(explode(col("app_packages")).as("app"))
            .groupBy("app")
            .count()
            .orderBy(col("count").desc())
            .collectAsList();
    long top = counts.get(0).getLong(1);
    long median = counts.get(counts.size() / 2).getLong(1);
    assertThat(counts.get(0).getString(0)).isEqualTo(AppCatalog.get().mostPopularPackage());
    assertThat(top).isGreaterThan(50 * median);
    assertThat(counts.size()).isGreaterThan(10_000);
  }

  @Test
  void badRowsCarryEachDefectInExpectedNumbers() {
    // 14,000 users * 0.05 = 700 bad rows, 100 per kind.
    Row r =
        UserDataGenerator.generate(spark, users(14_000).badRowFraction(0.05).build())
            .agg(
                count("app_packages IS NULL"),
                count("size(app_packages) = 0"),
                count("size(app_packages) = 5000"),
                count("instr(device_name, '\uFFFD') > 0"),
                count("exists(app_packages, x -> x rlike '^\\\\s+$')"),
                count("exists(ad_events, x -> x IS NULL)"),
                count("device_name IS NULL"),
                count("user_id IS NULL"))
            .first();
    for (int i = 0; i < DefectKind.values().length; i++) {
      assertThat(r.getLong(i)).as(DefectKind.values()[i].name()).isBetween(95L, 105L);
    }
    assertThat(r.getLong(7)).isZero();
  }

  private static org.apache.spark.sql.Column count(String condition) {
    return expr("sum(CASE WHEN " + condition + " THEN 1 ELSE 0 END)");
  }

  @Test
  void writesEachFormatAndReadsBackTheSameCounts(@TempDir Path dir) {
    GeneratorConfig config = users(3_000).badRowFraction(0.05).partitions(4).build();
    long expectedPositives =
        UserDataGenerator.generate(spark, config).filter(col("label").equalTo(1)).count();

    GenerationSummary parquet =
        UserDataGenerator.write(
            spark, config, dir.resolve("p").toString(), OutputFormat.PARQUET, false);
    assertThat(parquet.rowsWritten()).isEqualTo(3_000);
    assertThat(parquet.positives()).isEqualTo(expectedPositives);
    assertThat(parquet.badRows()).isBetween(145L, 155L);
    assertThat(parquet.badRowsByKind()).containsOnlyKeys(DefectKind.values());
    assertThat(parquet.badRowsByKind().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(parquet.badRows());
    assertThat(parquet.bytesOnDisk()).isPositive();
    Dataset<Row> back = spark.read().parquet(parquet.path());
    assertThat(back.count()).isEqualTo(3_000);
    assertThat(back.schema().fieldNames()).isEqualTo(UserDataGenerator.schema().fieldNames());
    assertThat(back.filter("app_packages IS NULL").count())
        .isEqualTo(parquet.badRowsByKind().get(DefectKind.NULL_APP_PACKAGES));

    GenerationSummary json =
        UserDataGenerator.write(
            spark, config, dir.resolve("j").toString(), OutputFormat.JSON, false);
    assertThat(json.rowsWritten()).isEqualTo(3_000);
    assertThat(json.badRowsByKind()).isEqualTo(parquet.badRowsByKind());
    assertThat(spark.read().json(json.path()).count()).isEqualTo(3_000);

    GenerationSummary csv =
        UserDataGenerator.write(
            spark, config, dir.resolve("c").toString(), OutputFormat.CSV, false);
    Dataset<Row> csvBack = spark.read().option("header", "true").csv(csv.path());
    assertThat(csvBack.count()).isEqualTo(3_000);
    assertThat(csvBack.schema().fieldNames()).isEqualTo(UserDataGenerator.schema().fieldNames());
    Row one = csvBack.filter("app_packages LIKE '%|%'").first();
    assertThat(one.getString(3).split("\\|")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(csv.labelRate()).isEqualTo(parquet.labelRate());
  }

  @Test
  void existingOutputPathIsAnErrorUnlessOverwrite(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("taken");
    Files.createDirectories(out);
    Files.writeString(out.resolve("keep.txt"), "x");
    GeneratorConfig config = users(100).build();
    assertThatThrownBy(
            () ->
                UserDataGenerator.write(spark, config, out.toString(), OutputFormat.PARQUET, false))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("output path already exists: " + out)
        .hasMessageContaining("overwrite");
    assertThat(out.resolve("keep.txt")).exists();

    GenerationSummary s =
        UserDataGenerator.write(spark, config, out.toString(), OutputFormat.PARQUET, true);
    assertThat(s.rowsWritten()).isEqualTo(100);
    assertThat(spark.read().parquet(out.toString()).count()).isEqualTo(100);
    assertThat(Arrays.asList(out.toFile().list())).doesNotContain("keep.txt");
    assertThat(Map.copyOf(s.badRowsByKind()).values()).containsOnly(0L);
  }
}
