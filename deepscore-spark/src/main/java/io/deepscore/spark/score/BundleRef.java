package io.deepscore.spark.score;

import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.ExecutorCache;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A model bundle as a task sees it: where to fetch it, its content key, and the engine threads.
 * Small and serializable; shipped inside task closures. {@link #load()} gives the {@link
 * LoadedBundle} of this JVM, fetching, verifying and loading it at most once per executor JVM
 * through the {@link ExecutorCache}, keyed by bundle id + manifest sha256 (content, never path).
 *
 * <p>Created on the driver by {@link #resolve}, which verifies the bundle the user gave against its
 * manifest on every run (every listed file hashed once), so a wrong path, a missing, extra or
 * changed file fails there, before any Spark job. It carries what the driver verified ({@link
 * BundleFetcher.Content}: the manifest's and every file's sha256), and executors load only that
 * content: a bundle changed after the driver's check fails the task naming the changed file.
 */
public final class BundleRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String uri;
  private final String bundleId;
  private final BundleFetcher.Content content;
  private final String cacheDir;
  private final SerializableConfiguration hadoop;
  private final int intraOpThreads;
  private final int interOpThreads;
  private transient ModelBundle driverBundle;

  private BundleRef(
      String uri,
      String bundleId,
      BundleFetcher.Content content,
      String cacheDir,
      SerializableConfiguration hadoop,
      int intraOpThreads,
      int interOpThreads,
      ModelBundle driverBundle) {
    this.uri = uri;
    this.bundleId = bundleId;
    this.content = content;
    this.cacheDir = cacheDir;
    this.hadoop = hadoop;
    this.intraOpThreads = intraOpThreads;
    this.interOpThreads = interOpThreads;
    this.driverBundle = driverBundle;
  }

  /**
   * Verifies the bundle at {@code uri} against its manifest and opens a verified local copy, on the
   * driver.
   *
   * @param cacheDir local cache directory, or null for {@link BundleFetcher#defaultCacheDir()} of
   *     each JVM
   * @throws BundleException naming the URI or the bad file
   */
  public static BundleRef resolve(
      SparkSession spark, String uri, String cacheDir, ThreadPlan threads) {
    Objects.requireNonNull(uri, "uri");
    SerializableConfiguration hadoop =
        new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
    Path cache = cacheDir(cacheDir);
    BundleFetcher.Content content = BundleFetcher.verify(uri, hadoop.value(), cache).content();
    ModelBundle bundle =
        BundleFetcher.open(uri, () -> BundleFetcher.fetch(uri, hadoop.value(), cache, content));
    return new BundleRef(
        uri,
        bundle.manifest().bundleId(),
        content,
        cacheDir,
        hadoop,
        threads.intraOpThreads(),
        threads.interOpThreads(),
        bundle);
  }

  /** The same bundle with other engine threads (the cached model is shared). */
  public BundleRef withThreads(ThreadPlan threads) {
    return new BundleRef(
        uri,
        bundleId,
        content,
        cacheDir,
        hadoop,
        threads.intraOpThreads(),
        threads.interOpThreads(),
        driverBundle);
  }

  private static Path cacheDir(String configured) {
    return configured == null ? BundleFetcher.defaultCacheDir() : Path.of(configured);
  }

  /** The opened bundle on the driver (spec, manifest); re-opened if this ref was deserialized. */
  public ModelBundle bundle() {
    if (driverBundle == null) {
      driverBundle = load().bundle();
    }
    return driverBundle;
  }

  public String uri() {
    return uri;
  }

  public String bundleId() {
    return bundleId;
  }

  /** The per-JVM cache key: content, not path. */
  public String cacheKey() {
    return "deepscore-model:" + bundleId + ":" + content.manifestSha256();
  }

  /** The engine threads tasks apply before scoring. */
  public EngineSettings engineSettings() {
    return new EngineSettings(intraOpThreads, interOpThreads);
  }

  /** This JVM's loaded bundle, loaded on first use. Thread-safe. */
  public LoadedBundle load() {
    return ExecutorCache.get(cacheKey(), LoadedBundle.class, this::loadNow);
  }

  /** How many times this JVM loaded the model (1 after any number of tasks; tests use it). */
  public int loadCount() {
    return ExecutorCache.loadCount(cacheKey());
  }

  private LoadedBundle loadNow() {
    Path cache = cacheDir(cacheDir);
    ModelBundle bundle =
        BundleFetcher.open(uri, () -> BundleFetcher.fetch(uri, hadoop.value(), cache, content));
    EngineSettings settings = engineSettings();
    ScoringModel model = bundle.loadModel(settings);
    return new LoadedBundle(bundle, bundle.encoder(), model, model.runtime());
  }

  @Override
  public String toString() {
    return "BundleRef[" + bundleId + " from " + uri + "]";
  }
}
