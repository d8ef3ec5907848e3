package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.features.Vocabularies;
import io.deepscore.features.VocabularyBuilder;
import io.deepscore.hash.Sha256;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A damaged bundle never scores: the bundle the user gives is verified against its manifest on
 * every run, whatever the executor cache holds, and a damaged copy can never poison the cache
 * (issue 16, items 1 and 2).
 */
class BundleIntegrityTest {

  /** The fixture's DJL network weights. */
  static final String WEIGHTS = "model/deepscore-0000.params";

  static ScoreFixture fx;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  /**
   * A copy whose manifest no other test loads (same content, one more trailing newline), so this
   * JVM's executor cache has no model for it and its executors must fetch it.
   */
  private static Path uniqueCopy(String name) throws IOException {
    Path bundle = fx.copyBundle(name);
    Path manifest = bundle.resolve(ModelBundle.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest) + "\n".repeat(1 + name.length()));
    return bundle;
  }

  /** The driver's side: verifies the bundle and returns what the tasks get. */
  private static BundleRef resolve(Path bundle, String cache) {
    ThreadPlan plan = ThreadPlan.derive(fx.spark.sparkContext().getConf(), 1);
    return BundleRef.resolve(fx.spark, bundle.toString(), cache, plan);
  }

  private static void flipOneByte(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
  }

  private ScoreConfig config(Path bundle, String cache) {
    return ScoreConfig.builder()
        .modelUri(bundle.toString())
        .output(fx.path("integrity-out"))
        .bundleCacheDir(cache)
        .build();
  }

  /** Runs the job and expects it to refuse the bundle naming the user's path and the file. */
  private void assertRefused(Path bundle, String cache, String file, String why) {
    ScoreConfig cfg = config(bundle, cache);
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, fx.input(), cfg))
        .isInstanceOf(BundleException.class)
        .hasMessageStartingWith("model bundle " + bundle)
        .hasMessageContaining(file)
        .hasMessageContaining(why);
    assertThat(Path.of(cfg.output())).doesNotExist();
    assertThat(Path.of(cfg.rejects())).doesNotExist();
  }

  @Test
  void damagedCopiesOfAnIntactBundleAreRefusedEvenWithItsCopyInTheCache() throws IOException {
    String cache = fx.path("warm-cache");
    ScoreSummary intact = ScoreJob.run(fx.spark, fx.input(), config(fx.bundleDir, cache));
    assertThat(intact.scored() + intact.rejected()).isEqualTo(intact.rowsIn()).isEqualTo(2000);
    // the cache now holds a verified copy under this manifest's sha256: same manifest below

    Path flipped = fx.copyBundle("flipped");
    flipOneByte(flipped.resolve(WEIGHTS));
    assertRefused(flipped, cache, WEIGHTS, "was changed or corrupted");

    Path noVocab = fx.copyBundle("no-vocab");
    Files.delete(noVocab.resolve("vocab/campaigns.vocab"));
    assertRefused(noVocab, cache, "vocab/campaigns.vocab", "is missing");

    Path noWeights = fx.copyBundle("no-weights");
    Files.delete(noWeights.resolve(WEIGHTS));
    assertRefused(noWeights, cache, WEIGHTS, "is missing");

    // vocab/ swapped from another run: valid vocabulary files, other content
    Path swapped = fx.copyBundle("swapped-vocab");
    Path appsVocab = Vocabularies.path(swapped.resolve("vocab"), "apps");
    Files.delete(appsVocab);
    new VocabularyBuilder()
        .add("com.other.run", 5)
        .add("com.another.app", 4)
        .build(fx.spec.field("apps"))
        .write(appsVocab);
    assertRefused(swapped, cache, "vocab/apps.vocab", "was changed or corrupted");

    Path extra = fx.copyBundle("extra-file");
    Files.writeString(extra.resolve("vocab/old_field.vocab"), "left over");
    assertRefused(extra, cache, "vocab/old_field.vocab", "does not list");
  }

  @Test
  void aDamagedBundleCannotPoisonTheCacheForTheIntactOne() throws IOException {
    String cache = fx.path("cold-cache");
    Path flipped = fx.copyBundle("poison");
    flipOneByte(flipped.resolve(WEIGHTS));
    assertRefused(flipped, cache, WEIGHTS, "was changed or corrupted");
    try (Stream<Path> s = Files.list(Path.of(cache))) {
      assertThat(s).as("no copy (or temporary copy) is left behind").isEmpty();
    }

    ScoreSummary intact = ScoreJob.run(fx.spark, fx.input(), config(fx.bundleDir, cache));
    assertThat(intact.scored() + intact.rejected()).isEqualTo(intact.rowsIn()).isEqualTo(2000);
  }

  @Test
  void aCacheCopyDamagedAfterItWasVerifiedIsReplaced() throws IOException {
    String cache = fx.path("healing-cache");
    ScoreJob.run(fx.spark, fx.input(), config(fx.bundleDir, cache));
    Path copy;
    try (Stream<Path> s = Files.list(Path.of(cache))) {
      copy = s.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    flipOneByte(copy.resolve(WEIGHTS));

    ScoreSummary again = ScoreJob.run(fx.spark, fx.input(), config(fx.bundleDir, cache));
    assertThat(again.scored() + again.rejected()).isEqualTo(again.rowsIn()).isEqualTo(2000);
    assertThat(Sha256.ofFile(copy.resolve(WEIGHTS)))
        .isEqualTo(Sha256.ofFile(fx.bundleDir.resolve(WEIGHTS)));
  }

  @Test
  void aBundleChangedAfterTheDriversCheckFailsTheExecutorsNamingTheFile() throws IOException {
    Path bundle = uniqueCopy("changing");
    String cache = fx.path("exec-cache");
    BundleRef ref = resolve(bundle, cache);

    // someone re-writes the bundle in place: a file and its manifest entry change
    Path apps = bundle.resolve("vocab/apps.vocab");
    String oldSha = Sha256.ofFile(apps);
    Files.writeString(apps, Files.readString(apps) + "# edited\n", StandardCharsets.UTF_8);
    Path manifest = bundle.resolve(ModelBundle.MANIFEST);
    Files.writeString(manifest, Files.readString(manifest).replace(oldSha, Sha256.ofFile(apps)));
    // an executor on another host: nothing in its bundle cache yet
    BundleFetcher.evict(Path.of(cache));

    assertThatThrownBy(
            () -> fx.spark.range(0, 4, 1, 2).toJavaRDD().foreachPartition(rows -> ref.load()))
        .rootCause()
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model bundle " + bundle + " changed after the driver verified it")
        .hasMessageContaining("vocab/apps.vocab (changed)");
  }

  @Test
  void aFileChangedAfterTheDriversCheckUnderTheSameManifestFailsNamingIt() throws IOException {
    Path bundle = uniqueCopy("changing-file");
    String cache = fx.path("exec-cache-2");
    BundleRef ref = resolve(bundle, cache);
    flipOneByte(bundle.resolve(WEIGHTS));
    BundleFetcher.evict(Path.of(cache));

    assertThatThrownBy(
            () -> fx.spark.range(0, 4, 1, 2).toJavaRDD().foreachPartition(rows -> ref.load()))
        .rootCause()
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model bundle " + bundle)
        .hasMessageContaining(WEIGHTS + " has sha256");
    awaitNoStagingCopy(Path.of(cache));
    assertThat(Path.of(cache))
        .satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
  }

  /**
   * The job fails on its first failed task; a cancelled sibling task may still be hashing its own
   * copy under a {@code .tmp-} name (which it deletes when verification fails). Wait for that
   * clean-up, bounded, so the check below sees the end state rather than a copy in flight.
   */
  private static void awaitNoStagingCopy(Path cache) throws IOException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (Files.isDirectory(cache) && System.nanoTime() < deadline) {
      try (var entries = Files.list(cache)) {
        if (entries.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-"))) {
          return;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
