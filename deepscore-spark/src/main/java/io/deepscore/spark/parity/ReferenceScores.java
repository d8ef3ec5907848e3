package io.deepscore.spark.parity;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.interop.NpyArray;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.parity.ParityScoring.Scored;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;

/**
 * The reference side of a parity check, as the data scientist has it: float32 {@code .npy} (with
 * the ids as a second {@code .npy}, or none: then rows are matched by order), CSV or TSV with a
 * header (an id column and a score column), or Parquet (the same two columns; the score float or
 * double). Text scores are parsed as float32 ({@link Float#parseFloat}: the decimal that Python's
 * {@code repr} of a float32 value writes gives that value back exactly).
 */
public final class ReferenceScores {

  /** How the reference is stored. */
  public enum Format {
    AUTO,
    NPY,
    CSV,
    TSV,
    PARQUET;

    /**
     * @throws IllegalArgumentException listing the formats
     */
    public static Format parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "reference format '" + value + "' is not one of [auto, npy, csv, tsv, parquet]");
      }
    }

    /** By file name: .npy, .csv(.gz), .tsv(.gz) or .txt; anything else (a directory) Parquet. */
    static Format of(String path) {
      String n = path.toLowerCase(Locale.ROOT).replaceAll("\\.gz$", "");
      return n.endsWith(".npy")
          ? NPY
          : n.endsWith(".csv") ? CSV : n.endsWith(".tsv") || n.endsWith(".txt") ? TSV : PARQUET;
    }
  }

  /**
   * Where to find the scores in a table (CSV, TSV, Parquet).
   *
   * @param idColumn the id column; when the table has none of that name but one named {@code id},
   *     that one
   * @param scoreColumn the score column
   */
  public record Columns(String idColumn, String scoreColumn) {}

  private ReferenceScores() {}

  /**
   * Reads the reference scores.
   *
   * @param ids for {@code .npy} only: the ids {@code .npy}, or null (rows matched by order; the
   *     returned ids are then null)
   * @throws InvalidInputException naming the file, the column or the row at fault
   */
  public static Scored read(
      SparkSession spark, String path, Format format, Path ids, Columns columns) {
    Format f = format == Format.AUTO ? Format.of(path) : format;
    if (ids != null && f != Format.NPY) {
      throw new InvalidInputException(
          "--ids is for a .npy reference only: the "
              + f.name().toLowerCase(Locale.ROOT)
              + " reference "
              + path
              + " has its own id column");
    }
    long start = System.nanoTime();
    return switch (f) {
      case NPY -> npy(path, ids, start);
      case CSV, TSV, PARQUET -> table(spark, path, f, columns, start);
      case AUTO -> throw new IllegalStateException("unreachable");
    };
  }

  private static Scored npy(String path, Path ids, long start) {
    try {
      NpyArray array = NpyArray.read(Path.of(path));
      if (!"<f4".equals(array.descr())) { // e.g. float64: numpy's default for Python floats
        throw new InvalidInputException(
            "reference "
                + path
                + ": dtype "
                + array.descr()
                + " is not float32 (<f4): save"
                + " float32 scores (numpy: np.save(path, scores.astype(np.float32)))");
      }
      float[] scores = array.floats();
      String[] refIds = ids == null ? null : NpyArray.read(ids).strings();
      if (refIds != null && refIds.length != scores.length) {
        throw new InvalidInputException(
            "--ids "
                + ids
                + " has "
                + refIds.length
                + " ids for "
                + scores.length
                + " reference scores in "
                + path);
      }
      return new Scored(refIds, scores, seconds(start));
    } catch (IOException e) {
      throw new InvalidInputException("reference " + path + ": " + e.getMessage(), e);
    }
  }

  private static Scored table(
      SparkSession spark, String path, Format f, Columns columns, long start) {
    OutputPaths.checkExists(spark, path, "reference");
    Dataset<Row> df =
        f == Format.PARQUET
            ? spark.read().parquet(path)
            : spark
                .read()
                .option("header", "true")
                .option("sep", f == Format.TSV ? "\t" : ",")
                .option("mode", "FAILFAST")
                .csv(path);
    List<String> names = Arrays.asList(df.schema().fieldNames());
    String id = columns.idColumn();
    if (!names.contains(id) && names.contains("id")) {
      id = "id";
    }
    for (String c : List.of(id, columns.scoreColumn())) {
      if (!names.contains(c)) {
        throw new InvalidInputException(
            "reference "
                + path
                + " has no column '"
                + c
                + "'; its columns are "
                + names
                + " (name them with --reference-id and --reference-score)");
      }
    }
    DataType scoreType = df.schema().apply(columns.scoreColumn()).dataType();
    if (f == Format.PARQUET
        && !(scoreType instanceof FloatType || scoreType instanceof DoubleType)) {
      throw new InvalidInputException(
          "reference "
              + path
              + ": column '"
              + columns.scoreColumn()
              + "' is "
              + scoreType.simpleString()
              + ", expected float or double");
    }
    List<Row> rows =
        df.select(
                functions.col(id).cast(DataTypes.StringType),
                functions.col(columns.scoreColumn()).cast(DataTypes.StringType))
            .collectAsList();
    String[] ids = new String[rows.size()];
    float[] scores = new float[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      Row r = rows.get(i);
      ids[i] = r.isNullAt(0) ? null : r.getString(0);
      scores[i] = parseScore(r.isNullAt(1) ? null : r.getString(1), path, i, ids[i]);
    }
    return new Scored(ids, scores, seconds(start));
  }

  /** A float32 from its text (Java or Python spelling of NaN and infinities too). */
  static float parseScore(String text, String path, int row, String id) {
    if (text != null) {
      String t = text.trim();
      switch (t.toLowerCase(Locale.ROOT)) {
        case "nan":
          return Float.NaN;
        case "inf":
        case "+inf":
        case "infinity":
          return Float.POSITIVE_INFINITY;
        case "-inf":
        case "-infinity":
          return Float.NEGATIVE_INFINITY;
        default:
          try {
            return Float.parseFloat(t);
          } catch (NumberFormatException e) {
            // reported below
          }
      }
    }
    throw new InvalidInputException(
        "reference "
            + path
            + ", row "
            + (row + 1)
            + " (id '"
            + id
            + "'): score '"
            + text
            + "' is not a number");
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
