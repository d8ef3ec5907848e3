package io.deepscore.cli;

import io.deepscore.model.NetworkConfig;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.spark.train.TrainingRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deepscore train logistic}: the linear baseline, trained like the DNN. */
@Command(
    name = "logistic",
    mixinStandardHelpOptions = true,
    description = {
      "Trains logistic regression over the same tokens in Java with DJL: one weight per token,"
          + " summed over every field, plus a bias; the linear baseline the DNN has to beat.",
      "Same training loop as 'train dnn' (Adam, early stopping on validation AUC, --seed)."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore train logistic --spec specs/generated.json --vocab /tmp/vocab --train /tmp/enc"
          + " --out /tmp/logistic",
      "  deepscore train logistic --from-bundle /tmp/logistic --out /tmp/logistic-again"
    })
final class TrainLogisticCommand extends TrainAlgorithmCommand {

  @Mixin NetworkTrainingOptions training;

  @Override
  Algorithm algorithm(TrainingRecipe recipe) {
    TrainingConfig config = networkTraining(training, recipe);
    return new Algorithm(
        new DnnTrainer(NetworkConfig.logistic(), config), "epoch", config.maxEpochs());
  }
}
