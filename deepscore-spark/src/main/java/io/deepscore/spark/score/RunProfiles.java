package io.deepscore.spark.score;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.drift.RunProfile;
import io.deepscore.spark.io.RunInfo;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.io.TaggedRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes, writes and reads the {@link RunProfile} of a score run ({@value RunProfile#FILE} in the
 * scores output, listed in its {@value StagedOutput#RUN_INFO} as {@code profile}).
 *
 * <p>The score histogram is one aggregation over the scores written; the field statistics come from
 * the {@link FeaturePass} (one more pass over the input with the bundle's encoder, no model), one
 * partial profile per partition merged on the driver: computed from data, never from accumulators,
 * so a retried task cannot count twice. A columnar pipeline that encodes once can call {@link
 * RunProfile#addBatch} on its own batches instead.
 */
public final class RunProfiles {

  /** Where a run of several models keeps each model's profile: {@code _models/NAME/}. */
  static final String MODELS_DIR = "_models";

  private static final Logger LOG = LoggerFactory.getLogger(RunProfiles.class);

  private RunProfiles() {}

  /**
   * Computes the profile of a score run from its feature pass and its staged scores (reused ones
   * included), writes it and the features hashes into the staged scores output and names the
   * profile in the run info ({@code profile}).
   */
  static RunProfile writeFor(
      SparkSession spark,
      BundleRef ref,
      Incremental daily,
      StagedOutput scores,
      ScoreSummary summary,
      RunInfo info) {
    long start = System.nanoTime();
    RunProfile profile = new RunProfile(ref.bundle().spec().names());
    for (Row r :
        daily
            .features()
            .filter(functions.col(FeaturePass.PROFILE).isNotNull())
            .select(FeaturePass.PROFILE)
            .collectAsList()) {
      profile.merge(RunProfile.fromJson((byte[]) r.get(0), "a partition's profile"));
    }
    Dataset<Row> written = readParts(spark, scores.stagingPath());
    if (written != null) {
      addScores(profile, written);
    }
    profile.run(summary.bundleId(), summary.rejected(), reasons(summary), summary.audienceSize());
    write(spark.sparkContext().hadoopConfiguration(), scores.stagingPath(), profile);
    daily.writeHashes(scores.stagingPath());
    info.put("profile", RunProfile.FILE);
    LOG.info(
        "deepscore score: run profile and features hashes written in {} s",
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    return profile;
  }

  /**
   * Writes the profiles the scoring pass gathered (a run without {@code --incremental}): each
   * partition's last tagged row carries its partial profile per model ({@link ScoreRows}), which
   * the pass's writer kept in its committed tally ({@link PassFormat}): a retried or speculative
   * task's files replace the failed attempt's, so nothing is counted twice. The features hashes
   * were written by the pass itself. One model: {@value RunProfile#FILE} in the scores output;
   * several: {@code _models/NAME/}{@value RunProfile#FILE} per model. The summary must be the
   * run's.
   *
   * @param profiles per model, the merged partial profiles (null where no row was read)
   */
  static void writeFromPass(
      SparkSession spark,
      ModelSet models,
      RunProfile[] profiles,
      StagedOutput scores,
      ScoreSummary summary,
      RunInfo info) {
    Map<String, Long> reasons = reasons(summary);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    List<String> files = new ArrayList<>();
    for (int m = 0; m < profiles.length; m++) {
      ScoreSummary.ModelCounts c = summary.models().get(m);
      RunProfile p =
          profiles[m] != null ? profiles[m] : new RunProfile(models.ref(m).bundle().spec().names());
      p.run(c.bundleId(), summary.rejected(), reasons, c.audienceSize());
      String dir = models.single() ? "" : MODELS_DIR + "/" + models.name(m);
      write(hadoop, dir.isEmpty() ? scores.stagingPath() : scores.stagingPath() + "/" + dir, p);
      files.add(dir.isEmpty() ? RunProfile.FILE : dir + "/" + RunProfile.FILE);
    }
    info.put("profile", models.single() ? files.get(0) : files);
  }

  private static Map<String, Long> reasons(ScoreSummary summary) {
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (TaggedRows.ReasonCount c : summary.topRejectReasons()) {
      reasons.merge(c.field() + ": " + c.reason(), c.rows(), Long::sum);
    }
    return reasons;
  }

  /**
   * Adds the score histogram of {@code scored} (with the {@value ScoreJob#SCORE_COLUMN} column).
   */
  private static void addScores(RunProfile profile, Dataset<Row> scored) {
    Column score = functions.col(ScoreJob.SCORE_COLUMN);
    Column bin =
        functions
            .when(
                functions.isnan(score).or(functions.abs(score).equalTo(Double.POSITIVE_INFINITY)),
                -1)
            .otherwise(
                functions.least(
                    functions.lit(RunProfile.SCORE_BINS - 1),
                    functions.greatest(
                        functions.lit(0),
                        functions
                            .floor(score.cast("double").multiply(RunProfile.SCORE_BINS))
                            .cast("int"))));
    for (Row r : scored.select(bin.as("bin")).groupBy("bin").count().collectAsList()) {
      int b = r.getInt(0);
      if (b >= 0) {
        profile.addScores(b, r.getLong(1));
      } else {
        profile.addNonFiniteScores(r.getLong(1));
      }
    }
  }

  /**
   * The Parquet part files of a directory, named one by one: Spark's readers skip a root directory
   * whose name starts with '.' or '_' (a staging directory, {@value Incremental#FEATURES_DIR}) with
   * a warning, and a glob logs a stack trace. Null when the directory holds no part file.
   */
  static Dataset<Row> readParts(SparkSession spark, String dir) {
    Path p = new Path(dir);
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      String[] parts =
          java.util.Arrays.stream(fs.listStatus(p, f -> f.getName().startsWith("part-")))
              .map(f -> f.getPath().toString())
              .toArray(String[]::new);
      return parts.length == 0 ? null : spark.read().parquet(parts);
    } catch (IOException e) {
      throw new InvalidInputException("cannot list the Parquet files of " + dir + ": " + e, e);
    }
  }

  /** Writes {@code profile} into an output directory (e.g. a staging one before its commit). */
  static void write(Configuration hadoop, String dir, RunProfile profile) {
    Path file = new Path(dir, RunProfile.FILE);
    try (OutputStream o = file.getFileSystem(hadoop).create(file, true)) {
      o.write(profile.toJson());
    } catch (IOException e) {
      throw new InvalidInputException("cannot write the run profile " + file + ": " + e, e);
    }
  }

  /**
   * Reads the profile of a score output.
   *
   * @throws InvalidInputException if the output has none (not a score output, or written by a
   *     deepscore without profiles) or it cannot be read
   */
  public static RunProfile read(Configuration hadoop, String output) {
    Path file = new Path(output, RunProfile.FILE);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        throw new InvalidInputException(
            "no run profile at "
                + file
                + ": pass the output directory of a 'deepscore score' run (one that wrote "
                + RunProfile.FILE
                + ")");
      }
      try (InputStream in = fs.open(file)) {
        return RunProfile.fromJson(in.readAllBytes(), file.toString());
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read the run profile " + file + ": " + e, e);
    }
  }
}
