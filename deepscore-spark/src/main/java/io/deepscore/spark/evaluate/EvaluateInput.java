package io.deepscore.spark.evaluate;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.score.ModelSet;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The labelled data of an evaluation as the partition pipeline reads it, checked on the driver
 * before any job: raw records (read with {@link RawInput} against the first bundle's spec, then
 * checked against every bundle's) or featurized Parquet (every spec field an {@code array<int>}
 * column, an int label, and bundles sharing the vocabularies that featurized it).
 *
 * @param rows the data
 * @param featurized whether the rows hold encoded ids
 * @param layouts per encoder group of the bundles, where its fields are ({@linkplain
 *     RawRowLayout#encoded encoded} for featurized data)
 * @param truthIndex the numeric truth column's index in {@code rows}, or -1
 */
record EvaluateInput(
    Dataset<Row> rows, boolean featurized, RawRowLayout[] layouts, int truthIndex) {

  /** Reads and checks {@code c}'s data for {@code models} (the opened bundles, in order). */
  static EvaluateInput read(
      SparkSession spark, EvaluateJob.Config c, List<ModelBundle> bundles, ModelSet models) {
    FeatureSpec spec = bundles.get(0).spec();
    String label =
        spec.labelColumn()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "bundle "
                            + c.bundles().get(0)
                            + ": its feature spec has no label_column, so labelled data cannot"
                            + " be read"));
    OutputPaths.checkExists(spark, c.data(), "evaluation data");
    boolean featurized =
        switch (c.input()) {
          case FEATURIZED -> true;
          case RAW -> false;
          case AUTO -> looksFeaturized(spark, c.data(), spec);
        };
    Dataset<Row> df;
    RawRowLayout[] layouts = new RawRowLayout[models.groupCount()];
    if (featurized) {
      requireSharedVocabularies(bundles, c.bundles());
      df = spark.read().parquet(c.data());
      StructType schema = df.schema();
      for (int g = 0; g < layouts.length; g++) {
        for (FieldSpec f : models.spec(g).fields()) {
          StructField column = schema.fields()[index(schema, f.name(), c.data())];
          if (!isIds(column)) {
            throw new InvalidInputException(
                "featurized data "
                    + c.data()
                    + ": column '"
                    + f.name()
                    + "' must be array<int> (the field's ids), found "
                    + column.dataType().simpleString());
          }
        }
        layouts[g] = RawRowLayout.encoded(schema, models.spec(g));
      }
      index(schema, spec.idColumn(), c.data());
      int labelIndex = index(schema, label, c.data());
      if (!(schema.fields()[labelIndex].dataType() instanceof IntegerType)) {
        throw new InvalidInputException(
            "featurized data " + c.data() + ": column '" + label + "' must be int (0/1)");
      }
    } else {
      df = RawInput.read(spark, c.data(), InputFormat.AUTO, spec, true);
      for (ModelBundle b : bundles) {
        // Each bundle checks the columns it needs (same data, possibly other fields).
        df = RawInput.conform(df, b.spec(), c.data(), true);
      }
      layouts = models.layouts(df.schema());
    }
    return new EvaluateInput(df, featurized, layouts, truthIndex(df.schema(), c.truthColumn()));
  }

  /** The index of a numeric truth column in {@code schema}, or -1 if it has none. */
  static int truthIndex(StructType schema, String column) {
    if (column == null) {
      return -1;
    }
    for (int i = 0; i < schema.fields().length; i++) {
      StructField f = schema.fields()[i];
      if (f.name().equals(column)) {
        return f.dataType() instanceof NumericType ? i : -1;
      }
    }
    return -1;
  }

  private static boolean looksFeaturized(SparkSession spark, String data, FeatureSpec spec) {
    if (RawInput.detectFormat(spark, data) != InputFormat.PARQUET) {
      return false; // raw JSON or CSV: never read it as Parquet
    }
    StructType schema = spark.read().parquet(data).schema();
    for (FieldSpec f : spec.fields()) {
      StructField column = null;
      for (StructField s : schema.fields()) {
        if (s.name().equals(f.name())) {
          column = s;
        }
      }
      if (column == null || !isIds(column)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isIds(StructField column) {
    return column.dataType() instanceof ArrayType a && a.elementType() instanceof IntegerType;
  }

  private static void requireSharedVocabularies(List<ModelBundle> bundles, List<Path> dirs) {
    Map<String, Vocabulary> first = bundles.get(0).vocabularies();
    for (int i = 1; i < bundles.size(); i++) {
      ModelBundle b = bundles.get(i);
      boolean sameLengths =
          Arrays.equals(b.manifest().maxLengths(), bundles.get(0).manifest().maxLengths());
      if (!b.vocabularies().equals(first) || !sameLengths) {
        throw new InvalidInputException(
            "bundles "
                + dirs.get(0)
                + " and "
                + dirs.get(i)
                + " have different vocabularies or max lengths: featurized data can only be"
                + " evaluated by bundles sharing the vocabularies that featurized it; evaluate"
                + " the raw data instead (--data RAW_PATH)");
      }
    }
  }

  private static int index(StructType schema, String column, String data) {
    for (int i = 0; i < schema.fields().length; i++) {
      if (schema.fields()[i].name().equals(column)) {
        return i;
      }
    }
    throw new InvalidInputException(
        "featurized data "
            + data
            + " has no column '"
            + column
            + "'; its columns are "
            + Arrays.toString(schema.fieldNames())
            + " (is it the output of 'deepscore featurize' with the bundle's spec and labels?)");
  }
}
