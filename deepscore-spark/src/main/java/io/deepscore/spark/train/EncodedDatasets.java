package io.deepscore.spark.train;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.model.EncodedDataset;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.io.OutputPaths;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Loads a featurized dataset (the output of {@link FeaturizeJob}) into memory for training in the
 * driver JVM, optionally split by {@link HoldoutSplit}. Rows stream to the driver one partition at
 * a time; only the encoded ints are kept (about 4 bytes x the sum of max lengths per row).
 */
public final class EncodedDatasets {

  private EncodedDatasets() {}

  /**
   * The loaded parts; parts not asked for are empty. {@code skipped} counts rows of other parts.
   */
  public record Parts(Map<HoldoutSplit.Part, EncodedDataset> parts, long rowsRead) {
    public EncodedDataset get(HoldoutSplit.Part part) {
      return parts.get(part);
    }
  }

  /**
   * Reads {@code path} and returns its rows by part. With {@code split == null} every row goes to
   * {@link HoldoutSplit.Part#TRAIN}.
   *
   * @throws InvalidInputException when the dataset does not match the spec (names the path and
   *     column)
   */
  public static Parts load(SparkSession spark, String path, FeatureSpec spec, HoldoutSplit split) {
    OutputPaths.checkExists(spark, path, "encoded dataset");
    return load(spark.read().parquet(path), "encoded dataset " + path, spec, split);
  }

  /**
   * The rows of an encoded DataFrame ({@link FeaturizeJob#encodedSchema} with the label), by part.
   *
   * @param what names the data in error messages, e.g. {@code encoded dataset /tmp/enc}
   */
  public static Parts load(Dataset<Row> df, String what, FeatureSpec spec, HoldoutSplit split) {
    String label =
        spec.labelColumn()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "the feature spec has no label_column: cannot train"));
    int[] maxLengths = spec.fields().stream().mapToInt(f -> f.maxLength()).toArray();
    check(df.schema(), spec, label, what);
    String[] columns = new String[spec.fieldCount() + 2];
    columns[0] = spec.idColumn();
    columns[1] = label;
    for (int f = 0; f < spec.fieldCount(); f++) {
      columns[f + 2] = spec.field(f).name();
    }
    Dataset<Row> selected = df.selectExpr(columns);

    Map<HoldoutSplit.Part, EncodedDataset.Builder> builders =
        new EnumMap<>(HoldoutSplit.Part.class);
    for (HoldoutSplit.Part p : HoldoutSplit.Part.values()) {
      builders.put(p, EncodedDataset.builder(maxLengths));
    }
    int[][] row = new int[spec.fieldCount()][];
    long read = 0;
    Iterator<Row> it = selected.toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      read++;
      String id = r.isNullAt(0) ? "" : r.getString(0);
      for (int f = 0; f < row.length; f++) {
        List<Integer> ids = r.getList(f + 2);
        if (ids.size() != maxLengths[f]) {
          throw new InvalidInputException(
              what
                  + ", row with id '"
                  + id
                  + "': column '"
                  + columns[f + 2]
                  + "' has "
                  + ids.size()
                  + " ids, the spec's max_length is "
                  + maxLengths[f]
                  + " (was it featurized with another spec?)");
        }
        int[] a = row[f] == null || row[f].length != ids.size() ? new int[ids.size()] : row[f];
        for (int i = 0; i < a.length; i++) {
          a[i] = ids.get(i);
        }
        row[f] = a;
      }
      HoldoutSplit.Part part = split == null ? HoldoutSplit.Part.TRAIN : split.of(id);
      builders.get(part).addRow(r.getInt(1), row);
    }
    Map<HoldoutSplit.Part, EncodedDataset> parts = new EnumMap<>(HoldoutSplit.Part.class);
    builders.forEach((p, b) -> parts.put(p, b.build()));
    return new Parts(parts, read);
  }

  private static void check(StructType schema, FeatureSpec spec, String label, String path) {
    require(schema, spec.idColumn(), null, path);
    DataType labelType = require(schema, label, "int", path);
    if (!(labelType instanceof IntegerType)) {
      throw new InvalidInputException(
          path + ": column '" + label + "' must be int, found " + labelType.simpleString());
    }
    for (var field : spec.fields()) {
      DataType t = require(schema, field.name(), "array<int>", path);
      if (!(t instanceof ArrayType a && a.elementType() instanceof IntegerType)) {
        throw new InvalidInputException(
            path + ": column '" + field.name() + "' must be array<int>, found " + t.simpleString());
      }
    }
  }

  private static DataType require(StructType schema, String column, String expected, String path) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(column)) {
        return f.dataType();
      }
    }
    throw new InvalidInputException(
        path
            + " has no column '"
            + column
            + "'"
            + (expected == null ? "" : " (" + expected + ")")
            + "; its columns are "
            + java.util.Arrays.toString(schema.fieldNames())
            + " (is it the output of 'deepscore featurize' with this spec and a labelled input?)");
  }
}
