package io.deepscore.spark.evaluate;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.report.EvaluationReport;
import io.deepscore.eval.report.ScoredModel;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.ExecutorCache;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.score.ThreadPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * Champion/challenger evaluation on Spark: scores labelled data with several model bundles in one
 * pass and writes an {@link EvaluationReport} (report.json, report.html, PNG charts).
 *
 * <p>Input is either raw records (read with {@link RawInput} against the first bundle's spec; every
 * bundle encodes them with its own spec and vocabularies) or featurized Parquet (the output of
 * {@code deepscore featurize}: then all bundles must share one set of vocabularies, the one that
 * featurized it). {@link Input#AUTO} picks featurized when the data is Parquet whose field columns
 * are {@code array<int>}.
 *
 * <p>Scoring runs in the executors ({@link EvaluatePartition}): each model loaded once per JVM
 * through {@link ModelBundle#loadModel} (so every engine, DJL, TorchScript or XGBoost, plugs in),
 * one scorer per model per task. A row is kept only if every bundle can encode it, so all models
 * are compared on exactly the same rows; the others are counted as skipped. Only the label and one
 * float per model travel to the driver, where the metrics are computed.
 */
public final class EvaluateJob {

  private EvaluateJob() {}

  /** What the input data is. */
  public enum Input {
    /** Featurized if Parquet with {@code array<int>} field columns, else raw. */
    AUTO,
    /** Raw records (Parquet, JSON or CSV as {@link RawInput} reads them). */
    RAW,
    /** Featurized Parquet (encoded ids). */
    FEATURIZED
  }

  /**
   * An evaluation.
   *
   * @param bundles local bundle directories; the first is the reference of the deltas
   * @param data the labelled data
   * @param input raw, featurized or auto
   * @param targetPrecision in (0, 1)
   * @param reportDir where the report is written
   * @param split with {@code part}: evaluate only the rows of that holdout part (hash of the id),
   *     e.g. the test part held out of training; null = all rows
   * @param part the part to keep, null = all rows
   * @param batchSize rows per scoring batch, &gt; 0
   */
  public record Config(
      List<Path> bundles,
      String data,
      Input input,
      double targetPrecision,
      Path reportDir,
      HoldoutSplit split,
      HoldoutSplit.Part part,
      int batchSize) {
    public Config {
      bundles = List.copyOf(bundles);
      if (bundles.isEmpty()) {
        throw new InvalidInputException("evaluate needs at least one model bundle");
      }
      Objects.requireNonNull(data, "data");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(reportDir, "reportDir");
      if (!(targetPrecision > 0 && targetPrecision < 1)) {
        throw new InvalidInputException(
            "target precision must be in (0, 1), got " + targetPrecision);
      }
      if ((split == null) != (part == null)) {
        throw new InvalidInputException("give both a holdout split and a part, or neither");
      }
      if (batchSize <= 0) {
        throw new InvalidInputException("batch size must be > 0, got " + batchSize);
      }
    }

    /** All rows of {@code data}, input detected, batches of 1024. */
    public static Config of(
        List<Path> bundles, String data, double targetPrecision, Path reportDir) {
      return new Config(bundles, data, Input.AUTO, targetPrecision, reportDir, null, null, 1024);
    }

    /** A copy keeping only the rows of one holdout part. */
    public Config withPart(HoldoutSplit split, HoldoutSplit.Part part) {
      return new Config(bundles, data, input, targetPrecision, reportDir, split, part, batchSize);
    }
  }

  /**
   * The entry point for callers such as the demo: evaluates every row of {@code data} (raw or
   * featurized, detected) with the bundles and writes the report into {@code reportDir}.
   */
  public static EvaluationReport run(
      SparkSession spark,
      List<Path> bundleDirs,
      String data,
      double targetPrecision,
      Path reportDir) {
    return run(spark, Config.of(bundleDirs, data, targetPrecision, reportDir));
  }

  /** Runs an evaluation and writes the report; see the class comment. */
  public static EvaluationReport run(SparkSession spark, Config c) {
    List<ModelBundle> bundles = new ArrayList<>();
    for (Path dir : c.bundles()) {
      bundles.add(ModelBundle.open(dir.toAbsolutePath()));
    }
    List<String> names = names(c.bundles());
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

    // Fail fast on the driver: every model loads (and is cached for local executors).
    ThreadPlan threads = ThreadPlan.derive(spark.sparkContext(), 0);
    String[] dirs = new String[bundles.size()];
    String[] keys = new String[bundles.size()];
    for (int i = 0; i < bundles.size(); i++) {
      dirs[i] = bundles.get(i).dir().toString();
      keys[i] = EvaluatePartition.cacheKey(bundles.get(i));
      String dir = dirs[i];
      ExecutorCache.get(keys[i], ScoringModel.class, () -> EvaluatePartition.load(dir, threads));
    }

    Dataset<Row> df;
    RawRowLayout[] layouts = null;
    int[] encodedColumns = null;
    int idIndex;
    int labelIndex;
    if (featurized) {
      requireSharedVocabularies(bundles, c.bundles());
      df = spark.read().parquet(c.data());
      StructType schema = df.schema();
      encodedColumns = new int[spec.fieldCount()];
      for (int f = 0; f < spec.fieldCount(); f++) {
        encodedColumns[f] = index(schema, spec.field(f).name(), c.data());
      }
      idIndex = index(schema, spec.idColumn(), c.data());
      labelIndex = index(schema, label, c.data());
      if (!(schema.fields()[labelIndex].dataType() instanceof IntegerType)) {
        throw new InvalidInputException(
            "featurized data " + c.data() + ": column '" + label + "' must be int (0/1)");
      }
    } else {
      df = RawInput.read(spark, c.data(), InputFormat.AUTO, spec, true);
      layouts = new RawRowLayout[bundles.size()];
      for (int i = 0; i < bundles.size(); i++) {
        // Each bundle checks the columns it needs (same data, possibly other fields).
        RawInput.conform(df, bundles.get(i).spec(), c.data(), true);
        layouts[i] = RawRowLayout.of(df.schema(), bundles.get(i).spec());
      }
      idIndex = df.schema().fieldIndex(spec.idColumn());
      labelIndex = df.schema().fieldIndex(label);
    }

    LongAccumulator skipped = spark.sparkContext().longAccumulator("evaluate skipped rows");
    EvaluatePartition fn =
        new EvaluatePartition(
            dirs,
            keys,
            layouts,
            encodedColumns,
            idIndex,
            labelIndex,
            c.batchSize(),
            c.split() == null ? Double.NaN : c.split().validFraction(),
            c.split() == null ? Double.NaN : c.split().testFraction(),
            c.part(),
            threads,
            skipped);
    List<StructField> out = new ArrayList<>();
    out.add(DataTypes.createStructField("label", DataTypes.IntegerType, false));
    for (int i = 0; i < bundles.size(); i++) {
      out.add(DataTypes.createStructField("score_" + i, DataTypes.FloatType, false));
    }
    StructType outSchema = DataTypes.createStructType(out);
    List<Row> rows = df.mapPartitions(fn, Encoders.row(outSchema)).collectAsList();

    int n = rows.size();
    int[] labels = new int[n];
    float[][] scores = new float[bundles.size()][n];
    for (int r = 0; r < n; r++) {
      Row row = rows.get(r);
      labels[r] = row.getInt(0);
      for (int i = 0; i < bundles.size(); i++) {
        scores[i][r] = row.getFloat(i + 1);
      }
    }
    List<ScoredModel> scored = new ArrayList<>();
    for (int i = 0; i < bundles.size(); i++) {
      var m = bundles.get(i).manifest();
      scored.add(
          new ScoredModel(
              names.get(i),
              m.bundleId(),
              m.engine(),
              scores[i],
              labels,
              m.threshold() == null ? Double.NaN : m.threshold().threshold()));
    }
    String description =
        String.format(
            Locale.ROOT,
            "%s (%s%s, %,d rows%s)",
            c.data(),
            featurized ? "featurized" : "raw",
            c.part() == null ? "" : ", " + c.part().name().toLowerCase(Locale.ROOT) + " part",
            n,
            skipped.value() == 0
                ? ""
                : String.format(Locale.ROOT, ", %,d skipped", skipped.value()));
    EvaluationReport report = EvaluationReport.of(scored, c.targetPrecision(), description);
    report.write(c.reportDir());
    return report;
  }

  /** Display names: the bundle directory names, made unique with a suffix. */
  static List<String> names(List<Path> dirs) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Path d : dirs) {
      Path file = d.toAbsolutePath().normalize().getFileName();
      String base = file == null ? "model" : file.toString();
      String name = base;
      for (int k = 2; !seen.add(name); k++) {
        name = base + "-" + k;
      }
      out.add(name);
    }
    return out;
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
      if (column == null
          || !(column.dataType() instanceof ArrayType a
              && a.elementType() instanceof IntegerType)) {
        return false;
      }
    }
    return true;
  }

  private static void requireSharedVocabularies(List<ModelBundle> bundles, List<Path> dirs) {
    Map<String, Vocabulary> first = bundles.get(0).vocabularies();
    for (int i = 1; i < bundles.size(); i++) {
      ModelBundle b = bundles.get(i);
      boolean sameLengths =
          java.util.Arrays.equals(
              b.manifest().maxLengths(), bundles.get(0).manifest().maxLengths());
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
            + java.util.Arrays.toString(schema.fieldNames())
            + " (is it the output of 'deepscore featurize' with the bundle's spec and labels?)");
  }
}
