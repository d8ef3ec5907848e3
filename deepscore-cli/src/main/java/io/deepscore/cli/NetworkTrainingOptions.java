package io.deepscore.cli;

import io.deepscore.model.train.EmbeddingOptimizer;
import io.deepscore.model.train.TablePretrain;
import io.deepscore.model.train.TrainingConfig;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * How the networks trained in Java with DJL ({@code dnn}, {@code wide-deep}, {@code logistic}) are
 * trained: epochs, early stopping, mini-batches, Adam and its schedule, regularization and
 * optimizers of the embedding tables. A mixin, so every network algorithm offers exactly these;
 * values are checked by {@link TrainingConfig} (a bad one is a usage error).
 */
final class NetworkTrainingOptions {

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
      description = "Rows per mini-batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--learning-rate",
      defaultValue = "0.001",
      paramLabel = "LR",
      description = "Adam's. Default: ${DEFAULT-VALUE}.")
  float learningRate;

  @Option(
      names = "--weight-decay",
      defaultValue = "3e-4",
      paramLabel = "W",
      description =
          "Adam's L2 weight decay on every parameter (with the dense adam embedding optimizer it"
              + " also pulls the rows of tokens absent from a batch). Default: ${DEFAULT-VALUE}.")
  float weightDecay;

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
      names = "--epoch-decay",
      defaultValue = "1",
      paramLabel = "F",
      description =
          "Multiply the learning rate by F after every epoch (0.5: halve it per epoch; 1:"
              + " constant). Default: ${DEFAULT-VALUE}.")
  float epochDecay;

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
      names = "--pretrain-tables",
      defaultValue = "cooc",
      paramLabel = "P",
      description =
          "How the deep embedding tables start: none (random) or cooc (label-free co-occurrence"
              + " pretraining on the training rows: skip-gram with negative sampling over each"
              + " row's tokens of a field). Default: ${DEFAULT-VALUE}.")
  String pretrainTables;

  @Option(
      names = "--pretrain-epochs",
      defaultValue = "3",
      paramLabel = "N",
      description = "With cooc: passes over the training rows. Default: ${DEFAULT-VALUE}.")
  int pretrainEpochs;

  @Option(
      names = "--pretrain-negatives",
      defaultValue = "5",
      paramLabel = "K",
      description = "With cooc: negatives per positive pair. Default: ${DEFAULT-VALUE}.")
  int pretrainNegatives;

  @Option(
      names = "--pretrain-contexts",
      defaultValue = "4",
      paramLabel = "C",
      description =
          "With cooc: context tokens drawn per token of a row. Default: ${DEFAULT-VALUE}.")
  int pretrainContexts;

  @Option(
      names = "--pretrain-scale",
      defaultValue = "2",
      paramLabel = "S",
      description =
          "With cooc: the pretrained rows' RMS entry as a multiple of --embedding-init-std."
              + " Default: ${DEFAULT-VALUE}.")
  float pretrainScale;

  /**
   * {@code base} with the options {@code use} accepts (all of them, or with {@code --from-bundle}
   * only those given on the command line).
   */
  TrainingConfig apply(TrainingConfig base, Predicate<String> use, long seed, int threads) {
    TrainingConfig.Builder b = base.toBuilder();
    if (use.test("--epochs")) {
      b.maxEpochs(epochs);
    }
    if (use.test("--patience")) {
      b.patience(patience);
    }
    if (use.test("--batch-size")) {
      b.batchSize(batchSize);
    }
    if (use.test("--learning-rate")) {
      b.learningRate(learningRate);
    }
    if (use.test("--weight-decay")) {
      b.weightDecay(weightDecay);
    }
    if (use.test("--embedding-init-std")) {
      b.embeddingInitStd(embeddingInitStd);
    }
    if (use.test("--embedding-l2")) {
      b.embeddingL2(embeddingL2);
    }
    if (use.test("--wide-l2")) {
      b.wideL2(wideL2);
    }
    if (use.test("--warmup-steps")) {
      b.warmupSteps(warmupSteps);
    }
    if (use.test("--plateau-decay")) {
      b.plateauDecay(plateauDecay);
    }
    if (use.test("--epoch-decay")) {
      b.epochDecay(epochDecay);
    }
    if (use.test("--embedding-optimizer")) {
      b.embeddingOptimizer(EmbeddingOptimizer.parse(embeddingOptimizer));
    }
    if (use.test("--embedding-learning-rate")) {
      b.embeddingLearningRate(embeddingLearningRate);
    }
    if (use.test("--table-decay")) {
      b.tableDecay(tableDecay);
    }
    if (use.test("--table-shrink")) {
      b.tableShrink(tableShrink);
    }
    if (use.test("--fresh-tables")) {
      b.freshTablesEachEpoch(freshTables);
    }
    if (use.test("--pretrain-tables")) {
      b.pretrainTables(TablePretrain.parse(pretrainTables));
    }
    if (use.test("--pretrain-epochs")) {
      b.pretrainEpochs(pretrainEpochs);
    }
    if (use.test("--pretrain-negatives")) {
      b.pretrainNegatives(pretrainNegatives);
    }
    if (use.test("--pretrain-contexts")) {
      b.pretrainContexts(pretrainContexts);
    }
    if (use.test("--pretrain-scale")) {
      b.pretrainScale(pretrainScale);
    }
    if (use.test("--seed")) {
      b.seed(seed);
    }
    if (use.test("--threads")) {
      b.threads(threads);
    }
    return b.build();
  }
}
