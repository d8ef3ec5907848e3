package io.deepscore.spark.io;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
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

  private RawInput() {}

  /**
   * Reads {@code source} (a path, or a table name with {@link InputFormat#TABLE}) and checks its
   * schema against the spec.
   *
   * @param requireLabel whether the spec's label column must be present (training data)
   * @throws IllegalArgumentException naming the source, column, expected and found type
   */
  public static Dataset<Row> read(
      SparkSession spark,
      String source,
      InputFormat format,
      FeatureSpec spec,
      boolean requireLabel) {
    InputFormat resolved = format == InputFormat.AUTO ? detect(spark, source) : format;
    if (resolved != InputFormat.TABLE) {
      OutputPaths.checkExists(spark, source, "input");
    }
    Dataset<Row> df =
        switch (resolved) {
          case PARQUET -> spark.read().parquet(source);
          case JSON ->
              spark
                  .read()
                  .schema(textSchema(spec, false))
                  .option("mode", "PERMISSIVE")
                  .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
                  .json(source);
          case CSV -> readCsv(spark, source, spec);
          case TABLE -> spark.table(source);
          case AUTO -> throw new IllegalStateException("unreachable");
        };
    return conform(df, spec, source, requireLabel)
        .withColumn(SOURCE_FILE, functions.input_file_name());
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

  /** The schema deepscore reads JSON/CSV with (CSV keeps multi columns as strings). */
  static StructType textSchema(FeatureSpec spec, boolean csv) {
    Map<String, StructField> fields = new LinkedHashMap<>();
    fields.put(
        spec.idColumn(), DataTypes.createStructField(spec.idColumn(), DataTypes.StringType, true));
    spec.labelColumn()
        .ifPresent(l -> fields.put(l, DataTypes.createStructField(l, DataTypes.IntegerType, true)));
    for (FieldSpec field : spec.fields()) {
      DataType type = csv ? DataTypes.StringType : expectedType(field);
      fields.putIfAbsent(field.column(), DataTypes.createStructField(field.column(), type, true));
    }
    fields.put(
        CORRUPT_RECORD, DataTypes.createStructField(CORRUPT_RECORD, DataTypes.StringType, true));
    return DataTypes.createStructType(fields.values().toArray(StructField[]::new));
  }

  private static Dataset<Row> readCsv(SparkSession spark, String source, FeatureSpec spec) {
    Dataset<Row> df =
        spark
            .read()
            .option("header", "true")
            .option("mode", "PERMISSIVE")
            .option("columnNameOfCorruptRecord", CORRUPT_RECORD)
            .schema(textSchema(spec, true))
            .csv(source);
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

  /** Picks the format from the extensions of the data files under {@code source}. */
  static InputFormat detect(SparkSession spark, String source) {
    Path path = new Path(source);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        throw new IllegalArgumentException("input " + source + " does not exist");
      }
      FileStatus[] files =
          fs.getFileStatus(path).isDirectory()
              ? fs.listStatus(path)
              : new FileStatus[] {fs.getFileStatus(path)};
      for (FileStatus f : files) {
        String name = f.getPath().getName().toLowerCase(Locale.ROOT);
        if (name.startsWith("_") || name.startsWith(".")) {
          continue;
        }
        if (name.endsWith(".parquet")) {
          return InputFormat.PARQUET;
        }
        if (name.endsWith(".json") || name.contains(".json.")) {
          return InputFormat.JSON;
        }
        if (name.endsWith(".csv") || name.contains(".csv.")) {
          return InputFormat.CSV;
        }
      }
      throw new IllegalArgumentException(
          "cannot tell the format of input "
              + source
              + " from its file names (expected *.parquet, *.json or *.csv); pass --input-format");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list input " + source + ": " + e.getMessage(), e);
    }
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
