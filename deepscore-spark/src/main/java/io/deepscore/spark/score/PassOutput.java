package io.deepscore.spark.score;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.spark.io.StagedOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The driver's half of the scoring pass's one write ({@link PassFormat}): runs the write job into
 * the staged scores output, then sorts what it committed: the rejects files move into the staged
 * rejects output, the features hashes into {@value Incremental#FEATURES_DIR}/, and the tallies are
 * read, merged and deleted. Nothing is persisted and nothing is read twice: the counts are those of
 * the files the job committed, so a retried or speculative task cannot inflate them.
 */
final class PassOutput {
  private PassOutput() {}

  /**
   * Writes the tagged rows {@code tagged} (laid out as {@code layout}) in one Spark job and returns
   * the run's merged tally.
   */
  static PassTally write(
      Dataset<Row> tagged,
      PassFormat.Layout layout,
      StagedOutput scores,
      StagedOutput rejects,
      Configuration hadoop) {
    try {
      tagged
          .write()
          .format(PassFormat.class.getName())
          .options(layout.options())
          .mode(SaveMode.Overwrite)
          .save(scores.stagingPath());
    } catch (RuntimeException e) {
      // Spark reports a failed job while its other tasks are still being killed, and a task being
      // killed can still create files in the staging directory: let them end before it is removed
      awaitNoRunningTasks(tagged.sparkSession().sparkContext());
      throw e;
    }
    Path dir = new Path(scores.stagingPath());
    try {
      FileSystem fs = dir.getFileSystem(hadoop);
      PassTally total = new PassTally(layout.fields(), layout.models());
      Path features = new Path(dir, Incremental.FEATURES_DIR);
      if (layout.profiled()) {
        fs.mkdirs(features);
        fs.create(new Path(features, StagedOutput.SUCCESS), true).close();
      }
      for (FileStatus f : fs.listStatus(dir)) {
        Path p = f.getPath();
        String name = p.getName();
        if (name.startsWith(PassFormat.TALLY)) {
          try (InputStream in = fs.open(p)) {
            PassTally t =
                PassTally.fromBytes(
                    in.readAllBytes(), layout.fields(), layout.models(), p.toString());
            total.merge(t);
          }
          fs.delete(p, false);
        } else if (name.startsWith(PassFormat.REJECTS)) {
          move(fs, p, new Path(rejects.stagingPath()), PassFormat.REJECTS);
        } else if (name.startsWith(PassFormat.FEATURES)) {
          move(fs, p, features, PassFormat.FEATURES);
        }
      }
      return total;
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot sort the scoring pass's output in " + dir + ": " + e, e);
    }
  }

  private static void awaitNoRunningTasks(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty(); // the status tracker learns of tasks from the listener bus
    } catch (TimeoutException e) {
      return; // best effort: the failure being reported matters more
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline
        && Arrays.stream(sc.statusTracker().getExecutorInfos())
                .mapToInt(SparkExecutorInfo::numRunningTasks)
                .sum()
            > 0) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Moves a side file into {@code to}, named as a plain write names its part files. */
  private static void move(FileSystem fs, Path file, Path to, String prefix) throws IOException {
    Path target = new Path(to, file.getName().substring(prefix.length()));
    if (!fs.rename(file, target)) {
      throw new IOException("rename " + file + " -> " + target + " failed");
    }
  }
}
