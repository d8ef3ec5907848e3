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
 * <p>Created on the driver by {@link #resolve}, which already fetches and verifies the bundle, so a
 * wrong path or a tampered file fails there, before any Spark job.
 */
public final class BundleRef implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String uri;
  private final String bundleId;
  private final String manifestSha256;
  private final String cacheDir;
  private final SerializableConfiguration hadoop;
  private final int intraOpThreads;
  private final int interOpThreads;
  private transient ModelBundle driverBundle;

  private BundleRef(
      String uri,
      String bundleId,
      String manifestSha256,
      String cacheDir,
      SerializableConfiguration hadoop,
      int intraOpThreads,
      int interOpThreads,
      ModelBundle driverBundle) {
    this.uri = uri;
    this.bundleId = bundleId;
    this.manifestSha256 = manifestSha256;
    this.cacheDir = cacheDir;
    this.hadoop = hadoop;
    this.intraOpThreads = intraOpThreads;
    this.interOpThreads = interOpThreads;
    this.driverBundle = driverBundle;
  }

  /**
   * Fetches and opens (verifies) the bundle on the driver.
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
    BundleFetcher.Fetched fetched = BundleFetcher.fetch(uri, hadoop.value(), cacheDir(cacheDir));
    ModelBundle bundle = ModelBundle.open(fetched.dir());
    return new BundleRef(
        uri,
        bundle.manifest().bundleId(),
        fetched.manifestSha256(),
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
        manifestSha256,
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
    return "deepscore-model:" + bundleId + ":" + manifestSha256;
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
    BundleFetcher.Fetched fetched = BundleFetcher.fetch(uri, hadoop.value(), cacheDir(cacheDir));
    if (!fetched.manifestSha256().equals(manifestSha256)) {
      throw new BundleException(
          "model bundle "
              + uri
              + " changed while the job ran (manifest sha256 "
              + fetched.manifestSha256()
              + ", the driver saw "
              + manifestSha256
              + "): never overwrite a bundle in place; write a new one and rerun");
    }
    ModelBundle bundle = ModelBundle.open(fetched.dir());
    EngineSettings settings = engineSettings();
    ScoringModel model = bundle.loadModel(settings);
    return new LoadedBundle(bundle, bundle.encoder(), model, model.runtime());
  }

  @Override
  public String toString() {
    return "BundleRef[" + bundleId + " from " + uri + "]";
  }
}
