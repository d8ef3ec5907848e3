package io.deepscore.spark.score;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.features.Reject;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.io.RawInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores raw user records with a model bundle inside the Spark executors.
 *
 * <p>Before any Spark job, on the driver: the bundle is fetched and verified (sha256 of every
 * file), the input schema is checked against the bundle's feature spec, the model is loaded and one
 * dry-run batch of up to {@code batchSize} input rows (a {@code limit}) is scored through the same
 * code path as the executors. A wrong path, a tampered file, corrupt weights or a wrong schema fail
 * in seconds.
 *
 * <p>Then one pass over the input: per partition, rows are encoded into a reused batch and scored
 * ({@link ScoringIterator}), the model loaded once per executor JVM ({@link BundleRef}), one scorer
 * per task closed by a task completion listener. Output: Parquet with the spec's id column, {@value
 * #SCORE_COLUMN} (float probability), {@value #MODEL_VERSION_COLUMN} (bundle id), the pass-through
 * columns and optionally {@value #AUDIENCE_COLUMN}; rejects as JSON lines in {@link
 * FeaturizeJob#REJECTS_SCHEMA}. Counts are derived from the persisted output: rows in = scored +
 * rejected.
 */
public final class ScoreJob {

  /** The probability column. */
  public static final String SCORE_COLUMN = "score";

  /** The bundle id column. */
  public static final String MODEL_VERSION_COLUMN = "model_version";

  /** The optional {@code score >= threshold} column. */
  public static final String AUDIENCE_COLUMN = "audience";

  private static final String REJECT_PREFIX = "_reject_";
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  private ScoreJob() {}

  /**
   * Scores {@code raw} (typically from {@link RawInput#read} with the bundle's spec, or any
   * DataFrame with the spec's columns) and writes the scores and rejects.
   *
   * @throws IllegalArgumentException on a bad schema, output path or configuration, naming it
   * @throws io.deepscore.model.bundle.BundleException on a missing, tampered or unloadable bundle
   */
  public static ScoreSummary run(SparkSession spark, Dataset<Row> raw, ScoreConfig config) {
    long start = System.nanoTime();
    ThreadPlan plan = ThreadPlan.derive(spark.sparkContext(), config.threads());
    OutputPaths.checkWritable(spark, config.output(), config.overwrite());
    OutputPaths.checkWritable(spark, config.rejects(), config.overwrite());
    BundleRef ref = BundleRef.resolve(spark, config.modelUri(), config.bundleCacheDir(), plan);
    FeatureSpec spec = ref.bundle().spec();
    Dataset<Row> input = RawInput.conform(raw, spec, describe(raw), false);
    int[] passIndex = passThroughIndexes(input.schema(), spec, config.passThrough());
    double threshold = config.audience() ? threshold(ref, config) : Double.NaN;

    StructType outSchema = outputSchema(input.schema(), spec, config, passIndex);
    StructType tagged = taggedSchema(outSchema);
    RawRowLayout layout = RawRowLayout.of(input.schema(), spec);
    JobOutput output =
        new JobOutput(
            ref.bundleId(), passIndex, config.audience(), (float) threshold, tagged.size());

    LoadedBundle loaded = ref.load();
    dryRun(ref, loaded, input, layout, config.batchSize(), config.invalidRowPolicy(), output);
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
        input.mapPartitions(fn, Encoders.row(tagged)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long scoringStart = System.nanoTime();
      Column rejectField = functions.col(REJECT_PREFIX + "field");
      SaveMode mode = config.overwrite() ? SaveMode.Overwrite : SaveMode.ErrorIfExists;
      rows.filter(rejectField.isNull())
          .select(columns(outSchema, ""))
          .write()
          .mode(mode)
          .parquet(config.output());
      double scoringSeconds = (System.nanoTime() - scoringStart) / 1e9;
      rows.filter(rejectField.isNotNull())
          .select(columns(FeaturizeJob.REJECTS_SCHEMA, REJECT_PREFIX))
          .write()
          .mode(mode)
          .json(config.rejects());

      Column score = functions.col(SCORE_COLUMN);
      Column nonFinite =
          functions.isnan(score).or(functions.abs(score).equalTo(Double.POSITIVE_INFINITY));
      List<Column> aggs = new ArrayList<>();
      aggs.add(functions.sum(functions.when(nonFinite, 1).otherwise(0)));
      aggs.add(
          config.audience()
              ? functions.sum(functions.when(functions.col(AUDIENCE_COLUMN), 1).otherwise(0))
              : functions.lit(0L));
      long scored = 0;
      long rejected = 0;
      long nonFiniteCount = 0;
      long audience = 0;
      Map<String, Long> byField = new TreeMap<>();
      for (Row r :
          rows.groupBy(rejectField)
              .agg(functions.count(functions.lit(1)), aggs.toArray(new Column[0]))
              .collectAsList()) {
        long n = r.getLong(1);
        if (r.isNullAt(0)) {
          scored += n;
          nonFiniteCount += r.isNullAt(2) ? 0 : ((Number) r.get(2)).longValue();
          audience += r.isNullAt(3) ? 0 : ((Number) r.get(3)).longValue();
        } else {
          rejected += n;
          byField.put(r.getString(0), n);
        }
      }
      ScoringStats.Snapshot latency = stats.value();
      ScoreSummary summary =
          new ScoreSummary(
              ref.bundleId(),
              scored + rejected,
              scored,
              rejected,
              byField,
              nonFiniteCount,
              config.audience() ? audience : -1,
              threshold,
              (System.nanoTime() - start) / 1e9,
              scoringSeconds,
              config.batchSize(),
              plan,
              loaded.engine().toString(),
              latency,
              config.output(),
              config.rejects());
      if (nonFiniteCount > 0) {
        LOG.warn(
            "deepscore: {} scored rows have a NaN or infinite score: check the model's training",
            nonFiniteCount);
      }
      LOG.info("deepscore score finished:\n  {}", String.join("\n  ", summary.lines()));
      return summary;
    } finally {
      rows.unpersist(false);
    }
  }

  /** Names the input in error messages: its file, or how many files. */
  static String describe(Dataset<Row> raw) {
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

  private static StructType taggedSchema(StructType out) {
    List<StructField> fields = new ArrayList<>(Arrays.asList(out.fields()));
    for (StructField f : FeaturizeJob.REJECTS_SCHEMA.fields()) {
      fields.add(DataTypes.createStructField(REJECT_PREFIX + f.name(), f.dataType(), true));
    }
    return DataTypes.createStructType(fields);
  }

  private static Column[] columns(StructType schema, String prefix) {
    Column[] c = new Column[schema.size()];
    for (int i = 0; i < c.length; i++) {
      String name = schema.fields()[i].name();
      c[i] = functions.col(prefix + name).as(name);
    }
    return c;
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

  /**
   * Scores up to {@code batchSize} rows of {@code input} on the driver through the executors' code
   * path; fails if the model cannot score them.
   *
   * @return the dry run's rows (scored and rejected), for tests
   */
  static List<Row> dryRun(
      BundleRef ref,
      LoadedBundle loaded,
      Dataset<Row> input,
      RawRowLayout layout,
      int batchSize,
      InvalidRowPolicy policy,
      ScoringIterator.RowOutput output) {
    List<Row> sample = input.limit(batchSize).collectAsList();
    List<Row> out = new ArrayList<>();
    int scored = 0;
    int nonFinite = 0;
    try (TaskScorers.Lease lease = TaskScorers.acquire(ref, loaded)) {
      Iterator<Row> it =
          new ScoringIterator(
              sample.iterator(),
              layout,
              loaded.encoder(),
              lease.scorer(),
              batchSize,
              policy,
              new ScoringIterator.RowOutput() {
                @Override
                public Row scored(Row in, String id, float score) {
                  return RowFactory.create(id, score);
                }

                @Override
                public Row rejected(Row in, Reject reject) {
                  return RowFactory.create(reject.id(), null, reject.message());
                }
              },
              null);
      while (it.hasNext()) {
        Row r = it.next();
        out.add(r);
        if (r.size() == 2) {
          scored++;
          if (!Float.isFinite(r.getFloat(1))) {
            nonFinite++;
          }
        }
      }
    } catch (DeepScoreException e) {
      throw e.withContext("dry run of model bundle " + ref.bundleId() + " failed: ");
    } catch (RuntimeException e) {
      throw new EngineFailureException(
          "dry run of model bundle " + ref.bundleId() + " failed: " + e.getMessage(), e);
    }
    if (scored > 0 && nonFinite == scored) {
      throw new ModelContractException(
          "dry run of model bundle "
              + ref.bundleId()
              + ": all "
              + scored
              + " scores are NaN or infinite: the weights are corrupt; re-export the bundle");
    }
    if (!sample.isEmpty() && scored == 0) {
      LOG.warn(
          "deepscore: none of the {} dry-run rows could be encoded (all rejected): check the input",
          sample.size());
    }
    LOG.info(
        "deepscore dry run: {} rows, {} scored, {} non-finite", sample.size(), scored, nonFinite);
    return out;
  }

  /** Output rows of the job: the output columns, then the rejects columns (tagged). */
  private static final class JobOutput implements ScoringIterator.RowOutput {
    private static final long serialVersionUID = 1L;

    private final String modelVersion;
    private final int[] passIndex;
    private final boolean audience;
    private final float threshold;
    private final int width;

    JobOutput(String modelVersion, int[] passIndex, boolean audience, float threshold, int width) {
      this.modelVersion = modelVersion;
      this.passIndex = passIndex;
      this.audience = audience;
      this.threshold = threshold;
      this.width = width;
    }

    @Override
    public Row scored(Row input, String id, float score) {
      Object[] out = new Object[width];
      int c = 0;
      out[c++] = id;
      out[c++] = score;
      out[c++] = modelVersion;
      for (int i : passIndex) {
        out[c++] = input.get(i);
      }
      if (audience) {
        // compared as float: the score is a float, so the same rows pass in any reader
        out[c] = score >= threshold;
      }
      return RowFactory.create(out);
    }

    @Override
    public Row rejected(Row input, Reject r) {
      Object[] out = new Object[width];
      r.writeTo(out, width - FeaturizeJob.REJECTS_SCHEMA.size());
      return RowFactory.create(out);
    }
  }
}
