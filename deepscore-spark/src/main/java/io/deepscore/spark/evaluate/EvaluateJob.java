package io.deepscore.spark.evaluate;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.report.EvaluationReport;
import io.deepscore.eval.report.ScoredModel;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.generate.GroundTruth;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.partition.InternalRows;
import io.deepscore.spark.partition.PartitionPipeline;
import io.deepscore.spark.score.BundleRef;
import io.deepscore.spark.score.ModelSet;
import io.deepscore.spark.score.ScorePartition;
import io.deepscore.spark.score.ThreadPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>Scoring runs in the executors on the scoring path ({@link ScorePartition} over the one {@link
 * PartitionPipeline}, labels required): bundles verified and fetched as {@code score} does ({@link
 * BundleRef}), each model loaded once per JVM through its engine (DJL, TorchScript, ONNX or
 * XGBoost), one scorer per model per task, each row encoded once per distinct spec and vocabularies
 * ({@link ModelSet}; featurized ids are read as they are). A row is kept only if every bundle can
 * encode it and its label is 0 or 1, so all models are compared on exactly the same rows; the
 * others are rejected by the pipeline and counted as skipped, from the rows themselves ({@link
 * EvaluateRows}). Only the label, the truth and one float per model travel to the driver, where the
 * metrics are computed.
 *
 * <p>When the data has a numeric {@link Config#truthColumn()} (the generator's {@link
 * GroundTruth#COLUMN}: every user's true probability), the report gets an <b>oracle</b> row scored
 * by it and every model's distance to it. Bundles given a {@link Config#groups() group} (one recipe
 * trained with several seeds) are summarized per group: mean and spread.
 */
public final class EvaluateJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  /** The report name of the oracle row. */
  public static final String ORACLE = "oracle";

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
   * @param groups per bundle the name of its recipe (bundles of one recipe trained with different
   *     seeds share it; a null entry: the bundle's own name), or null: every bundle its own
   * @param truthColumn the column of true probabilities that scores the oracle row when the data
   *     has it, or null for no oracle
   */
  public record Config(
      List<Path> bundles,
      String data,
      Input input,
      double targetPrecision,
      Path reportDir,
      HoldoutSplit split,
      HoldoutSplit.Part part,
      int batchSize,
      List<String> groups,
      String truthColumn) {
    public Config {
      bundles = List.copyOf(bundles);
      if (bundles.isEmpty()) {
        throw new InvalidInputException("evaluate needs at least one model bundle");
      }
      if (groups != null) {
        groups = java.util.Collections.unmodifiableList(new ArrayList<>(groups));
        if (groups.size() != bundles.size()) {
          throw new IllegalArgumentException(
              groups.size() + " group names for " + bundles.size() + " bundles");
        }
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

    /** Every bundle its own group; the oracle from {@link GroundTruth#COLUMN} when present. */
    public Config(
        List<Path> bundles,
        String data,
        Input input,
        double targetPrecision,
        Path reportDir,
        HoldoutSplit split,
        HoldoutSplit.Part part,
        int batchSize) {
      this(
          bundles,
          data,
          input,
          targetPrecision,
          reportDir,
          split,
          part,
          batchSize,
          null,
          GroundTruth.COLUMN);
    }

    /** All rows of {@code data}, input detected, batches of 1024. */
    public static Config of(
        List<Path> bundles, String data, double targetPrecision, Path reportDir) {
      return new Config(bundles, data, Input.AUTO, targetPrecision, reportDir, null, null, 1024);
    }

    /** A copy keeping only the rows of one holdout part. */
    public Config withPart(HoldoutSplit split, HoldoutSplit.Part part) {
      return new Config(
          bundles,
          data,
          input,
          targetPrecision,
          reportDir,
          split,
          part,
          batchSize,
          groups,
          truthColumn);
    }

    /** A copy with a recipe name per bundle (see {@link #groups()}). */
    public Config withGroups(List<String> groups) {
      return new Config(
          bundles,
          data,
          input,
          targetPrecision,
          reportDir,
          split,
          part,
          batchSize,
          groups,
          truthColumn);
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
    // Verified on the driver as score does (every file against the manifest), and every model
    // loaded here first: fail fast, and local executors find them cached.
    ThreadPlan threads = ThreadPlan.derive(spark.sparkContext(), 0);
    List<BundleRef> refs = new ArrayList<>();
    List<ModelBundle> bundles = new ArrayList<>();
    for (Path dir : c.bundles()) {
      BundleRef ref = BundleRef.resolve(spark, dir.toAbsolutePath().toString(), null, threads);
      refs.add(ref);
      bundles.add(ref.bundle());
    }
    ModelSet models = ModelSet.of(refs);
    EvaluateInput in = EvaluateInput.read(spark, c, bundles, models);
    refs.forEach(BundleRef::load);

    int truth = in.truthIndex();
    EvaluateRows output =
        new EvaluateRows(
            in.layouts()[0],
            truth,
            truth < 0 ? null : in.rows().schema().fields()[truth].dataType(),
            bundles.size());
    EvaluateTask fn =
        new EvaluateTask(
            ScorePartition.labelled(
                models, in.layouts(), c.batchSize(), InvalidRowPolicy.REJECT, output),
            in.layouts()[0],
            c.split(),
            c.part());
    EvaluateRows.Collected rows =
        output.collect(InternalRows.mapPartitions(in.rows(), output.schema(), fn).collectAsList());
    if (rows.rejected() > 0) {
      LOG.info(
          "deepscore evaluate: {} rows kept, {} skipped (a bundle could not score them): {}",
          rows.labels().length,
          rows.rejected(),
          rows.rejectedByReason());
    }

    List<String> names = names(c.bundles());
    List<ScoredModel> scored = new ArrayList<>();
    for (int i = 0; i < bundles.size(); i++) {
      var m = bundles.get(i).manifest();
      scored.add(
          new ScoredModel(
              names.get(i),
              m.bundleId(),
              m.engine(),
              rows.scores()[i],
              rows.labels(),
              m.threshold() == null ? Double.NaN : m.threshold().threshold(),
              c.groups() == null || c.groups().get(i) == null ? names.get(i) : c.groups().get(i)));
    }
    ScoredModel oracle = oracle(rows.truth(), rows.labels(), c.truthColumn());
    String description =
        String.format(
            Locale.ROOT,
            "%s (%s%s, %,d rows%s)",
            c.data(),
            in.featurized() ? "featurized" : "raw",
            c.part() == null ? "" : ", " + c.part().name().toLowerCase(Locale.ROOT) + " part",
            rows.labels().length,
            rows.rejected() == 0
                ? ""
                : String.format(Locale.ROOT, ", %,d skipped", rows.rejected()));
    EvaluationReport report = EvaluationReport.of(scored, oracle, c.targetPrecision(), description);
    report.write(c.reportDir());
    return report;
  }

  /** The oracle "model": the true probabilities, unless some row lacked one. */
  private static ScoredModel oracle(float[] truth, int[] labels, String column) {
    if (truth == null) {
      return null;
    }
    for (float t : truth) {
      if (!(t >= 0f && t <= 1f)) {
        return null; // a null or out-of-range truth: not the generator's column
      }
    }
    return new ScoredModel(ORACLE, column, "truth", truth, labels, Double.NaN);
  }

  /** Display names: the bundle directory names, made unique with a suffix. */
  static List<String> names(List<Path> dirs) {
    List<String> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    seen.add(ORACLE); // the oracle row's name is taken
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
}
