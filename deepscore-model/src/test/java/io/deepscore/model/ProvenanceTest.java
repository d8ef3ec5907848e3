package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.network.NetworkModel;
import io.deepscore.model.train.ConfigMaps;
import io.deepscore.model.train.EmbeddingOptimizer;
import io.deepscore.model.train.TablePretrain;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingData;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.xgboost.XgboostParams;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle records everything needed to train it again: the typed configs come back equal from the
 * manifest, the rows' hashes identify the data, and training with the recorded settings on the same
 * rows gives the same validation AUC.
 */
class ProvenanceTest {

  @TempDir Path tmp;

  @Test
  void configsRoundTripThroughMapsAndNewKnobsTakeDefaults() {
    TrainingConfig t =
        TrainingConfig.defaults().withSeed(9).withBatchSize(128).withWeightDecay(1e-4f);
    assertThat(ConfigMaps.toMap(t))
        .containsEntry("max_epochs", 40)
        .containsEntry("batch_size", 128)
        .containsEntry("seed", 9L);
    assertThat(ConfigMaps.fromMap(TrainingConfig.class, ConfigMaps.toMap(t), null)).isEqualTo(t);
    NetworkConfig n = NetworkConfig.dnn().withHiddenSizes(List.of(64, 8)).withDropout(0.25f);
    assertThat(ConfigMaps.toMap(n)).containsEntry("architecture", "dnn");
    assertThat(ConfigMaps.fromMap(NetworkConfig.class, ConfigMaps.toMap(n), null)).isEqualTo(n);
    XgboostParams x = XgboostParams.defaults().withMaxDepth(3).withEta(0.05);
    assertThat(ConfigMaps.fromMap(XgboostParams.class, ConfigMaps.toMap(x), null)).isEqualTo(x);
    // a map written before a knob existed: the knob takes the given defaults
    assertThat(ConfigMaps.fromMap(TrainingConfig.class, Map.of("seed", 3), t))
        .isEqualTo(t.withSeed(3));
    assertThatThrownBy(() -> ConfigMaps.fromMap(TrainingConfig.class, Map.of("sed", 3), t))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown TrainingConfig key 'sed'", "max_epochs");
    assertThatThrownBy(() -> ConfigMaps.fromMap(TrainingConfig.class, Map.of("patience", 0), t))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("patience must be > 0");
  }

  @Test
  void aConfigRecordedBeforeRoundThreeReadsAsItWasTrained() {
    // the training config a bundle of round 2's defaults records (every key of that version; no
    // epoch_decay yet): it keeps its weight decay 1e-4 and gets no epoch decay, whatever today's
    // defaults are, so --from-bundle re-trains it as it was
    Map<String, Object> recorded = new java.util.HashMap<>();
    recorded.putAll(
        Map.of(
            "max_epochs",
            12,
            "patience",
            3,
            "batch_size",
            256,
            "learning_rate",
            1e-3,
            "seed",
            1,
            "threads",
            1,
            "weight_decay",
            1e-4,
            "embedding_init_std",
            0.1,
            "embedding_l2",
            0.0,
            "wide_l2",
            0.0));
    recorded.putAll(
        Map.of(
            "warmup_steps",
            0,
            "plateau_decay",
            1.0,
            "embedding_optimizer",
            "adam",
            "embedding_learning_rate",
            0.05,
            "table_decay",
            0.0,
            "table_shrink",
            0.0,
            "fresh_tables_each_epoch",
            false));
    TrainingConfig c =
        ConfigMaps.fromMap(TrainingConfig.class, recorded, TrainingConfig.recordedDefaults());
    assertThat(c.weightDecay()).isEqualTo(1e-4f);
    assertThat(c.epochDecay()).isEqualTo(1f);
    // round 4's table pretraining did not exist either: such a bundle trained with random tables
    // and re-trains so, although pretraining is the default now
    assertThat(c.pretrainTables()).isEqualTo(TablePretrain.NONE);
    assertThat(TrainingConfig.defaults().pretrainTables()).isEqualTo(TablePretrain.COOC);
    assertThat(TrainingConfig.recordedDefaults())
        .isEqualTo(
            TrainingConfig.defaults().toBuilder().pretrainTables(TablePretrain.NONE).build());
    assertThat(TrainingConfig.defaults().weightDecay()).isEqualTo(3e-4f);
  }

  @Test
  void aRecordedConfigWithABadPretrainingValueIsRefusedNamingTheKey() {
    // a hand-edited or damaged manifest: the re-training must stop, not fall back to a default
    Map<String, Object> recorded =
        new java.util.HashMap<>(ConfigMaps.toMap(TrainingConfig.defaults()));
    recorded.put("pretrain_tables", "glove");
    assertThatThrownBy(
            () -> ConfigMaps.fromMap(TrainingConfig.class, recorded, TrainingConfig.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pretrain_tables")
        .hasMessageContaining("one of none, cooc")
        .hasMessageContaining("glove");
    recorded.put("pretrain_tables", "cooc");
    recorded.put("pretrain_contexts", 0);
    assertThatThrownBy(
            () -> ConfigMaps.fromMap(TrainingConfig.class, recorded, TrainingConfig.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("pretrain_contexts must be > 0, got 0");
    recorded.put("pretrain_contexts", 4);
    recorded.put("pretrain_scale", "two");
    assertThatThrownBy(
            () -> ConfigMaps.fromMap(TrainingConfig.class, recorded, TrainingConfig.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pretrain_scale")
        .hasMessageContaining("two");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theManifestRecordsTheRecipeAndTheRecipeReproducesTheModel() {
    Synthetic data = new Synthetic(2000, 5);
    EncodedDataset all = data.dataset();
    EncodedDataset train = all.slice(0, 1600);
    EncodedDataset valid = all.slice(1600, 2000);
    NetworkConfig network = NetworkConfig.dnn().withEmbeddingDim(8).withHiddenSizes(List.of(16));
    TrainingConfig config =
        TrainingConfig.defaults().withMaxEpochs(3).withBatchSize(128).withSeed(11);
    TrainingData rows =
        new TrainingData(train, valid, data.vocabSizes(), Map.of("train_path", "inline"));
    double auc;
    ModelBundle bundle;
    try (NetworkModel m = new DnnTrainer(network, config).train(rows, TrainingListener.NONE)) {
      auc = m.result().bestValidAuc();
      bundle = ModelBundle.write(tmp.resolve("b"), "p", data.spec, data.vocabularies, m, null);
    }
    Map<String, Object> p = bundle.manifest().provenance();
    assertThat(p).containsEntry("algorithm", "dnn").containsEntry("seed", 11);
    Map<String, Object> d = (Map<String, Object>) p.get("data");
    assertThat(d)
        .containsEntry("train_rows", 1600)
        .containsEntry("valid_rows", 400)
        .containsEntry("train_sha256", train.sha256())
        .containsEntry("valid_sha256", valid.sha256());
    assertThat((Map<String, Object>) d.get("source")).containsEntry("train_path", "inline");
    assertThat((List<?>) p.get("history")).hasSize(3);
    // each epoch's training-pass rows/s: what bench/e2e.sh compares with PyTorch's
    assertThat((Map<String, Object>) ((List<?>) p.get("history")).get(0))
        .containsKeys("rows_per_second", "seconds");
    assertThat(train.sha256()).isNotEqualTo(valid.sha256()).isEqualTo(all.slice(0, 1600).sha256());

    assertReproduces(p, network, config, rows, auc);
  }

  @Test
  void aTunedWideAndDeepIsReproducedFromItsRecordedKnobs() {
    Synthetic data = new Synthetic(1500, 5);
    EncodedDataset all = data.dataset();
    TrainingData rows =
        TrainingData.of(all.slice(0, 1200), all.slice(1200, 1500), data.vocabSizes());
    NetworkConfig network =
        NetworkConfig.wideDeep()
            .withEmbeddingDim(8)
            .withHiddenSizes(List.of(16))
            .withPooling(Pooling.SQRT_N)
            .withPooledDropout(0.2f)
            .withTokenDropout(0.1f);
    TrainingConfig config =
        TrainingConfig.builder()
            .maxEpochs(3)
            .batchSize(128)
            .seed(5)
            .embeddingOptimizer(EmbeddingOptimizer.LAZY_ADAM)
            .embeddingL2(1e-4f)
            .wideL2(1e-4f)
            .warmupSteps(5)
            .plateauDecay(0.5f)
            .embeddingInitStd(0.05f)
            .tableDecay(1e-5f)
            .build();
    double auc;
    ModelBundle bundle;
    try (NetworkModel m = new DnnTrainer(network, config).train(rows, TrainingListener.NONE)) {
      auc = m.result().bestValidAuc();
      bundle = ModelBundle.write(tmp.resolve("wd"), "wd", data.spec, data.vocabularies, m, null);
    }
    Map<String, Object> p = bundle.manifest().provenance();
    assertThat(p).containsEntry("algorithm", "wide-deep");
    assertReproduces(p, network, config, rows, auc);
  }

  @Test
  void aDnnWithPretrainedTablesIsReproducedFromItsRecordedKnobs() {
    Synthetic data = new Synthetic(1500, 6);
    EncodedDataset all = data.dataset();
    TrainingData rows =
        TrainingData.of(all.slice(0, 1200), all.slice(1200, 1500), data.vocabSizes());
    NetworkConfig network = NetworkConfig.dnn().withEmbeddingDim(8).withHiddenSizes(List.of(16));
    TrainingConfig config =
        TrainingConfig.builder()
            .maxEpochs(2)
            .batchSize(128)
            .seed(4)
            .pretrainTables(TablePretrain.COOC)
            .pretrainEpochs(2)
            .pretrainNegatives(3)
            .pretrainContexts(2)
            .pretrainScale(0.5f)
            .build();
    double auc;
    ModelBundle bundle;
    try (NetworkModel m = new DnnTrainer(network, config).train(rows, TrainingListener.NONE)) {
      auc = m.result().bestValidAuc();
      bundle = ModelBundle.write(tmp.resolve("pt"), "pt", data.spec, data.vocabularies, m, null);
    }
    Map<String, Object> p = bundle.manifest().provenance();
    @SuppressWarnings("unchecked")
    Map<String, Object> recorded = (Map<String, Object>) p.get("config");
    assertThat(recorded)
        .containsEntry("pretrain_tables", "cooc")
        .containsEntry("pretrain_epochs", 2)
        .containsEntry("pretrain_contexts", 2);
    assertReproduces(p, network, config, rows, auc);
    // the pretraining changes the model: without it the same seed gives another AUC
    try (NetworkModel m =
        new DnnTrainer(network, config.toBuilder().pretrainTables(TablePretrain.NONE).build())
            .train(rows, TrainingListener.NONE)) {
      assertThat(m.result().bestValidAuc()).isNotEqualTo(auc);
    }
  }

  /** The recorded configs read back equal to the given ones and re-train to the same AUC. */
  @SuppressWarnings("unchecked")
  private static void assertReproduces(
      Map<String, Object> provenance,
      NetworkConfig network,
      TrainingConfig config,
      TrainingData rows,
      double auc) {
    TrainingConfig again =
        ConfigMaps.fromMap(
            TrainingConfig.class,
            (Map<String, Object>) provenance.get("config"),
            TrainingConfig.defaults());
    NetworkConfig againNet =
        ConfigMaps.fromMap(
            NetworkConfig.class,
            (Map<String, Object>) provenance.get("network"),
            NetworkConfig.dnn());
    assertThat(again).isEqualTo(config);
    assertThat(againNet).isEqualTo(network);
    try (NetworkModel m = new DnnTrainer(againNet, again).train(rows, TrainingListener.NONE)) {
      assertThat(m.result().bestValidAuc()).isEqualTo(auc);
    }
  }
}
