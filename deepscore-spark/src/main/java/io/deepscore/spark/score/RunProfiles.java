package io.deepscore.spark.score;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.FeatureSpec;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.io.RunInfo;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.io.TaggedRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>The score histogram is one aggregation over the scored rows; the field statistics are one more
 * pass over the input with the bundle's encoder ({@link ProfilePartition}), merged on the driver:
 * computed from data, never from accumulators, so a retried task cannot count twice. The second
 * pass re-reads and re-encodes the input (no model): a columnar pipeline that encodes once can call
 * {@link RunProfile#addBatch} on its own batches instead.
 */
public final class RunProfiles {

  private static final Logger LOG = LoggerFactory.getLogger(RunProfiles.class);

  private RunProfiles() {}

  /**
   * The profile of a run.
   *
   * @param input the conformed input the run scored
   * @param scored the scored rows (with the {@value ScoreJob#SCORE_COLUMN} column), null if none
   */
  static RunProfile compute(
      BundleRef ref,
      Dataset<Row> input,
      RawRowLayout layout,
      int batchSize,
      Dataset<Row> scored,
      ScoreSummary summary) {
    RunProfile profile = new RunProfile(ref.bundle().spec().names());
    for (RunProfile part :
        input.javaRDD().mapPartitions(new ProfilePartition(ref, layout, batchSize)).collect()) {
      profile.merge(part);
    }
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
    List<Row> counts =
        scored == null
            ? List.of()
            : scored.select(bin.as("bin")).groupBy("bin").count().collectAsList();
    for (Row r : counts) {
      int b = r.getInt(0);
      if (b >= 0) {
        profile.addScores(b, r.getLong(1));
      } else {
        profile.addNonFiniteScores(r.getLong(1));
      }
    }
    Map<String, Long> reasons = new LinkedHashMap<>();
    for (TaggedRows.ReasonCount c : summary.topRejectReasons()) {
      reasons.merge(c.field() + ": " + c.reason(), c.rows(), Long::sum);
    }
    return profile.run(summary.bundleId(), summary.rejected(), reasons, summary.audienceSize());
  }

  /**
   * Computes the profile of a score run from its raw input and its staged scores, writes it into
   * the staged scores output and names it in the run info ({@code profile}).
   */
  static RunProfile writeFor(
      SparkSession spark,
      BundleRef ref,
      Dataset<Row> raw,
      int batchSize,
      StagedOutput scores,
      ScoreSummary summary,
      RunInfo info) {
    long start = System.nanoTime();
    FeatureSpec spec = ref.bundle().spec();
    Dataset<Row> input = RawInput.conform(raw, spec, RawInput.describe(raw), false);
    RunProfile profile =
        compute(
            ref,
            input,
            RawRowLayout.of(input.schema(), spec),
            batchSize,
            // the part files by name: the hidden staging directory itself would be warned about
            summary.scored() == 0 ? null : spark.read().parquet(scores.stagingPath() + "/part-*"),
            summary);
    write(spark.sparkContext().hadoopConfiguration(), scores.stagingPath(), profile);
    info.put("profile", RunProfile.FILE);
    LOG.info(
        "deepscore score: run profile written in {} s (one more pass over the input)",
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    return profile;
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
