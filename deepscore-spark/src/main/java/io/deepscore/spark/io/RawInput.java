package io.deepscore.spark.io;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads raw user records and checks them against a {@link FeatureSpec} before any work starts.
 *
 * <p>Every dataset returned has the id column as a string, the label (when present) as an int, each
 * field's source column typed as the spec expects ({@code single}: string, {@code multi}:
 * array&lt;string&gt;), plus {@value #SOURCE_FILE} (the file a row came from, for rejects) and, for
 * JSON and CSV, {@value #CORRUPT_RECORD} (the raw text of a line that did not parse into the
 * expected schema; such rows are rejected, never silently nulled).
 *
 * <p>CSV cannot hold arrays: a {@code multi} column is a {@code |}-joined string there (the
 * generator's CSV convention); an empty string is an empty list.
 */
public final class RawInput {

  /** Column with the raw text of a JSON/CSV record that did not match the expected schema. */
  public static final String CORRUPT_RECORD = "_corrupt_record";

  /** Column with the file each row was read from (empty for catalog tables without files). */
  public static final String SOURCE_FILE = "_source_file";

  private static final Logger LOG = LoggerFactory.getLogger(RawInput.class);

  private RawInput() {}

  /**
   * Same as {@link #read(SparkSession, String, InputFormat, FeatureSpec, boolean, boolean)}, no
   * empty input allowed.
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String source,
      InputFormat format,
      FeatureSpec spec,
      boolean requireLabel) {
    return read(spark, source, format, spec, requireLabel, false);
  }

  /**
   * Reads {@code source} (a path, or a table name with {@link InputFormat#TABLE}) and checks it
   * against the spec before any job: the one input path of every command that reads raw records.
   *
   * <ul>
   *   <li>{@link InputFormat#AUTO} takes the format from the data files' names ({@link
   *       InputFormat#ofFileName}); names that say nothing, or disagree, fail naming a file.
   *   <li>A path without data files fails with "no input files in PATH" whatever the format, unless
   *       {@code allowEmpty}: then the result is an empty DataFrame of the spec's columns.
   *   <li>Parquet: a missing column or a wrong type fails naming the column and the file.
   *   <li>JSON: read with the spec's schema; a column absent from every sampled row fails naming it
   *       ({@link JsonColumns}); records that do not parse are kept in {@value #CORRUPT_RECORD}.
   *   <li>CSV: columns are matched by the header's names (any order, extra columns ignored); a
   *       missing column fails naming it; every file's header must equal the first file's.
   * </ul>
   *
   * @param requireLabel whether the spec's label column must be present (training data)
   * @throws InvalidInputException naming the source, file, column, expected and found type
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String source,
      InputFormat format,
      FeatureSpec spec,
      boolean requireLabel,
      boolean allowEmpty) {
    if (format == InputFormat.TABLE) {
      return conform(spark.table(source), spec, source, requireLabel)
          .withColumn(SOURCE_FILE, functions.input_file_name());
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    InputFiles files = InputFiles.list(hadoop, source);
    if (files.isEmpty()) {
      if (!allowEmpty) {
        throw files.noFiles();
      }
      LOG.warn(
          "deepscore: no input files in {}: the outputs will be empty (--allow-empty)", source);
      Dataset<Row> empty = spark.createDataFrame(List.of(), textSchema(spec));
      return conform(empty, spec, source, requireLabel).withColumn(SOURCE_FILE, functions.lit(""));
    }
    InputFormat resolved = format == InputFormat.AUTO ? files.detectFormat() : format;
    Dataset<Row> df;
    try {
      df =
          switch (resolved) {
            case PARQUET -> spark.read().parquet(source);
            case JSON -> {
              JsonColumns.requirePresent(hadoop, files, spec, requireLabel);
              yield spark
                  .read()
                  .schema(textSchema(spec))
                  .option("mode", "PERMISSIVE")
                  .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
                  .json(source);
            }
            case CSV -> readCsv(spark, files, spec, requireLabel);
            case AUTO, TABLE -> throw new IllegalStateException("unreachable");
          };
    } catch (Exception e) {
      throw ReadFailures.rethrow(e);
    }
    return conform(df, spec, source, requireLabel)
        .withColumn(SOURCE_FILE, functions.input_file_name());
  }

  /** Names an input in messages and run info: its file, or its first file and how many more. */
  public static String describe(Dataset<Row> raw) {
    String[] files;
    try {
      files = raw.inputFiles();
    } catch (RuntimeException e) {
      files = new String[0];
    }
    if (files.length == 0) {
      return "the input DataFrame";
    }
    return files.length == 1 ? files[0] : files[0] + " (and " + (files.length - 1) + " more files)";
  }

  /**
   * The format of the data under {@code source} as {@link InputFormat#AUTO} sees it.
   *
   * @throws InvalidInputException if there are no data files or their names say nothing
   */
  public static InputFormat detectFormat(SparkSession spark, String source) {
    return InputFiles.list(spark.sparkContext().hadoopConfiguration(), source).detectFormat();
  }

  /**
   * Checks {@code df}'s schema against the spec and casts the id to string and the label to int.
   * Also used for DataFrames handed to the Transformer, which do not come from files.
   */
  public static Dataset<Row> conform(
      Dataset<Row> df, FeatureSpec spec, String source, boolean requireLabel) {
    StructType schema = df.schema();
    Map<String, StructField> byName = new LinkedHashMap<>();
    for (StructField f : schema.fields()) {
      byName.put(f.name(), f);
    }
    StructField id = byName.get(spec.idColumn());
    if (id == null) {
      throw missing(spec.idColumn(), "the id column", source, schema);
    }
    if (!(id.dataType() instanceof StringType)) {
      if (!isAtomic(id.dataType())) {
        throw wrongType(spec.idColumn(), "the id column", source, "string", id.dataType());
      }
      df =
          df.withColumn(spec.idColumn(), functions.col(spec.idColumn()).cast(DataTypes.StringType));
    }
    for (FieldSpec field : spec.fields()) {
      StructField column = byName.get(field.column());
      String what = "field '" + field.name() + "'";
      if (column == null) {
        throw missing(field.column(), what, source, schema);
      }
      DataType expected = expectedType(field);
      if (!sameShape(expected, column.dataType())) {
        throw wrongType(field.column(), what, source, expected.simpleString(), column.dataType());
      }
    }
    if (spec.labelColumn().isPresent()) {
      String label = spec.labelColumn().get();
      StructField column = byName.get(label);
      if (column == null) {
        if (requireLabel) {
          throw missing(label, "the label column", source, schema);
        }
      } else if (!isLabelType(column.dataType())) {
        throw wrongType(
            label, "the label column", source, "int (0/1) or boolean", column.dataType());
      } else if (!(column.dataType() instanceof IntegerType)) {
        df = df.withColumn(label, functions.col(label).cast(DataTypes.IntegerType));
      }
    }
    return df;
  }

  /** The type a field's source column must have. */
  public static DataType expectedType(FieldSpec field) {
    return field.kind() == FieldKind.MULTI
        ? DataTypes.createArrayType(DataTypes.StringType, true)
        : DataTypes.StringType;
  }

  /** The schema deepscore reads JSON with. */
  static StructType textSchema(FeatureSpec spec) {
    Map<String, StructField> fields = new LinkedHashMap<>();
    fields.put(
        spec.idColumn(), DataTypes.createStructField(spec.idColumn(), DataTypes.StringType, true));
    spec.labelColumn()
        .ifPresent(l -> fields.put(l, DataTypes.createStructField(l, DataTypes.IntegerType, true)));
    for (FieldSpec field : spec.fields()) {
      fields.putIfAbsent(
          field.column(), DataTypes.createStructField(field.column(), expectedType(field), true));
    }
    fields.put(
        CORRUPT_RECORD, DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    return DataTypes.createStructType(fields.values().toArray(StructField[]::new));
  }

  /**
   * Reads CSV by header name: Spark's CSV reader with a schema matches columns by position, so the
   * schema is built from the header itself (every column a string, the label an int) and Spark
   * checks every other file's header against it ({@code enforceSchema=false}).
   */
  private static Dataset<Row> readCsv(
      SparkSession spark, InputFiles files, FeatureSpec spec, boolean requireLabel) {
    Path first = firstNonEmpty(spark.sparkContext().hadoopConfiguration(), files);
    String[] header =
        spark.read().option("header", "true").csv(first.toString()).schema().fieldNames();
    Set<String> names = new LinkedHashSet<>();
    for (String h : header) {
      if (!names.add(h)) {
        throw new InvalidInputException(
            "the CSV header of " + first + " has column '" + h + "' twice: " + List.of(header));
      }
    }
    List<String> required = new ArrayList<>();
    required.add(spec.idColumn());
    spec.fields().forEach(f -> required.add(f.column()));
    if (requireLabel) {
      spec.labelColumn().ifPresent(required::add);
    }
    for (String column : required) {
      if (!names.contains(column)) {
        throw new InvalidInputException(
            "column '"
                + column
                + "' ("
                + describeColumn(spec, column)
                + ") not found in the CSV header of "
                + first
                + "; its columns are "
                + names);
      }
    }
    List<StructField> fields = new ArrayList<>();
    String label = spec.labelColumn().orElse(null);
    for (String h : header) {
      fields.add(
          DataTypes.createStructField(
              h, h.equals(label) ? DataTypes.IntegerType : DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    Dataset<Row> df =
        spark
            .read()
            .option("header", "true")
            .option("enforceSchema", "false")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
            .schema(DataTypes.createStructType(fields))
            .csv(files.source());
    for (FieldSpec field : spec.fields()) {
      if (field.kind() == FieldKind.MULTI) {
        Column c = functions.col(field.column());
        df =
            df.withColumn(
                field.column(),
                functions
                    .when(c.isNull(), functions.lit(null).cast(expectedType(field)))
                    .when(c.equalTo(""), functions.array().cast(expectedType(field)))
                    .otherwise(functions.split(c, "\\|")));
      }
    }
    return df;
  }

  /** The first data file with a non-blank first line (a header), else the first file. */
  private static Path firstNonEmpty(Configuration hadoop, InputFiles files) {
    for (Path p : files.spread(JsonColumns.SAMPLE_FILES)) {
      List<String> lines = InputFiles.firstLines(hadoop, p, 1, 1 << 20);
      if (!lines.isEmpty() && !lines.get(0).isBlank()) {
        return p;
      }
    }
    return files.files().get(0);
  }

  private static String describeColumn(FeatureSpec spec, String column) {
    if (column.equals(spec.idColumn())) {
      return "the id column";
    }
    for (FieldSpec f : spec.fields()) {
      if (f.column().equals(column)) {
        return "field '" + f.name() + "'";
      }
    }
    return "the label column";
  }

  private static boolean sameShape(DataType expected, DataType actual) {
    if (expected instanceof ArrayType e && actual instanceof ArrayType a) {
      return sameShape(e.elementType(), a.elementType());
    }
    return expected.getClass().equals(actual.getClass());
  }

  private static boolean isAtomic(DataType t) {
    return t instanceof StringType
        || t instanceof IntegerType
        || t instanceof LongType
        || t instanceof ShortType
        || t instanceof ByteType;
  }

  private static boolean isLabelType(DataType t) {
    return t instanceof IntegerType
        || t instanceof LongType
        || t instanceof ShortType
        || t instanceof ByteType
        || t instanceof BooleanType;
  }

  private static IllegalArgumentException missing(
      String column, String what, String source, StructType schema) {
    return new IllegalArgumentException(
        "column '"
            + column
            + "' ("
            + what
            + ") not found in "
            + source
            + "; its columns are "
            + Arrays.toString(schema.fieldNames()));
  }

  private static IllegalArgumentException wrongType(
      String column, String what, String source, String expected, DataType found) {
    return new IllegalArgumentException(
        "column '"
            + column
            + "' ("
            + what
            + ") in "
            + source
            + ": expected "
            + expected
            + ", found "
            + found.simpleString());
  }
}
