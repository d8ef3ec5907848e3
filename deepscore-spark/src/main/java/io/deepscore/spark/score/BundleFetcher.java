package io.deepscore.spark.score;

import io.deepscore.hash.Sha256;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Verifies a model bundle where it lives and keeps a verified local copy, once per content.
 *
 * <p>The URI may be a local path ({@code /models/b1}, {@code file:/models/b1}), any Hadoop file
 * system URI ({@code hdfs://nn/models/b1}, {@code s3a://bucket/models/b1}) or the bare name of a
 * directory shipped with the job ({@code SparkContext.addFile(dir, true)}, {@code spark-submit
 * --files} or {@code --archives}), resolved with {@link SparkFiles#get}. A path without a scheme
 * that exists locally is local; otherwise it is resolved against Hadoop's default file system.
 *
 * <p>The driver calls {@link #verify} on every run: every file the manifest lists is hashed once,
 * where the user's bundle lives, and compared; a missing or changed file, or a file the manifest
 * does not list, is refused naming the bundle the user gave and the file. The local copy in {@code
 * <cacheDir>/<sha256(manifest.json) prefix>} is a pure function of verified content: each file is
 * hashed while it is copied into a unique temporary sibling, which is renamed into place only when
 * every hash matched (and deleted otherwise), so an existing copy is always one that was verified
 * and a damaged bundle can never poison later runs. Executors call {@link #fetch} with the content
 * the driver verified: a bundle that changed in between fails the task naming the changed file.
 */
public final class BundleFetcher {

  private BundleFetcher() {}

  /** The cache dir used when none is configured: {@code <java.io.tmpdir>/deepscore-bundles}. */
  public static Path defaultCacheDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "deepscore-bundles");
  }

  /**
   * What the driver verified: the sha256 of {@code manifest.json} and of every file it lists. Small
   * (a few entries) and serializable: it travels to the executors inside {@link BundleRef}.
   *
   * @param manifestSha256 the manifest's sha256, the content key
   * @param files bundle-relative path (with {@code /}) to sha256 hex, as the manifest lists them
   */
  public record Content(String manifestSha256, Map<String, String> files) implements Serializable {
    /** Copies the map. */
    public Content {
      files = Collections.unmodifiableMap(new TreeMap<>(files));
    }
  }

  /** A verified bundle: its verified local copy and its content. */
  public record Fetched(Path dir, Content content) {}

  /**
   * Verifies the bundle at {@code uri} against its own manifest, then returns a verified local copy
   * (made now, or an earlier copy of the same content). Called on the driver on every run.
   *
   * @throws BundleException naming the URI and the file at fault
   */
  public static Fetched verify(String uri, Configuration hadoop, Path cacheDir) {
    BundleSource src = BundleSource.of(uri, hadoop);
    byte[] manifest = src.manifest();
    Content content = new Content(sha256(manifest), src.listedFiles(manifest));
    src.refuseUnlisted(content);
    Path target = target(cacheDir, content);
    if (isCopy(target)) {
      src.transfer(content, null);
    } else {
      copy(src, manifest, content, cacheDir, target);
    }
    return new Fetched(target, content);
  }

  /**
   * A verified local copy of exactly {@code expected} (the content the driver verified): an earlier
   * copy, or one fetched now from {@code uri}. Called by executors, once per JVM.
   *
   * @throws BundleException naming the URI and the file if the bundle changed since the driver
   *     verified it, or a file does not match
   */
  public static Path fetch(String uri, Configuration hadoop, Path cacheDir, Content expected) {
    Path target = target(cacheDir, expected);
    if (isCopy(target)) {
      return target;
    }
    BundleSource src = BundleSource.of(uri, hadoop);
    byte[] manifest = src.manifest();
    String sha = sha256(manifest);
    if (!sha.equals(expected.manifestSha256())) {
      throw new BundleException(
          "model bundle "
              + uri
              + " changed after the driver verified it: "
              + ModelBundle.MANIFEST
              + " has sha256 "
              + sha
              + ", the driver verified "
              + expected.manifestSha256()
              + "; files that differ: "
              + differences(expected.files(), src.listedFiles(manifest))
              + ". Never overwrite a bundle in place: write a new one and rerun");
    }
    copy(src, manifest, expected, cacheDir, target);
    return target;
  }

  /**
   * Opens a verified local copy with {@link ModelBundle#open} (which checks every hash again). A
   * copy damaged since it was verified (edited on disk) is deleted and fetched once more, so it
   * cannot fail every later run.
   *
   * @param fetch returns the verified local copy (fetching it if missing)
   */
  static ModelBundle open(String uri, Supplier<Path> fetch) {
    Path dir = fetch.get();
    try {
      return ModelBundle.open(dir);
    } catch (BundleException first) {
      evict(dir);
      Path again = fetch.get();
      try {
        return ModelBundle.open(again);
      } catch (BundleException e) {
        throw new BundleException("model bundle " + uri + ": " + e.getMessage(), e);
      }
    }
  }

  private static Path target(Path cacheDir, Content content) {
    return cacheDir.resolve(content.manifestSha256().substring(0, 24));
  }

  private static boolean isCopy(Path target) {
    return Files.isRegularFile(target.resolve(ModelBundle.MANIFEST));
  }

  /** Copies and verifies into a temporary sibling, then renames it to {@code target}. */
  private static void copy(
      BundleSource src, byte[] manifest, Content content, Path cacheDir, Path target) {
    Path tmp = cacheDir.resolve(".tmp-" + UUID.randomUUID());
    try {
      Files.createDirectories(tmp);
      src.transfer(content, tmp);
      // the manifest last: a directory with a manifest is a complete, verified copy
      Files.write(tmp.resolve(ModelBundle.MANIFEST), manifest);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another task or executor on this host won the race: its copy is as good as ours.
      } catch (IOException e) {
        if (!isCopy(target)) {
          throw e;
        }
      }
    } catch (IOException e) {
      throw new BundleException(
          "cannot copy model bundle " + src.uri + " to " + cacheDir + ": " + e.getMessage(), e);
    } finally {
      evict(tmp);
    }
  }

  /** Deletes a local copy (or temporary copy); a copy that cannot be deleted is left. */
  static void evict(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // best effort: a leftover temporary copy is never used (it has no manifest or a wrong name)
    }
  }

  private static List<String> differences(Map<String, String> was, Map<String, String> now) {
    List<String> out = new ArrayList<>();
    TreeSet<String> all = new TreeSet<>(was.keySet());
    all.addAll(now.keySet());
    for (String f : all) {
      String a = was.get(f);
      String b = now.get(f);
      if (a == null) {
        out.add(f + " (added)");
      } else if (b == null) {
        out.add(f + " (removed)");
      } else if (!a.equals(b)) {
        out.add(f + " (changed)");
      }
    }
    return out;
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
        Path shipped = shippedBundle(Path.of(SparkFiles.get(uri)));
        if (Files.exists(shipped)) {
          return new org.apache.hadoop.fs.Path(shipped.toUri());
        }
      }
    }
    return new org.apache.hadoop.fs.Path(uri);
  }

  /**
   * A shipped directory, or the single bundle directory inside it ({@code --archives
   * bundle.zip#bundle} unpacks a zip of the directory one level down).
   */
  private static Path shippedBundle(Path shipped) {
    if (!Files.isDirectory(shipped) || Files.exists(shipped.resolve(ModelBundle.MANIFEST))) {
      return shipped;
    }
    try (Stream<Path> s = Files.list(shipped)) {
      List<Path> inner =
          s.filter(p -> Files.isRegularFile(p.resolve(ModelBundle.MANIFEST))).toList();
      return inner.size() == 1 ? inner.get(0) : shipped;
    } catch (IOException e) {
      return shipped;
    }
  }

  static String sha256(byte[] bytes) {
    return Sha256.of(bytes);
  }
}
