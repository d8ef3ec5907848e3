package io.deepscore.cli;

import io.deepscore.model.NetworkConfig;
import io.deepscore.spark.train.TrainingRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code deepscore train wide-deep}: the DNN plus a linear "wide" part (one weight per token, the
 * logistic model), trained jointly in Java with DJL.
 */
@Command(
    name = "wide-deep",
    mixinStandardHelpOptions = true,
    description = {
      "Trains Wide & Deep in Java with DJL: the DNN of 'train dnn' and, added to its output logit,"
          + " a wide part with one weight per token of every field (the logistic model), both"
          + " trained together (docs/model.md).",
      "Same training loop and options as 'train dnn'; --wide-l2 regularizes the wide weights."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore train wide-deep --spec specs/generated.json --vocab /tmp/vocab --train /tmp/enc"
          + " --out /tmp/wd",
      "  deepscore train wide-deep --from-bundle /tmp/wd --seed 7 --out /tmp/wd-seed7"
    })
final class TrainWideDeepCommand extends TrainAlgorithmCommand {

  @Mixin NetworkShapeOptions shape;

  @Mixin NetworkTrainingOptions training;

  @Override
  Algorithm algorithm(TrainingRecipe recipe) {
    return network(NetworkConfig.wideDeep(), shape, training, recipe);
  }
}
