package io.deepscore.spark.score;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.spark.Timeline;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.io.ReadFailures;
import io.deepscore.spark.io.RunInfo;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.io.TaggedRows;
import io.deepscore.spark.io.TooManyRejectsException;
import io.deepscore.spark.partition.InternalRows;
import io.deepscore.spark.partition.RawRowLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores raw user records with a model bundle inside the Spark executors.
 *
 * <p>Before any Spark job, on the driver: the output paths are checked (their staging directories
 * created), the bundle the user gave is verified against its manifest (sha256 of every file), the
 * input schema is checked against the bundle's feature spec, the model is loaded and one dry-run
 * batch of up to {@code batchSize} input rows (a {@code limit}) is scored through the same code
 * path as the executors. A wrong path, a tampered file, corrupt weights or a wrong schema fail in
 * seconds.
 *
 * <p>Then one pass over the input: per partition, rows are encoded into a reused batch and scored
 * ({@link io.deepscore.spark.partition.PartitionPipeline}), the model loaded once per executor JVM
 * ({@link BundleRef}), one scorer per task closed by a task completion listener. Output: Parquet
 * with the spec's id column, {@value #SCORE_COLUMN} (float probability), {@value
 * #MODEL_VERSION_COLUMN} (bundle id), the pass-through columns and optionally {@value
 * #AUDIENCE_COLUMN}; rejects as JSON lines in {@link TaggedRows#REJECTS_SCHEMA}. Both are written
 * all or nothing ({@link StagedOutput}) and carry {@value StagedOutput#RUN_INFO}. Counts are
 * derived from the persisted output, never from accumulators: rows in = scored + rejected, and a
 * retried task cannot inflate them.
 */
public final class ScoreJob {

  /** The probability column. */
  public static final String SCORE_COLUMN = "score";

  /** The bundle id column. */
  public static final String MODEL_VERSION_COLUMN = "model_version";

  /** The optional {@code score >= threshold} column. */
  public static final String AUDIENCE_COLUMN = "audience";

  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  private ScoreJob() {}

  /**
   * Scores {@code raw} (typically from {@link RawInput#read} with the bundle's spec, or any
   * DataFrame with the spec's columns) and writes the scores and rejects, each all or nothing
   * ({@link StagedOutput}) with {@value StagedOutput#SUCCESS} and {@value StagedOutput#RUN_INFO}.
   *
   * @throws io.deepscore.errors.InvalidInputException on a bad schema, output path, unreadable
   *     input file or configuration, naming it
   * @throws io.deepscore.model.bundle.BundleException on a missing, damaged or unloadable bundle
   * @throws TooManyRejectsException after writing, when the run rejected every row or more than the
   *     configured fraction (it carries the summary)
   */
  public static ScoreSummary run(SparkSession spark, Dataset<Row> raw, ScoreConfig config) {
    return run(spark, null, raw, config);
  }

  /**
   * Same as {@link #run(SparkSession, Dataset, ScoreConfig)} with the bundle already resolved (and
   * so verified) by the caller for {@code config}'s model URI, e.g. to read the input with its
   * spec; null resolves it here.
   */
  public static ScoreSummary run(
      SparkSession spark, BundleRef resolved, Dataset<Row> raw, ScoreConfig config) {
    if (resolved != null && !resolved.uri().equals(config.modelUri())) {
      throw new IllegalArgumentException(
          "the resolved bundle " + resolved + " is not the config's " + config.modelUri());
    }
    long start = System.nanoTime();
    RunInfo info = RunInfo.start("score", config.input() != null ? config.input() : describe(raw));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (StagedOutput scores =
            StagedOutput.prepare(hadoop, config.output(), config.overwrite(), info.runId());
        StagedOutput rejects =
            StagedOutput.prepare(hadoop, config.rejects(), config.overwrite(), info.runId())) {
      ThreadPlan plan = ThreadPlan.derive(spark.sparkContext(), config.threads());
      BundleRef ref =
          resolved != null
              ? resolved.withThreads(plan)
              : BundleRef.resolve(spark, config.modelUri(), config.bundleCacheDir(), plan);
      // daily (issue 15): the feature pass (profile, hashes) and --incremental's reused users
      ScoreSummary summary;
      try (Incremental daily =
          Incremental.start(spark, ref, raw, config.batchSize(), config.incremental())) {
        summary = score(spark, ref, plan, raw, config, scores, rejects, info, start, daily);
        RunProfiles.writeFor(spark, ref, daily, scores, summary, info);
      }
      byte[] json =
          summary
              .describe(info)
              .put("outputs", RunInfo.outputs("scores", scores, "rejects", rejects))
              .toJson(Instant.now());
      rejects.commit(json);
      scores.commit(json);
      LOG.info("deepscore score finished:\n  {}", String.join("\n  ", summary.lines()));
      TooManyRejectsException.check(
          summary.rowsIn(),
          summary.rejected(),
          config.maxRejectFraction(),
          config.rejects(),
          summary.lines());
      return summary;
    } catch (Exception e) {
      throw ReadFailures.rethrow(e);
    }
  }

  private static ScoreSummary score(
      SparkSession spark,
      BundleRef ref,
      ThreadPlan plan,
      Dataset<Row> raw,
      ScoreConfig config,
      StagedOutput scores,
      StagedOutput rejects,
      RunInfo info,
      long start,
      Incremental daily) {
    FeatureSpec spec = ref.bundle().spec();
    Dataset<Row> input = RawInput.conform(raw, spec, describe(raw), false);
    int[] passIndex = passThroughIndexes(input.schema(), spec, config.passThrough());
    double threshold = config.audience() ? threshold(ref, config) : Double.NaN;

    StructType outSchema = outputSchema(input.schema(), spec, config, passIndex);
    TaggedRows tagged = new TaggedRows(outSchema, spec.fieldCount());
    RawRowLayout layout = RawRowLayout.of(input.schema(), spec);
    DataType[] passTypes = new DataType[passIndex.length];
    for (int k = 0; k < passIndex.length; k++) {
      passTypes[k] = input.schema().fields()[passIndex[k]].dataType();
    }
    ScoreRows output =
        new ScoreRows(
            tagged,
            layout,
            ref.bundleId(),
            passIndex,
            passTypes,
            config.audience(),
            (float) threshold);

    LoadedBundle loaded = ref.load();
    Timeline.mark("model loaded on the driver (engine " + loaded.engine() + ")");
    DryRun.run(ref, loaded, input, layout, config.batchSize(), config.invalidRowPolicy());
    Timeline.mark("dry run done");
    // The dry run's Spark job needed executors: on a cluster they have registered now, so the plan
    // sees their real cores.
    plan = ThreadPlan.derive(spark.sparkContext(), config.threads());
    ref = ref.withThreads(plan);
    logDecisions(ref, loaded, plan, config, threshold);

    ScoringStats stats = new ScoringStats();
    spark.sparkContext().register(stats, "deepscore batch latency");
    ScorePartition fn =
        new ScorePartition(
            ref, layout, config.batchSize(), config.invalidRowPolicy(), output, stats);
    Dataset<Row> rows =
        InternalRows.mapPartitions(
                daily.toScore(input), tagged.schema(), fn) // daily: without the reused users
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long scoringStart = System.nanoTime();
      tagged.accepted(rows).write().mode(SaveMode.Overwrite).parquet(scores.stagingPath());
      daily.appendReused(input, outSchema, ref.bundleId(), (float) threshold, scores.stagingPath());
      double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
      Timeline.mark("scores written (the scoring pass)");
      tagged.rejects(rows).write().mode(SaveMode.Overwrite).json(rejects.stagingPath());

      Column score = functions.col(SCORE_COLUMN);
      Column nonFinite =
          functions.isnan(score).or(functions.abs(score).equalTo(Double.POSITIVE_INFINITY));
      TaggedRows.Counts counts =
          TaggedRows.count(
              rows,
              spec.names(),
              functions.when(nonFinite, 1).otherwise(0),
              config.audience()
                  ? functions.when(functions.col(AUDIENCE_COLUMN), 1).otherwise(0)
                  : functions.lit(0));
      Timeline.mark("rejects written and rows counted");
      long nonFiniteCount = counts.extras()[0];
      if (nonFiniteCount > 0) {
        LOG.warn(
            "deepscore: {} scored rows have a NaN or infinite score: check the model's training",
            nonFiniteCount);
      }
      return new ScoreSummary(
          ref.bundleId(),
          counts.rowsIn() + daily.reusedCount(), // daily: reused rows are input and scored
          counts.accepted() + daily.reusedCount(),
          counts.rejected(),
          counts.rejectedByField(),
          nonFiniteCount,
          config.audience() ? counts.extras()[1] + daily.reusedAudience((float) threshold) : -1,
          threshold,
          (System.nanoTime() - start) / 1e9,
          scoringSeconds,
          config.batchSize(),
          plan,
          loaded.engine().toString(),
          stats.value(),
          config.output(),
          config.rejects(),
          (String) info.fields().get("input"),
          counts.nullsByField(),
          counts.topReasons(),
          config.maxRejectFraction(),
          info.runId(),
          daily.reusedCount());
    } finally {
      rows.unpersist(false);
    }
  }

  /** Names the input in error messages: its file, or how many files. */
  static String describe(Dataset<Row> raw) {
    return RawInput.describe(raw);
  }

  private static double threshold(BundleRef ref, ScoreConfig config) {
    if (config.threshold().isPresent()) {
      return config.threshold().getAsDouble();
    }
    BundleThreshold t = ref.bundle().manifest().threshold();
    if (t == null) {
      throw new InvalidInputException(
          "bundle "
              + ref.bundleId()
              + " has no decision threshold: pass one for the audience (--threshold)");
    }
    return t.threshold();
  }

  private static int[] passThroughIndexes(
      StructType schema, FeatureSpec spec, List<String> columns) {
    int[] idx = new int[columns.size()];
    List<String> names = Arrays.asList(schema.fieldNames());
    for (int i = 0; i < idx.length; i++) {
      String c = columns.get(i);
      if (c.equals(spec.idColumn())) {
        throw new IllegalArgumentException(
            "pass-through column '" + c + "' is the id column, which is always written");
      }
      idx[i] = names.indexOf(c);
      if (idx[i] < 0) {
        throw new IllegalArgumentException(
            "pass-through column '" + c + "' not found in the input; its columns are " + names);
      }
    }
    return idx;
  }

  /** The output schema: id, score, model_version, pass-through columns, audience. */
  static StructType outputSchema(
      StructType input, FeatureSpec spec, ScoreConfig config, int[] passIndex) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(spec.idColumn(), DataTypes.StringType, true));
    fields.add(DataTypes.createStructField(SCORE_COLUMN, DataTypes.FloatType, true));
    fields.add(DataTypes.createStructField(MODEL_VERSION_COLUMN, DataTypes.StringType, true));
    for (int i : passIndex) {
      StructField f = input.fields()[i];
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    if (config.audience()) {
      fields.add(DataTypes.createStructField(AUDIENCE_COLUMN, DataTypes.BooleanType, true));
    }
    return DataTypes.createStructType(fields);
  }

  private static void logDecisions(
      BundleRef ref, LoadedBundle loaded, ThreadPlan plan, ScoreConfig config, double threshold) {
    Map<String, String> malloc = new LinkedHashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("MALLOC_")) {
                malloc.put(k, v);
              }
            });
    LOG.info(
        "deepscore score: bundle {} (from {}), batch size {}, {}, driver engine [{}],"
            + " OMP_NUM_THREADS={} (Spark exports spark.task.cpus to executors unless set),"
            + " allocator env {}{}, invalid rows: {}, pass-through {}, audience {}",
        ref.bundleId(),
        ref.uri(),
        config.batchSize(),
        plan,
        loaded.engine(),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
        malloc.isEmpty() ? "{}" : malloc,
        malloc.isEmpty()
            ? " (unset: glibc may return and re-fault libtorch's batch buffers; see"
                + " docs/scoring.md)"
            : "",
        config.invalidRowPolicy().id(),
        config.passThrough(),
        config.audience() ? "threshold " + threshold : "off");
  }
}
