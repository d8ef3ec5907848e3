package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.network.NetworkModel;
import io.deepscore.model.train.EpochReport;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrainingTest {

  static final NetworkConfig SMALL_DNN =
      NetworkConfig.dnn().withEmbeddingDim(16).withHiddenSizes(List.of(64, 32));
  static final TrainingConfig FAST =
      TrainingConfig.defaults()
          .withMaxEpochs(12)
          .withPatience(4)
          .withBatchSize(256)
          .withLearningRate(5e-3f)
          .withSeed(7);

  static final int VALID_FROM = 4500;
  static Synthetic data;
  static EncodedDataset train;
  static EncodedDataset valid;

  @BeforeAll
  static void data() {
    data = new Synthetic(6000, 11);
    EncodedDataset all = data.dataset();
    // rows are i.i.d., so a contiguous split is random; it keeps the raw validation rows at hand
    train = all.slice(0, VALID_FROM);
    valid = all.slice(VALID_FROM, all.rows());
  }

  @Test
  void dnnLearnsTheInteractionAndBeatsLogistic() {
    List<EpochReport> reports = new ArrayList<>();
    AtomicInteger batches = new AtomicInteger();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onBatch(int epoch, int batch, int total) {
            batches.incrementAndGet();
          }

          @Override
          public void onEpoch(EpochReport report) {
            reports.add(report);
            System.out.println("dnn " + report);
          }
        };
    double dnnAuc;
    try (NetworkModel m =
        new DnnTrainer(SMALL_DNN, FAST).train(train, valid, data.vocabSizes(), listener)) {
      TrainingResult r = m.result();
      dnnAuc = r.bestValidAuc();
      assertThat(dnnAuc).isGreaterThan(0.9);
      assertThat(r.history()).hasSize(r.epochsRun()).isEqualTo(reports);
      assertThat(batches.get()).isEqualTo(r.epochsRun() * train.batchCount(FAST.batchSize()));
      assertThat(r.bestValidScores()).hasSize(valid.rows());
      assertThat(r.history().get(r.bestEpoch() - 1).validAuc()).isEqualTo(r.bestValidAuc());
    }
    try (NetworkModel m =
        new DnnTrainer(NetworkConfig.logistic(), FAST)
            .train(train, valid, data.vocabSizes(), TrainingListener.NONE)) {
      double logisticAuc = m.result().bestValidAuc();
      System.out.println("logistic auc " + logisticAuc + " dnn auc " + dnnAuc);
      assertThat(logisticAuc).isLessThan(dnnAuc - 0.2);
    }
  }

  @Test
  void earlyStoppingKeepsTheBestEpochAndFreesBatchMemory() {
    // a high learning rate on tiny data overfits fast, so the AUC stops improving early
    TrainingConfig cfg =
        FAST.withMaxEpochs(40).withPatience(2).withLearningRate(3e-2f).withBatchSize(64);
    EncodedDataset smallTrain = train.slice(0, 600);
    List<EpochReport> reports = new ArrayList<>();
    TrainingListener listener =
        new TrainingListener() {
          @Override
          public void onEpoch(EpochReport report) {
            reports.add(report);
          }
        };
    try (NetworkModel m =
        new DnnTrainer(SMALL_DNN, cfg).train(smallTrain, valid, data.vocabSizes(), listener)) {
      TrainingResult r = m.result();
      assertThat(r.stoppedEarly()).isTrue();
      assertThat(r.epochsRun()).isEqualTo(r.bestEpoch() + cfg.patience()).isLessThan(40);
      assertThat(reports.get(r.bestEpoch() - 1).improved()).isTrue();
      assertThat(reports.subList(r.bestEpoch(), r.epochsRun()))
          .allMatch(e -> !e.improved() && e.validAuc() <= r.bestValidAuc());
      // the restored weights are the best epoch's: rescoring gives its AUC back
      float[] again = data.score(m, cfg.batchSize(), VALID_FROM, data.raw.size());
      assertThat(again).containsExactly(r.bestValidScores());
      // per-batch arrays are closed: the model's array count stays flat over the epochs
      assertThat(reports.subList(1, reports.size()))
          .allMatch(e -> e.nativeArrays() == reports.get(1).nativeArrays());
    }
  }

  @Test
  void sameSeedGivesTheSameModel() {
    TrainingConfig cfg = FAST.withMaxEpochs(3).withPatience(3);
    EncodedDataset smallTrain = train.slice(0, 1500);
    float[][] scores = new float[3][];
    for (int i = 0; i < 3; i++) {
      TrainingConfig c = i < 2 ? cfg : cfg.withSeed(cfg.seed() + 1);
      try (NetworkModel m =
          new DnnTrainer(SMALL_DNN.withDropout(0.1f), c)
              .train(smallTrain, valid, data.vocabSizes(), TrainingListener.NONE)) {
        scores[i] = m.result().bestValidScores();
      }
    }
    assertThat(java.util.Arrays.equals(scores[0], scores[1])).isTrue();
    assertThat(java.util.Arrays.equals(scores[0], scores[2])).isFalse();
  }
}
