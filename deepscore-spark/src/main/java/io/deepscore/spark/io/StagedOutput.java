package io.deepscore.spark.io;

import io.deepscore.errors.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One output directory written all or nothing: a job writes into a hidden staging sibling ({@code
 * .<name>.deepscore-<run id>}), then {@link #commit} renames it into place. A failed or killed job
 * leaves the previous complete output (or none), never a partial one that looks complete; a killed
 * driver can leave the hidden staging directory behind (safe to delete; readers skip names starting
 * with a dot).
 *
 * <p>A committed output holds {@value #SUCCESS} and {@value #RUN_INFO} (written last, by {@link
 * #commit}). An existing output is refused unless {@code overwrite}; with {@code overwrite} only a
 * previous output (a directory holding {@value #SUCCESS} or {@value #RUN_INFO}, or an empty one) is
 * replaced, so a mistyped {@code --out} cannot delete unrelated data. The replacement is two
 * renames (old aside, new in place): a kill between them leaves no output and the previous one
 * under a hidden name.
 *
 * <p>Not thread-safe; one per output per run. Works on any Hadoop file system; where rename is not
 * atomic (object stores such as S3) the commit is only as atomic as the store's rename.
 */
public final class StagedOutput implements AutoCloseable {

  /** The completion marker Hadoop's committers write (and {@link #commit} ensures). */
  public static final String SUCCESS = "_SUCCESS";

  /** The run's description, written last: see docs/scoring.md. */
  public static final String RUN_INFO = "_deepscore.json";

  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);

  private final FileSystem fs;
  private final String given;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;
  private final String runId;
  private boolean finished;

  private StagedOutput(FileSystem fs, String given, Path target, boolean overwrite, String runId) {
    this.fs = fs;
    this.given = given;
    this.target = target;
    this.staging = sibling(target, runId);
    this.overwrite = overwrite;
    this.runId = runId;
  }

  private static Path sibling(Path target, String tag) {
    return new Path(target.getParent(), "." + target.getName() + ".deepscore-" + tag);
  }

  /**
   * Checks that {@code path} may be written and creates its staging directory (so an unwritable
   * location, e.g. under {@code /proc} or a read-only mount, fails here, before any work).
   *
   * @param runId a short id unique to the run (names the staging directory)
   * @throws InvalidInputException naming the path and the problem
   */
  public static StagedOutput prepare(
      Configuration hadoop, String path, boolean overwrite, String runId) {
    Path target = new Path(path);
    try {
      FileSystem fs = target.getFileSystem(hadoop);
      target = fs.makeQualified(target);
      if (target.getParent() == null) {
        throw new InvalidInputException("output path " + path + " is a root directory");
      }
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new InvalidInputException(
              "output path " + path + " already exists (remove it or pass --overwrite)");
        }
        requireReplaceable(fs, target, path);
      }
      StagedOutput out = new StagedOutput(fs, path, target, overwrite, runId);
      out.createStaging();
      return out;
    } catch (IOException e) {
      throw new InvalidInputException("cannot write output path " + path + ": " + e, e);
    }
  }

  private static void requireReplaceable(FileSystem fs, Path target, String path)
      throws IOException {
    FileStatus status = fs.getFileStatus(target);
    if (!status.isDirectory()) {
      throw new InvalidInputException(
          "output path " + path + " is a file, not an output directory: remove it yourself");
    }
    boolean empty = fs.listStatus(target).length == 0;
    if (!empty && !fs.exists(new Path(target, SUCCESS)) && !fs.exists(new Path(target, RUN_INFO))) {
      throw new InvalidInputException(
          "output path "
              + path
              + " is not an earlier output (it has no "
              + SUCCESS
              + " or "
              + RUN_INFO
              + "): --overwrite only replaces outputs; remove it yourself or choose another path");
    }
  }

  private void createStaging() throws IOException {
    boolean made;
    try {
      made = fs.mkdirs(staging);
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot write output path " + given + ": cannot create " + staging + ": " + e, e);
    }
    if (!made) {
      throw new InvalidInputException(
          "cannot write output path "
              + given
              + ": cannot create "
              + staging
              + " (is "
              + target.getParent()
              + " a writable directory?)");
    }
    Path probe = new Path(staging, "_probe");
    try (OutputStream o = fs.create(probe, true)) {
      o.write('x');
    } catch (IOException e) {
      abort();
      throw new InvalidInputException(
          "cannot write output path " + given + ": cannot write a file in " + staging + ": " + e,
          e);
    }
    fs.delete(probe, false);
  }

  /** The output as the user gave it. */
  public String path() {
    return given;
  }

  /** The output, fully qualified (e.g. {@code file:/data/scores}). */
  public String qualifiedPath() {
    return target.toString();
  }

  /** Where the job writes (a Spark writer must use {@code SaveMode.Overwrite}: it exists). */
  public String stagingPath() {
    return staging.toString();
  }

  /** The run id this output was staged with. */
  public String runId() {
    return runId;
  }

  /**
   * Writes {@value #SUCCESS} if the writer did not, then {@code runInfo} as {@value #RUN_INFO}
   * (last), then moves the staging directory into place.
   *
   * @throws InvalidInputException if the output cannot be moved into place (the staging directory
   *     is then removed, and a replaced output restored where possible)
   */
  public void commit(byte[] runInfo) {
    try {
      Path success = new Path(staging, SUCCESS);
      if (!fs.exists(success)) {
        fs.create(success, true).close();
      }
      try (OutputStream o = fs.create(new Path(staging, RUN_INFO), true)) {
        o.write(runInfo);
      }
      if (fs.exists(target)) {
        if (!overwrite) {
          throw new InvalidInputException(
              "output path " + given + " was created by someone else while the job ran");
        }
        replace();
      } else {
        rename(staging, target);
      }
      finished = true;
    } catch (IOException e) {
      throw new InvalidInputException(
          "cannot move output " + staging + " into place at " + given + ": " + e, e);
    } finally {
      abort();
    }
  }

  private void replace() throws IOException {
    Path old = sibling(target, "old-" + runId);
    rename(target, old);
    try {
      rename(staging, target);
    } catch (IOException e) {
      if (!fs.exists(target)) {
        fs.rename(old, target);
      }
      throw e;
    }
    if (!fs.delete(old, true)) {
      LOG.warn("deepscore: could not delete the replaced output {}: remove it by hand", old);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("rename " + from + " -> " + to + " failed");
    }
  }

  /** Removes the staging directory unless committed; safe to call more than once. */
  public void abort() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("deepscore: could not remove the staging directory {}: {}", staging, e.toString());
    }
  }

  /** Same as {@link #abort()}: a try-with-resources block that did not commit leaves nothing. */
  @Override
  public void close() {
    abort();
  }
}
