package io.deepscore.spark.generate;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.deepscore.errors.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.collection.immutable.ArraySeq;

/**
 * Generates realistic synthetic raw user data (devices, installed apps, ad campaigns, and a label
 * drawn from the hidden {@link GroundTruth}) as a Spark job that scales to 100M+ users: {@code
 * spark.range(0, users, 1, partitions)} then one {@link UserRowSynthesizer} per partition, each row
 * a pure function of {@code (seed, row index)}. Nothing is held in memory beyond one row and the
 * fixed catalogues (about 50,000 package names), built once per executor JVM.
 *
 * <p>The output is identical for a given config whatever {@link GeneratorConfig#partitions()} is.
 * See {@code docs/data.md} for the schema, distributions and ground truth.
 */
public final class UserDataGenerator {

  private UserDataGenerator() {}

  /**
   * The canonical schema (Parquet keeps it): {@code user_id} string not null, {@code device_name}
   * and {@code device_model} string nullable, {@code app_packages} array&lt;string&gt; nullable
   * with {@code containsNull = false}, {@code ad_events} array&lt;string&gt; nullable with {@code
   * containsNull = true}, {@code event_day} date not null, {@code label} int not null (0/1).
   */
  public static StructType schema() {
    return new StructType(
        new StructField[] {
          DataTypes.createStructField("user_id", DataTypes.StringType, false),
          DataTypes.createStructField("device_name", DataTypes.StringType, true),
          DataTypes.createStructField("device_model", DataTypes.StringType, true),
          DataTypes.createStructField(
              "app_packages", DataTypes.createArrayType(DataTypes.StringType, false), true),
          DataTypes.createStructField(
              "ad_events", DataTypes.createArrayType(DataTypes.StringType, true), true),
          DataTypes.createStructField("event_day", DataTypes.DateType, false),
          DataTypes.createStructField("label", DataTypes.IntegerType, false)
        });
  }

  /** The schema the partition function emits: all but {@code event_day}, added as a literal. */
  private static StructType rowSchema() {
    StructType full = schema();
    List<StructField> fields = new ArrayList<>();
    for (StructField f : full.fields()) {
      if (!f.name().equals("event_day")) {
        fields.add(f);
      }
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /**
   * The users as a lazy {@link Dataset} with {@link #schema()}; nothing runs until an action.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Dataset<Row> generate(SparkSession spark, GeneratorConfig config) {
    return generate(spark, config, null);
  }

  private static Dataset<Row> generate(
      SparkSession spark, GeneratorConfig config, Counters counters) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(config, "config");
    Dataset<Row> rows =
        spark
            .range(0, config.users(), 1, config.partitions())
            .mapPartitions(
                new PartitionGenerator(config.seed(), config.badRowFraction(), counters),
                Encoders.row(rowSchema()));
    // A literal keeps event_day non-null and independent of spark.sql.datetime.java8API.enabled.
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema().fields()) {
      columns.add(
          f.name().equals("event_day")
              ? lit(java.sql.Date.valueOf(config.eventDay())).as("event_day")
              : col(f.name()));
    }
    return rows.select(columns.toArray(new Column[0]));
  }

  /**
   * Generates the users and writes them to {@code outPath}.
   *
   * @param outPath a directory (any Hadoop file system URI); must not exist unless {@code
   *     overwrite}
   * @param format PARQUET (canonical schema), JSON, or CSV (arrays as {@code '|'}-joined strings)
   * @param overwrite replace an existing {@code outPath}
   * @return rows written, label rate, defects injected, bytes on disk and wall-clock seconds
   * @throws InvalidInputException if {@code outPath} exists and {@code overwrite} is false
   */
  public static GenerationSummary write(
      SparkSession spark,
      GeneratorConfig config,
      String outPath,
      OutputFormat format,
      boolean overwrite) {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(outPath, "outPath");
    Objects.requireNonNull(format, "format");
    Path path = new Path(outPath);
    FileSystem fs;
    try {
      fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!overwrite && fs.exists(path)) {
        throw new InvalidInputException(
            "output path already exists: "
                + outPath
                + " (pass overwrite=true / --overwrite to replace it, or choose another path)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output path " + outPath, e);
    }

    long start = System.nanoTime();
    Counters counters = new Counters(spark);
    Dataset<Row> rows = generate(spark, config, counters);
    if (format == OutputFormat.CSV) {
      rows =
          rows.select(
              col("user_id"),
              col("device_name"),
              col("device_model"),
              array_join(col("app_packages"), "|").as("app_packages"),
              array_join(col("ad_events"), "|").as("ad_events"),
              col("event_day"),
              col("label"));
    }
    DataFrameWriter<Row> writer =
        rows.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
    switch (format) {
      case PARQUET -> writer.parquet(outPath);
      case JSON -> writer.json(outPath);
      case CSV ->
          writer
              .option("header", "true")
              // Keep the raw noise: Spark trims leading/trailing spaces when writing CSV otherwise.
              .option("ignoreLeadingWhiteSpace", "false")
              .option("ignoreTrailingWhiteSpace", "false")
              .csv(outPath);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long bytes;
    try {
      bytes = fs.getContentSummary(path).getLength();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot size output path " + outPath, e);
    }
    Map<DefectKind, Long> byKind = new EnumMap<>(DefectKind.class);
    long bad = 0;
    for (DefectKind k : DefectKind.values()) {
      long n = counters.defects[k.ordinal()].value();
      byKind.put(k, n);
      bad += n;
    }
    return new GenerationSummary(
        outPath,
        format,
        counters.rows.value(),
        counters.positives.value(),
        bad,
        byKind,
        bytes,
        seconds);
  }

  /**
   * Accumulators for the summary. They are updated inside the write's result stage, where Spark
   * applies each partition's updates once (failed attempts' updates are dropped).
   */
  private static final class Counters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final LongAccumulator rows;
    final LongAccumulator positives;
    final LongAccumulator[] defects;

    Counters(SparkSession spark) {
      rows = spark.sparkContext().longAccumulator("generator.rows");
      positives = spark.sparkContext().longAccumulator("generator.positives");
      defects = new LongAccumulator[DefectKind.values().length];
      for (DefectKind k : DefectKind.values()) {
        defects[k.ordinal()] = spark.sparkContext().longAccumulator("generator.defect." + k);
      }
    }
  }

  /** Turns a partition of row indices into rows; captures only primitives and accumulators. */
  private static final class PartitionGenerator implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final long seed;
    private final double badRowFraction;
    private final Counters counters;

    PartitionGenerator(long seed, double badRowFraction, Counters counters) {
      this.seed = seed;
      this.badRowFraction = badRowFraction;
      this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> indices) {
      UserRowSynthesizer synthesizer = new UserRowSynthesizer(seed, badRowFraction);
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return indices.hasNext();
        }

        @Override
        public Row next() {
          SyntheticUser u = synthesizer.generate(indices.next());
          if (counters != null) {
            counters.rows.add(1);
            counters.positives.add(u.label());
            if (u.defect() != null) {
              counters.defects[u.defect().ordinal()].add(1);
            }
          }
          // The row encoder wants Scala Seqs; wrapping the arrays copies nothing.
          return RowFactory.create(
              u.userId(),
              u.deviceName(),
              u.deviceModel(),
              u.appPackages() == null ? null : ArraySeq.unsafeWrapArray(u.appPackages()),
              u.adEvents() == null ? null : ArraySeq.unsafeWrapArray(u.adEvents()),
              u.label());
        }
      };
    }
  }
}
