package io.deepscore.cli;

import io.deepscore.model.train.TrainingConfig;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The options of the networks trained in Java with DJL ({@code dnn}, {@code logistic}): epochs,
 * early stopping, mini-batches, Adam. A mixin, so every network algorithm offers exactly these.
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
      defaultValue = "0",
      paramLabel = "W",
      description =
          "Adam's L2 weight decay (regularizes the embedding tables). Default: ${DEFAULT-VALUE}.")
  float weightDecay;

  /**
   * {@code base} with the options {@code use} accepts (all of them, or with {@code --from-bundle}
   * only those given on the command line).
   */
  TrainingConfig apply(TrainingConfig base, Predicate<String> use, long seed, int threads) {
    TrainingConfig c = base;
    c = use.test("--epochs") ? c.withMaxEpochs(epochs) : c;
    c = use.test("--patience") ? c.withPatience(patience) : c;
    c = use.test("--batch-size") ? c.withBatchSize(batchSize) : c;
    c = use.test("--learning-rate") ? c.withLearningRate(learningRate) : c;
    c = use.test("--weight-decay") ? c.withWeightDecay(weightDecay) : c;
    c = use.test("--seed") ? c.withSeed(seed) : c;
    return use.test("--threads") ? c.withThreads(threads) : c;
  }
}
