package io.deepscore.cli;

import io.deepscore.model.NetworkConfig;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.spark.train.TrainingRecipe;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepscore train dnn}: the deep network of the brief, trained in Java with DJL. */
@Command(
    name = "dnn",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the DNN in Java with DJL: one embedding table per field, the mean of each field's"
          + " token embeddings, the field vectors concatenated into an MLP, one output logit"
          + " (docs/model.md).",
      "Sigmoid binary cross-entropy, Adam, shuffled mini-batches, deterministic for a --seed; at"
          + " most --epochs epochs, stopping after --patience epochs without a better validation"
          + " AUC and keeping the best epoch's weights.",
      "Without --valid, rows are split by a hash of the id: --valid-fraction for validation,"
          + " --test-fraction held out of training entirely (for evaluation), the rest for"
          + " training."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore train dnn --spec specs/generated.json --vocab /tmp/vocab --train /tmp/enc"
          + " --out /tmp/model",
      "  deepscore train dnn ... --batch-size 256 --weight-decay 1e-4 --out /tmp/model-tuned",
      "  deepscore train dnn --from-bundle /tmp/model --out /tmp/again         # reproduce it",
      "  deepscore train dnn --from-bundle /tmp/model --seed 7 --out /tmp/seed7 # another seed"
    })
final class TrainDnnCommand extends TrainAlgorithmCommand {

  @Mixin NetworkTrainingOptions training;

  @Option(
      names = "--embedding-dim",
      defaultValue = "32",
      paramLabel = "D",
      description = "Width of every field's embedding. Default: ${DEFAULT-VALUE}.")
  int embeddingDim;

  @Option(
      names = "--hidden",
      defaultValue = "256,128",
      split = ",",
      paramLabel = "SIZES",
      description = "Hidden layer sizes of the MLP. Default: ${DEFAULT-VALUE}.")
  List<Integer> hidden;

  @Option(
      names = "--dropout",
      defaultValue = "0",
      paramLabel = "P",
      description = "Dropout after every hidden layer, in [0, 1). Default: ${DEFAULT-VALUE}.")
  float dropout;

  @Override
  Algorithm algorithm(TrainingRecipe recipe) {
    Map<String, Object> recordedNetwork = recipe == null ? Map.of() : recipe.network();
    NetworkConfig network = recorded(NetworkConfig.class, recordedNetwork, NetworkConfig.dnn());
    network = use("--embedding-dim") ? network.withEmbeddingDim(embeddingDim) : network;
    network = use("--hidden") ? network.withHiddenSizes(hidden) : network;
    network = use("--dropout") ? network.withDropout(dropout) : network;
    TrainingConfig config = networkTraining(training, recipe);
    return new Algorithm(new DnnTrainer(network, config), "epoch", config.maxEpochs());
  }
}
