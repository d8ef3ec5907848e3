package io.deepscore.spark.score;

import static java.util.stream.Collectors.joining;

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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores raw user records with a model bundle inside the Spark executors.
 *
 * <p>Before any Spark job, on the driver: the output paths are checked (their staging directories
 * created), the bundle the user gave is verified against its manifest (sha256 of every file), the
 * input schema is checked against the bundle's feature spec and the model is loaded. A wrong path,
 * a tampered file, corrupt weights or a wrong schema fail in seconds.
 *
 * <p>Then one Spark job, one pass over the input: per partition, rows are encoded into a reused
 * batch and scored ({@link io.deepscore.spark.partition.PartitionPipeline}), the model loaded once
 * per executor JVM ({@link BundleRef}), one scorer per task closed by a task completion listener,
 * each scorer checking the first batch it scores ({@link FirstBatchCheck}: the dry run). The pass's
 * rows are written by one Spark write ({@link PassFormat}, {@link PassOutput}): Parquet with the
 * spec's id column, {@value #SCORE_COLUMN} (float probability), {@value #MODEL_VERSION_COLUMN}
 * (bundle id), the pass-through columns and optionally {@value #AUDIENCE_COLUMN}; rejects as JSON
 * lines in {@link TaggedRows#REJECTS_SCHEMA}; the features hashes; and per file a tally of its
 * rows. Both outputs are published all or nothing ({@link StagedOutput}) and carry {@value
 * StagedOutput#RUN_INFO}. Counts are those of the committed files, never of accumulators: rows in =
 * scored + rejected, and a retried or speculative task cannot inflate them. Nothing is persisted.
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
    return run(spark, (List<BundleRef>) null, raw, config);
  }

  /**
   * Same as {@link #run(SparkSession, Dataset, ScoreConfig)} with the bundle already resolved (and
   * so verified) by the caller for {@code config}'s model URI, e.g. to read the input with its
   * spec; null resolves it here.
   */
  public static ScoreSummary run(
      SparkSession spark, BundleRef resolved, Dataset<Row> raw, ScoreConfig config) {
    return run(spark, resolved == null ? null : List.of(resolved), raw, config);
  }

  /**
   * Same as {@link #run(SparkSession, Dataset, ScoreConfig)} with the bundles already resolved (and
   * so verified) by the caller for {@code config}'s model URIs, in their order; null resolves them
   * here. With several bundles, rows are read once and encoded once per distinct spec and
   * vocabularies, and the output has one score column per bundle ({@link ModelSet}).
   */
  public static ScoreSummary run(
      SparkSession spark, List<BundleRef> resolved, Dataset<Row> raw, ScoreConfig config) {
    List<String> uris = config.modelUris();
    if (resolved != null && !resolved.stream().map(BundleRef::uri).toList().equals(uris)) {
      throw new IllegalArgumentException(
          "the resolved bundles " + resolved + " are not the config's " + uris);
    }
    long start = System.nanoTime();
    RunInfo info = RunInfo.start("score", config.input() != null ? config.input() : describe(raw));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (StagedOutput scores =
            StagedOutput.prepare(hadoop, config.output(), config.overwrite(), info.runId());
        StagedOutput rejects =
            StagedOutput.prepare(hadoop, config.rejects(), config.overwrite(), info.runId())) {
      ThreadPlan plan = ThreadPlan.derive(spark.sparkContext(), config.threads());
      List<BundleRef> refs = new ArrayList<>();
      for (int m = 0; m < uris.size(); m++) {
        refs.add(
            resolved != null
                ? resolved.get(m).withThreads(plan)
                : BundleRef.resolve(spark, uris.get(m), config.bundleCacheDir(), plan));
      }
      ModelSet models = ModelSet.of(refs);
      // daily (issue 15): the run profile and features hashes come from the scoring pass; only
      // --incremental needs the hashes before it, from a feature pass, with the reused users
      boolean incremental = config.incremental() != null;
      ScoreSummary summary;
      try (Incremental daily =
          incremental
              ? Incremental.start(spark, refs.get(0), raw, config.batchSize(), config.incremental())
              : Incremental.none()) {
        summary = score(spark, models, plan, raw, config, scores, rejects, info, start, daily);
        if (incremental) {
          RunProfiles.writeFor(spark, refs.get(0), daily, scores, summary, info);
        }
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
      ModelSet models,
      ThreadPlan plan,
      Dataset<Row> raw,
      ScoreConfig config,
      StagedOutput scores,
      StagedOutput rejects,
      RunInfo info,
      long start,
      Incremental daily) {
    FeatureSpec spec = models.spec(0);
    Dataset<Row> input = raw;
    for (int g = 0; g < models.groupCount(); g++) {
      input = RawInput.conform(input, models.spec(g), describe(raw), false);
    }
    models.checkColumns(spec.idColumn(), config.passThrough(), config.audience());
    int[] passIndex = passThroughIndexes(input.schema(), spec, config.passThrough());
    int n = models.size();
    double[] thresholds = new double[n];
    String[] versions = new String[n];
    for (int m = 0; m < n; m++) {
      thresholds[m] = config.audience() ? threshold(models.ref(m), config) : Double.NaN;
      versions[m] = models.ref(m).bundleId();
    }

    StructType outSchema = outputSchema(input.schema(), models, spec, config, passIndex);
    ModelSet profiled = config.incremental() == null ? models : null; // profile in the pass
    TaggedRows tagged =
        new TaggedRows(ScoreRows.internalSchema(outSchema, profiled), spec.fieldCount());
    RawRowLayout[] layouts = models.layouts(input.schema());
    DataType[] passTypes = new DataType[passIndex.length];
    for (int k = 0; k < passIndex.length; k++) {
      passTypes[k] = input.schema().fields()[passIndex[k]].dataType();
    }
    ScoreRows output =
        new ScoreRows(
            tagged,
            layouts[0],
            versions,
            passIndex,
            passTypes,
            config.audience(),
            floats(thresholds),
            profiled);

    LoadedBundle[] loaded = models.load();
    String engines =
        Arrays.stream(loaded).map(LoadedBundle::engine).distinct().collect(joining("; "));
    Timeline.mark("models loaded on the driver (engine " + engines + ")");
    logDecisions(models, engines, plan, config, thresholds);

    ScoringStats stats = new ScoringStats();
    spark.sparkContext().register(stats, "deepscore batch latency");
    // the dry run is the pass's first batch: each task's scorers check it (FirstBatchCheck)
    ScorePartition fn =
        new ScorePartition(
                models, layouts, config.batchSize(), config.invalidRowPolicy(), output, stats)
            .checkingFirstBatches();
    Dataset<Row> rows =
        InternalRows.mapPartitions(
            daily.toScore(input), tagged.schema(), fn); // daily: without the reused users
    long scoringStart = System.nanoTime();
    // one job: scores, rejects, features hashes and each file's tally, all committed together
    PassFormat.Layout layout =
        new PassFormat.Layout(
            outSchema.size(), n, config.audience(), profiled != null, spec.fieldCount());
    PassTally tally =
        PassOutput.write(rows, layout, scores, rejects, spark.sparkContext().hadoopConfiguration());
    // daily: only with one model (ScoreConfig refuses --incremental with several)
    daily.appendReused(input, outSchema, versions[0], (float) thresholds[0], scores.stagingPath());
    double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
    Timeline.mark("scores, rejects and counts written (the scoring pass)");
    TaggedRows.Counts counts = tally.counts(spec.names());
    long nonFiniteCount = 0;
    List<ScoreSummary.ModelCounts> perModel = new ArrayList<>();
    for (int m = 0; m < n; m++) {
      long nonFinite = counts.extras()[2 * m];
      nonFiniteCount += nonFinite;
      perModel.add(
          new ScoreSummary.ModelCounts(
              models.name(m),
              versions[m],
              loaded[m].engine(),
              nonFinite,
              config.audience()
                  ? counts.extras()[2 * m + 1] + daily.reusedAudience((float) thresholds[m])
                  : -1,
              config.audience() ? thresholds[m] : Double.NaN));
    }
    if (nonFiniteCount > 0) {
      LOG.warn(
          "deepscore: {} scores are NaN or infinite: check the models' training", nonFiniteCount);
    }
    ScoreSummary.ModelCounts only = perModel.get(0);
    ScoreSummary summary =
        new ScoreSummary(
            String.join(",", versions),
            counts.rowsIn() + daily.reusedCount(), // daily: reused rows are input and scored
            counts.accepted() + daily.reusedCount(),
            counts.rejected(),
            counts.rejectedByField(),
            nonFiniteCount,
            models.single() ? only.audienceSize() : -1,
            models.single() ? only.threshold() : Double.NaN,
            (System.nanoTime() - start) / 1e9,
            scoringSeconds,
            config.batchSize(),
            plan,
            engines,
            stats.value(),
            config.output(),
            config.rejects(),
            (String) info.fields().get("input"),
            counts.nullsByField(),
            counts.topReasons(),
            config.maxRejectFraction(),
            info.runId(),
            daily.reusedCount(),
            perModel);
    if (profiled != null) {
      RunProfiles.writeFromPass(spark, profiled, tally.profiles, scores, summary, info);
      Timeline.mark("run profile written (from the scoring pass)");
    }
    return summary;
  }

  /** The audience compares float scores with float thresholds, so any reader finds the same. */
  private static float[] floats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** A column by its exact name (bundle names may hold dots). */
  static Column column(String name) {
    return functions.col("`" + name.replace("`", "``") + "`");
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

  /**
   * The output schema: id, every model's score, every model's version, pass-through columns, every
   * model's audience (one model: id, score, model_version, pass-through, audience).
   */
  static StructType outputSchema(
      StructType input, ModelSet models, FeatureSpec spec, ScoreConfig config, int[] passIndex) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(spec.idColumn(), DataTypes.StringType, true));
    for (int m = 0; m < models.size(); m++) {
      fields.add(DataTypes.createStructField(models.scoreColumn(m), DataTypes.FloatType, true));
    }
    for (int m = 0; m < models.size(); m++) {
      fields.add(DataTypes.createStructField(models.versionColumn(m), DataTypes.StringType, true));
    }
    for (int i : passIndex) {
      StructField f = input.fields()[i];
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    for (int m = 0; config.audience() && m < models.size(); m++) {
      fields.add(
          DataTypes.createStructField(models.audienceColumn(m), DataTypes.BooleanType, true));
    }
    return DataTypes.createStructType(fields);
  }

  private static void logDecisions(
      ModelSet models, String engines, ThreadPlan plan, ScoreConfig config, double[] thresholds) {
    Map<String, String> malloc = new LinkedHashMap<>();
    System.getenv()
        .forEach(
            (k, v) -> {
              if (k.startsWith("MALLOC_")) {
                malloc.put(k, v);
              }
            });
    LOG.info(
        "deepscore score: bundles {} (from {}), batch size {}, {}, driver engine [{}],"
            + " OMP_NUM_THREADS={} (Spark exports spark.task.cpus to executors unless set),"
            + " allocator env {}{}, invalid rows: {}, pass-through {}, audience {}",
        models.refs().stream().map(BundleRef::bundleId).toList(),
        models.refs().stream().map(BundleRef::uri).toList(),
        config.batchSize(),
        plan,
        engines,
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
        malloc.isEmpty() ? "{}" : malloc,
        malloc.isEmpty()
            ? " (unset: glibc may return and re-fault libtorch's batch buffers; see"
                + " docs/scoring.md)"
            : "",
        config.invalidRowPolicy().id(),
        config.passThrough(),
        config.audience() ? "thresholds " + Arrays.toString(thresholds) : "off");
  }
}
