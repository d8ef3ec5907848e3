package io.deepscore.spark.score;

import io.deepscore.hash.Sha256;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Copies a model bundle from where it lives to a local directory, once per content.
 *
 * <p>The URI may be a local path ({@code /models/b1}, {@code file:/models/b1}), any Hadoop file
 * system URI ({@code hdfs://nn/models/b1}, {@code s3a://bucket/models/b1}) or the bare name of a
 * directory shipped with the job ({@code SparkContext.addFile(dir, true)} or {@code spark-submit
 * --files}), resolved with {@link SparkFiles#get}. A path without a scheme that exists locally is
 * local; otherwise it is resolved against Hadoop's default file system.
 *
 * <p>The copy goes to {@code <cacheDir>/<sha256(manifest.json) prefix>}: first into a unique
 * temporary sibling, then renamed atomically, so concurrent tasks and executors sharing a host
 * never see a half-copied bundle; an existing copy of the same manifest is reused. The bundle is
 * then opened with {@link ModelBundle#open}, which verifies every file's sha256, so a damaged
 * cached copy is refused, never used.
 */
public final class BundleFetcher {

  /** The cache dir used when none is configured: {@code <java.io.tmpdir>/deepscore-bundles}. */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "deepscore-bundles");
  }

  private BundleFetcher() {}

  /** A fetched bundle: its local directory and the sha256 of its manifest (its content key). */
  public record Fetched(Path dir, String manifestSha256) {}

  /**
   * Copies the bundle at {@code uri} into {@code cacheDir} (or reuses an earlier copy).
   *
   * @throws BundleException naming the URI if it cannot be found or read
   */
  public static Fetched fetch(String uri, Configuration hadoop, Path cacheDir) {
    org.apache.hadoop.fs.Path source = resolve(uri);
    try {
      FileSystem fs = source.getFileSystem(hadoop);
      org.apache.hadoop.fs.Path manifest =
          new org.apache.hadoop.fs.Path(source, ModelBundle.MANIFEST);
      if (!fs.exists(source)) {
        throw new BundleException(
            "model bundle " + uri + " does not exist (resolved to " + source + ")");
      }
      if (!fs.exists(manifest)) {
        throw new BundleException(
            "model bundle "
                + uri
                + " has no "
                + ModelBundle.MANIFEST
                + ": pass the bundle directory written by 'deepscore train'");
      }
      String sha;
      try (InputStream in = fs.open(manifest)) {
        sha = sha256(in.readAllBytes());
      }
      Files.createDirectories(cacheDir);
      Path target = cacheDir.resolve(sha.substring(0, 24));
      if (Files.isRegularFile(target.resolve(ModelBundle.MANIFEST))) {
        return new Fetched(target, sha);
      }
      Path tmp = cacheDir.resolve(".tmp-" + UUID.randomUUID());
      try {
        fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(tmp.toUri()), true);
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
          // Another task or executor on this host won the race: its copy is as good as ours.
        } catch (IOException e) {
          if (!Files.isDirectory(target)) {
            throw e;
          }
        }
      } finally {
        deleteRecursively(tmp);
      }
      return new Fetched(target, sha);
    } catch (IOException e) {
      throw new BundleException(
          "cannot copy model bundle " + uri + " to " + cacheDir + ": " + e.getMessage(), e);
    }
  }

  /** Where a bundle URI points; bare names of files shipped with the job go through SparkFiles. */
  static org.apache.hadoop.fs.Path resolve(String uri) {
    boolean hasScheme =
        uri.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !uri.matches("^[A-Za-z]:\\\\.*");
    if (!hasScheme) {
      Path local = Path.of(uri).toAbsolutePath();
      if (Files.exists(local)) {
        return new org.apache.hadoop.fs.Path(local.toUri());
      }
      if (!uri.contains("/") && SparkEnv.get() != null) {
        Path shipped = Path.of(SparkFiles.get(uri));
        if (Files.exists(shipped)) {
          return new org.apache.hadoop.fs.Path(shipped.toUri());
        }
      }
    }
    return new org.apache.hadoop.fs.Path(uri);
  }

  static String sha256(byte[] bytes) {
    return Sha256.of(bytes);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
