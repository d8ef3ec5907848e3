package io.deepscore.model.network;

import io.deepscore.model.EncodedDataset;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.train.TablePretrain;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import java.util.Locale;

/**
 * Starts the deep embedding tables of a freshly initialized network from {@link TablePretraining}
 * vectors when the config asks for {@code cooc}: every field, from the training rows only, seeded
 * by the training seed and the field index. Tokens the training rows lack keep the random init.
 */
final class PretrainedTables {

  /** word2vec's initial learning rate. */
  static final float LEARNING_RATE = 0.025f;

  /** word2vec's subsampling threshold for large corpora. */
  static final double SUBSAMPLE = 1e-4;

  private PretrainedTables() {}

  /** Pretrains and loads the tables if {@code config} says so; reports each field's figures. */
  static void apply(
      DeepScoreNetwork net,
      EncodedDataset train,
      TrainingConfig config,
      TrainingListener listener) {
    if (config.pretrainTables() != TablePretrain.COOC
        || !net.config().architecture().hasDeepPart()) {
      return;
    }
    TablePretraining pretraining =
        new TablePretraining(
            new TablePretraining.Settings(
                config.pretrainEpochs(),
                config.pretrainNegatives(),
                config.pretrainContexts(),
                LEARNING_RATE,
                SUBSAMPLE),
            net.config().embeddingDim());
    long[] vocabSizes = net.vocabSizes();
    for (int f = 0; f < net.fieldCount(); f++) {
      long t0 = System.nanoTime();
      int vocab = Math.toIntExact(vocabSizes[f]);
      TablePretraining.Vectors v = pretraining.train(train, f, vocab, config.seed() * 31 + f);
      boolean[] rows = new boolean[vocab];
      int seen = 0;
      for (int id = 0; id < vocab; id++) {
        rows[id] = v.pairs() > 0 && v.seen(id);
        seen += rows[id] ? 1 : 0;
      }
      if (seen > 0) {
        net.setDeepTableRows(
            f, v.scaledTo(config.pretrainScale() * config.embeddingInitStd()), rows);
      }
      listener.onNote(
          String.format(
              Locale.ROOT,
              "pretrain cooc field %d: %,d of %,d tokens, %,d pairs, cosine same-row %.3f vs"
                  + " random %.3f, %.1f s",
              f,
              seen,
              vocab,
              v.pairs(),
              v.observedCosine(),
              v.randomCosine(),
              (System.nanoTime() - t0) / 1e9));
    }
  }
}
