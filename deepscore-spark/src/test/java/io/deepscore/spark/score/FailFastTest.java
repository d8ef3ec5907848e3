package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.model.bundle.BundleException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Wrong bundles and wrong inputs fail on the driver with a clear message, and write nothing. */
class FailFastTest {

  static ScoreFixture fx;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  private ScoreConfig config(String model, String out) {
    // a fresh cache: a good copy of the same manifest would (rightly) be served from the cache
    return ScoreConfig.builder()
        .modelUri(model)
        .output(out)
        .bundleCacheDir(fx.path("ff-cache"))
        .build();
  }

  @Test
  void missingBundleNamesThePath() {
    String out = fx.path("ff-out");
    String missing = fx.dir.resolve("no-such-bundle").toString();
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, fx.input(), config(missing, out)))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model bundle " + missing + " does not exist");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void tamperedWeightsAreRefusedNamingTheFile() throws IOException {
    Path copy = fx.copyBundle("tampered");
    Path weights = copy.resolve("model/deepscore-0000.params");
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(weights, bytes);
    String out = fx.path("ff-out");
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, fx.input(), config(copy.toString(), out)))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("model/deepscore-0000.params")
        .hasMessageContaining("was changed or corrupted");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void badSchemaNamesTheColumnAndTheFile() {
    Dataset<Row> input = fx.spark.read().parquet(fx.inputPath).drop("device_model");
    String out = fx.path("ff-out");
    assertThatThrownBy(() -> ScoreJob.run(fx.spark, input, config(fx.bundleDir.toString(), out)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'device_model' (field 'device_model') not found in")
        .hasMessageContaining(".parquet");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void existingOutputIsRefusedWithoutOverwrite() throws IOException {
    Path out = Files.createDirectories(fx.dir.resolve("exists-" + System.nanoTime()));
    assertThatThrownBy(
            () ->
                ScoreJob.run(fx.spark, fx.input(), config(fx.bundleDir.toString(), out.toString())))
        .hasMessageContaining("already exists (remove it or pass --overwrite)");
  }
}
