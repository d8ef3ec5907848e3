package io.deepscore.spark.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Checks an output location before a job does any work, so a wrong path fails in a second with a
 * message that names it, not after the job ran.
 */
public final class OutputPaths {

  private OutputPaths() {}

  /**
   * Fails unless {@code path} can be written: it must not exist (unless {@code overwrite}), and on
   * a local file system its nearest existing ancestor must be a writable directory.
   *
   * @throws IllegalArgumentException naming the path and the problem
   */
  public static void checkWritable(SparkSession spark, String path, boolean overwrite) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new IllegalArgumentException(
              "output path " + path + " already exists (remove it or pass --overwrite)");
        }
        return;
      }
      if ("file".equals(fs.getScheme())) {
        java.nio.file.Path local = java.nio.file.Path.of(fs.makeQualified(target).toUri());
        java.nio.file.Path ancestor = local.getParent();
        while (ancestor != null && !java.nio.file.Files.exists(ancestor)) {
          ancestor = ancestor.getParent();
        }
        if (ancestor == null
            || !java.nio.file.Files.isDirectory(ancestor)
            || !java.nio.file.Files.isWritable(ancestor)) {
          throw new IllegalArgumentException(
              "cannot write output path "
                  + path
                  + ": "
                  + (ancestor == null
                      ? "no existing parent"
                      : ancestor + " is not a writable directory"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output path " + path + ": " + e.getMessage(), e);
    }
  }

  /** Fails unless {@code path} exists, naming it. */
  public static void checkExists(SparkSession spark, String path, String what) {
    Path p = new Path(path);
    try {
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new IllegalArgumentException(what + " " + path + " does not exist");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + path + ": " + e.getMessage(), e);
    }
  }
}
