package io.deepscore.spark.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.FeatureSpec;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.partition.RawRowLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily additions to a score run (issue 15), kept out of the scoring pass so they move with it
 * unchanged: the {@link FeaturePass} (features hash per user and the run profile, one read of the
 * input without the model), the features hashes stored in the scores output ({@value
 * #FEATURES_DIR}: id, features_hash) and, with {@code --incremental PREVIOUS}, the reuse of the
 * previous run's scores.
 *
 * <p>A user is reused when the previous output (same bundle id, from its {@value RunProfile#FILE})
 * has a score for the id and the same features hash: the same encoded features through the same
 * model give the same score, so only new and changed users (and rows that will be rejected) go to
 * the model. Their output rows are built from today's input (pass-through columns, audience with
 * today's threshold) and yesterday's score. A bundle change, or a previous output without hashes,
 * means a full run. Ids are assumed unique per input, as the scores output assumes them.
 */
final class Incremental implements AutoCloseable {

  /** The features hashes inside a scores output (ignored by readers of the scores). */
  static final String FEATURES_DIR = "_features";

  private static final Logger LOG = LoggerFactory.getLogger(Incremental.class);

  private final Dataset<Row> features;
  private final Dataset<Row> reused;
  private final String idColumn;
  private long reusedCount = -1;

  private Incremental(Dataset<Row> features, Dataset<Row> reused, String idColumn) {
    this.features = features;
    this.reused = reused;
    this.idColumn = idColumn;
  }

  /**
   * Plans the feature pass over {@code raw} (lazy: nothing runs before the scoring pass needs it;
   * persisted until {@link #close}) and, when {@code previous} is set and was scored with the same
   * bundle, the users whose score is reused. Reads only the previous run's profile here.
   */
  static Incremental start(
      SparkSession spark, BundleRef ref, Dataset<Row> raw, int batchSize, String previous) {
    FeatureSpec spec = ref.bundle().spec();
    Dataset<Row> input = RawInput.conform(raw, spec, RawInput.describe(raw), false);
    RawRowLayout layout = RawRowLayout.of(input.schema(), spec);
    Dataset<Row> features =
        input
            .mapPartitions(
                new FeaturePass(ref, layout, batchSize), Encoders.row(FeaturePass.SCHEMA))
            .persist(StorageLevel.MEMORY_AND_DISK());
    String id = ref.bundle().spec().idColumn();
    if (previous == null) {
      return new Incremental(features, null, id);
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunProfile before = RunProfiles.read(hadoop, previous);
    if (!before.bundleId().equals(ref.bundleId())) {
      LOG.warn(
          "deepscore score --incremental: {} was scored with bundle {}, this run uses {}: every"
              + " user is scored",
          previous,
          before.bundleId(),
          ref.bundleId());
      return new Incremental(features, null, id);
    }
    Dataset<Row> oldHashes = RunProfiles.readParts(spark, previous + "/" + FEATURES_DIR);
    if (oldHashes == null) {
      LOG.warn(
          "deepscore score --incremental: {} has no features hashes ({}): every user is scored",
          previous,
          FEATURES_DIR);
      return new Incremental(features, null, id);
    }
    Dataset<Row> oldScores =
        spark
            .read()
            .parquet(previous)
            .select(col(id).as(FeaturePass.ID), col(ScoreJob.SCORE_COLUMN));
    Dataset<Row> reused =
        features
            .filter(col(FeaturePass.ID).isNotNull())
            .select(FeaturePass.ID, FeaturePass.HASH)
            .join(oldHashes, List.of(FeaturePass.ID, FeaturePass.HASH).toArray(String[]::new))
            .join(oldScores, FeaturePass.ID)
            .select(col(FeaturePass.ID), col(ScoreJob.SCORE_COLUMN))
            .persist(StorageLevel.MEMORY_AND_DISK());
    return new Incremental(features, reused, id);
  }

  /** No feature pass and no reuse: a run of several models (no profile, no hashes yet). */
  static Incremental none() {
    return new Incremental(null, null, null);
  }

  /** The feature pass's rows (ids, hashes and the partial profiles). */
  Dataset<Row> features() {
    return features;
  }

  /** Users whose score is reused (counted on first call). */
  long reusedCount() {
    if (reusedCount < 0) {
      reusedCount = reused == null ? 0 : reused.count();
    }
    return reusedCount;
  }

  /** Reused users whose score is at or above {@code threshold} (compared as float). */
  long reusedAudience(float threshold) {
    if (reusedCount() == 0) {
      return 0;
    }
    return reused.filter(col(ScoreJob.SCORE_COLUMN).geq(lit(threshold))).count();
  }

  /** The input rows that go through the model: all of them, less the reused users. */
  Dataset<Row> toScore(Dataset<Row> input) {
    if (reused == null) {
      return input;
    }
    return input.join(
        reused.select(col(FeaturePass.ID)),
        input.col(idColumn).equalTo(reused.col(FeaturePass.ID)),
        "left_anti");
  }

  /**
   * Appends the reused users' output rows to the scores written at {@code path}, in {@code
   * schema}'s columns: id, yesterday's score, today's bundle id, today's pass-through columns and
   * audience ({@code score >= threshold}, compared as float as the scoring pass does).
   */
  void appendReused(
      Dataset<Row> input, StructType schema, String bundleId, float threshold, String path) {
    if (reusedCount() == 0) {
      return;
    }
    Dataset<Row> joined =
        input.join(reused, input.col(idColumn).equalTo(reused.col(FeaturePass.ID)));
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      String name = f.name();
      Column c;
      if (name.equals(ScoreJob.SCORE_COLUMN)) {
        c = reused.col(ScoreJob.SCORE_COLUMN);
      } else if (name.equals(ScoreJob.MODEL_VERSION_COLUMN)) {
        c = lit(bundleId);
      } else if (name.equals(ScoreJob.AUDIENCE_COLUMN)) {
        c = reused.col(ScoreJob.SCORE_COLUMN).geq(lit(threshold));
      } else {
        c = input.col(name);
      }
      cols.add(c.cast(f.dataType()).as(name));
    }
    joined.select(cols.toArray(Column[]::new)).write().mode(SaveMode.Append).parquet(path);
  }

  /** Writes the features hashes (id, features_hash) into the scores output at {@code path}. */
  void writeHashes(String path) {
    features
        .filter(col(FeaturePass.ID).isNotNull())
        .select(FeaturePass.ID, FeaturePass.HASH)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path + "/" + FEATURES_DIR);
  }

  /** Releases the persisted datasets. */
  @Override
  public void close() {
    if (features != null) {
      features.unpersist(false);
    }
    if (reused != null) {
      reused.unpersist(false);
    }
  }
}
