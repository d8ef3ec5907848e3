package io.deepscore.cli;

import io.deepscore.model.Architecture;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.Pooling;
import io.deepscore.model.train.EmbeddingOptimizer;
import io.deepscore.model.train.TrainingConfig;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of a network trained with DJL ({@code dnn}, {@code wide-deep}, {@code logistic}): its
 * shape and how it is trained. Values are checked by {@link NetworkConfig} and {@link
 * TrainingConfig}; a bad one is a usage error.
 */
final class NetworkOptions {

  @Option(
      names = "--embedding-dim",
      defaultValue = "32",
      paramLabel = "D",
      description = "Default: ${DEFAULT-VALUE}.")
  int embeddingDim;

  @Option(
      names = "--hidden",
      defaultValue = "256,128",
      split = ",",
      paramLabel = "SIZES",
      description = "Hidden layer sizes. Default: ${DEFAULT-VALUE}.")
  List<Integer> hidden;

  @Option(
      names = "--dropout",
      defaultValue = "0",
      paramLabel = "P",
      description = "Default: ${DEFAULT-VALUE}.")
  float dropout;

  @Option(
      names = "--pooling",
      defaultValue = "mean",
      paramLabel = "P",
      description =
          "How a field's token vectors are combined: mean, sum, sqrtn or max. Default:"
              + " ${DEFAULT-VALUE}.")
  String pooling;

  @Option(
      names = "--pooled-dropout",
      defaultValue = "0",
      paramLabel = "P",
      description =
          "Dropout on the concatenated pooled field vectors (the MLP's input). Default:"
              + " ${DEFAULT-VALUE}.")
  float pooledDropout;

  @Option(
      names = "--token-dropout",
      defaultValue = "0",
      paramLabel = "P",
      description =
          "In training, leave each token out of its field's pooling with probability P. Default:"
              + " ${DEFAULT-VALUE}.")
  float tokenDropout;

  @Option(
      names = "--embedding-init-std",
      defaultValue = "0.1",
      paramLabel = "S",
      description =
          "Standard deviation of the embedding tables' normal initializer. Default:"
              + " ${DEFAULT-VALUE}.")
  float embeddingInitStd;

  @Option(
      names = "--embedding-l2",
      defaultValue = "0",
      paramLabel = "L",
      description =
          "L2 penalty on the embedding rows a batch uses, per occurrence (rows of absent tokens"
              + " are left alone). Default: ${DEFAULT-VALUE}.")
  float embeddingL2;

  @Option(
      names = "--wide-l2",
      defaultValue = "0",
      paramLabel = "L",
      description =
          "The same penalty on the wide part's token weights (wide-deep, logistic). Default:"
              + " ${DEFAULT-VALUE}.")
  float wideL2;

  @Option(
      names = "--warmup-steps",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Linear learning-rate warm-up over the first N steps. Default: ${DEFAULT-VALUE}.")
  int warmupSteps;

  @Option(
      names = "--plateau-decay",
      defaultValue = "1",
      paramLabel = "F",
      description =
          "Multiply the learning rate by F after an epoch without a better validation AUC (1:"
              + " constant). Default: ${DEFAULT-VALUE}.")
  float plateauDecay;

  @Option(
      names = "--embedding-optimizer",
      defaultValue = "adam",
      paramLabel = "O",
      description =
          "How the embedding tables are updated: adam (whole tables every step, as the rest),"
              + " lazy-adam (only the rows a batch uses) or adagrad (only those rows, steps"
              + " shrinking with a token's evidence; --embedding-learning-rate). Default:"
              + " ${DEFAULT-VALUE}.")
  String embeddingOptimizer;

  @Option(
      names = "--embedding-learning-rate",
      defaultValue = "0.05",
      paramLabel = "LR",
      description = "AdaGrad's learning rate for the embedding tables. Default: ${DEFAULT-VALUE}.")
  float embeddingLearningRate;

  @Option(
      names = "--table-decay",
      defaultValue = "0",
      paramLabel = "D",
      description =
          "With lazy-adam or adagrad: every embedding row shrinks by the factor 1 - D per step,"
              + " used or not (rare tokens fade back to zero). Default: ${DEFAULT-VALUE}.")
  float tableDecay;

  @Option(
      names = "--table-shrink",
      defaultValue = "0",
      paramLabel = "A",
      description =
          "With lazy-adam or adagrad: every embedding entry moves towards zero by A per step,"
              + " stopping at zero (L1: uninformative tokens drop out). Default: ${DEFAULT-VALUE}.")
  float tableShrink;

  @Option(
      names = "--fresh-tables",
      description =
          "Start every epoch after the first with freshly drawn embedding tables, the MLP keeping"
              + " its weights (embeddings never see a row twice).")
  boolean freshTables;

  @Option(
      names = "--epochs",
      defaultValue = "40",
      paramLabel = "N",
      description = "Maximum epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--patience",
      defaultValue = "15",
      paramLabel = "N",
      description =
          "Stop after N epochs without a better validation AUC. Default: ${DEFAULT-VALUE}.")
  int patience;

  @Option(
      names = "--batch-size",
      defaultValue = "1024",
      paramLabel = "N",
      description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.001",
      paramLabel = "LR",
      description = "Adam's. Default: ${DEFAULT-VALUE}.")
  float learningRate;

  @Option(
      names = "--weight-decay",
      defaultValue = "0",
      paramLabel = "W",
      description =
          "Adam's L2 weight decay (regularizes the embedding tables). Default: ${DEFAULT-VALUE}.")
  float weightDecay;

  /** The network of {@code architecture} shaped by these options. */
  NetworkConfig network(Architecture architecture) {
    NetworkConfig base =
        architecture == Architecture.LOGISTIC
            ? NetworkConfig.logistic()
            : NetworkConfig.dnn()
                .withArchitecture(architecture)
                .withPooling(Pooling.parse(pooling))
                .withHiddenSizes(hidden)
                .withDropout(dropout)
                .withPooledDropout(pooledDropout)
                .withTokenDropout(tokenDropout);
    return base.withEmbeddingDim(architecture == Architecture.LOGISTIC ? 1 : embeddingDim);
  }

  /** How to train, with the run's seed and engine threads. */
  TrainingConfig training(long seed, int threads) {
    return TrainingConfig.builder()
        .maxEpochs(epochs)
        .patience(patience)
        .batchSize(batchSize)
        .learningRate(learningRate)
        .seed(seed)
        .threads(threads)
        .weightDecay(weightDecay)
        .embeddingInitStd(embeddingInitStd)
        .embeddingL2(embeddingL2)
        .wideL2(wideL2)
        .warmupSteps(warmupSteps)
        .plateauDecay(plateauDecay)
        .embeddingOptimizer(EmbeddingOptimizer.parse(embeddingOptimizer))
        .embeddingLearningRate(embeddingLearningRate)
        .tableDecay(tableDecay)
        .tableShrink(tableShrink)
        .freshTablesEachEpoch(freshTables)
        .build();
  }
}
