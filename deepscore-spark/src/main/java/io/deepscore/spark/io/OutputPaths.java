package io.deepscore.spark.io;

import io.deepscore.errors.InvalidInputException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Checks an output location before a job does any work, so a wrong path fails in a second with a
 * message that names it, not after the job ran. Jobs that write through a {@link StagedOutput} get
 * the same check from {@link StagedOutput#prepare}.
 */
public final class OutputPaths {

  private OutputPaths() {}

  /**
   * Fails unless {@code path} can be written: it must not exist (unless {@code overwrite}), and a
   * directory can really be created next to it (a probe, created and removed again: permission bits
   * say nothing about {@code /proc} or a read-only mount).
   *
   * @throws InvalidInputException naming the path and the problem
   */
  public static void checkWritable(SparkSession spark, String path, boolean overwrite) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new InvalidInputException(
              "output path " + path + " already exists (remove it or pass --overwrite)");
        }
        return;
      }
      Path parent = fs.makeQualified(target).getParent();
      if (parent == null) {
        throw new InvalidInputException("output path " + path + " is a root directory");
      }
      Path ancestor = parent;
      while (ancestor != null && !fs.exists(ancestor)) {
        ancestor = ancestor.getParent();
      }
      if (ancestor == null || !fs.getFileStatus(ancestor).isDirectory()) {
        throw new InvalidInputException(
            "cannot write output path "
                + path
                + ": "
                + (ancestor == null ? "no existing parent" : ancestor + " is not a directory"));
      }
      Path probe = new Path(ancestor, ".deepscore-probe-" + UUID.randomUUID());
      boolean made;
      try {
        made = fs.mkdirs(probe);
      } catch (IOException e) {
        made = false;
      }
      if (!made) {
        throw new InvalidInputException(
            "cannot write output path " + path + ": " + ancestor + " is not a writable directory");
      }
      fs.delete(probe, true);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot check output path " + path + ": " + e.getMessage(), e);
    }
  }

  /** Fails unless {@code path} exists, naming it. */
  public static void checkExists(SparkSession spark, String path, String what) {
    Path p = new Path(path);
    try {
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new InvalidInputException(what + " " + path + " does not exist");
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot read " + what + " " + path + ": " + e.getMessage(), e);
    }
  }
}
