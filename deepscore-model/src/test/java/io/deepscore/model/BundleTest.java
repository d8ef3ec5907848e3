package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.features.EncodedBatch;
import io.deepscore.hash.Sha256;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.network.NetworkModel;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {

  static final int VALID_FROM = 2000;
  static Synthetic data;
  static NetworkModel trained;
  static Path written;

  @TempDir static Path tmp;

  @BeforeAll
  static void trainAndWrite() {
    data = new Synthetic(2600, 21);
    EncodedDataset all = data.dataset();
    EncodedDataset valid = all.slice(VALID_FROM, all.rows());
    trained =
        new DnnTrainer(
                NetworkConfig.dnn().withEmbeddingDim(8).withHiddenSizes(List.of(32, 16)),
                TrainingConfig.defaults()
                    .withMaxEpochs(3)
                    .withBatchSize(256)
                    .withLearningRate(5e-3f))
            .train(all.slice(0, VALID_FROM), valid, data.vocabSizes(), TrainingListener.NONE);
    BundleThreshold threshold =
        BundleThreshold.of(
            0.8,
            BinaryMetrics.thresholdForPrecision(
                trained.result().bestValidScores(), valid.labels(), 0.8));
    written =
        ModelBundle.write(
                tmp.resolve("written"),
                "synthetic",
                data.spec,
                data.vocabularies,
                trained,
                threshold)
            .dir();
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void copiedBundleScoresBitwiseLikeTheTrainedModel() throws IOException {
    Path copy = copy(written, "copied");
    ModelBundle bundle = ModelBundle.open(copy);
    assertThat(bundle.manifest().files())
        .containsOnlyKeys(
            "spec.json",
            "vocab/device.vocab",
            "vocab/apps.vocab",
            "vocab/campaigns.vocab",
            "model/deepscore-0000.params");
    assertThat(bundle.manifest().bundleId()).startsWith("synthetic-");
    assertThat(bundle.manifest().engine()).isEqualTo("djl-pytorch");
    assertThat(bundle.manifest().output()).isEqualTo(ModelOutput.LOGIT);
    assertThat(bundle.manifest().threshold().targetPrecision()).isEqualTo(0.8);
    assertThat(bundle.manifest().training()).containsEntry("epochs_run", 3);
    assertThat(bundle.encoder().maxLengths()).containsExactly(1, 6, 4);
    String json = Files.readString(copy.resolve("manifest.json"));
    assertThat(json).contains("\"shape\" : [ -1, 6 ]", "\"dtype\" : \"int64\"");

    float[] expected = data.score(trained, 128, 0, data.raw.size());
    try (ScoringModel loaded = bundle.loadModel(EngineSettings.defaults())) {
      // 2600 rows in batches of 128: the last batch is partial (40 rows)
      float[] actual = data.score(loaded, 128, 0, data.raw.size());
      assertThat(Arrays.equals(actual, expected)).as("bitwise equal scores").isTrue();
      for (float p : actual) {
        assertThat(p).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void tamperedWeightsAreRefusedNamingTheFileAndBothHashes() throws IOException {
    Path copy = copy(written, "tampered-weights");
    Path weights = copy.resolve("model/deepscore-0000.params");
    String recorded = Sha256.ofFile(weights);
    byte[] bytes = Files.readAllBytes(weights);
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(weights, bytes);
    String actual = Sha256.ofFile(weights);
    assertThatThrownBy(() -> ModelBundle.open(copy))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("bundle file model/deepscore-0000.params")
        .hasMessageContaining(recorded)
        .hasMessageContaining(actual)
        .hasMessageContaining("copy the bundle again");
  }

  @Test
  void tamperedVocabularyIsRefused() throws IOException {
    Path copy = copy(written, "tampered-vocab");
    Path vocab = copy.resolve("vocab/apps.vocab");
    Files.writeString(vocab, Files.readString(vocab).replace("a3", "a4"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ModelBundle.open(copy))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("bundle file vocab/apps.vocab")
        .hasMessageContaining("sha256");
  }

  @Test
  void otherFormatVersionIsRefused() throws IOException {
    Path copy = copy(written, "version");
    Path mf = copy.resolve("manifest.json");
    Files.writeString(
        mf, Files.readString(mf).replace("\"format_version\" : 1", "\"format_version\" : 2"));
    assertThatThrownBy(() -> ModelBundle.open(copy))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("manifest.json")
        .hasMessageContaining("format_version 2 is not supported");
  }

  @Test
  void missingFileIsRefused() throws IOException {
    Path copy = copy(written, "missing");
    Files.delete(copy.resolve("vocab/campaigns.vocab"));
    assertThatThrownBy(() -> ModelBundle.open(copy))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("bundle file vocab/campaigns.vocab")
        .hasMessageContaining("missing");
    Path noManifest = copy(written, "no-manifest");
    Files.delete(noManifest.resolve("manifest.json"));
    assertThatThrownBy(() -> ModelBundle.open(noManifest))
        .hasMessageContaining("manifest.json not found");
  }

  @Test
  void writingIntoANonEmptyDirectoryIsRefused() {
    assertThatThrownBy(
            () -> ModelBundle.write(written, "again", data.spec, data.vocabularies, trained, null))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("is not empty");
  }

  @Test
  void manyScoringBatchesDoNotGrowNativeMemoryAndPartialBatchesWork() {
    try (ScoringModel loaded = ModelBundle.open(written).loadModel(EngineSettings.defaults())) {
      var manager = ((DjlScoringModel) loaded).model().getNDManager();
      EncodedBatch batch = data.encoder.newBatch(64);
      float[] full = new float[64];
      float[] part = new float[64];
      try (Scorer scorer = loaded.newScorer()) {
        for (int r = 0; r < 64; r++) {
          data.encoder.encodeRow(data.raw.get(r), batch);
        }
        scorer.score(batch, full);
        int arraysAfterFirst = manager.getManagedArrays().size();
        for (int i = 0; i < 400; i++) {
          scorer.score(batch, part);
        }
        assertThat(manager.getManagedArrays()).hasSize(arraysAfterFirst);
        assertThat(part).containsExactly(full);
        batch.clear();
        for (int r = 0; r < 3; r++) {
          data.encoder.encodeRow(data.raw.get(r), batch);
        }
        Arrays.fill(part, -1f);
        scorer.score(batch, part);
        assertThat(Arrays.copyOf(part, 3)).containsExactly(Arrays.copyOf(full, 3), within(1e-6f));
        assertThat(part[3]).isEqualTo(-1f);
        batch.clear();
        scorer.score(batch, part); // empty batch: nothing to do
      }
      assertThat(manager.getManagedArrays())
          .hasSizeLessThanOrEqualTo(trained.network().getParameters().size());
    }
  }

  private static Path copy(Path from, String name) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(from)) {
      s.forEach(
          p -> {
            try {
              Path t = to.resolve(from.relativize(p).toString());
              if (Files.isDirectory(p)) {
                Files.createDirectories(t);
              } else {
                Files.copy(p, t);
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return to;
  }
}
