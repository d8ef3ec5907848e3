package io.deepscore.cli;

import io.deepscore.model.NetworkConfig;
import io.deepscore.spark.train.TrainingRecipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code deepscore train dnn}: the deep network of the brief, trained in Java with DJL. */
@Command(
    name = "dnn",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the DNN in Java with DJL: one embedding table per field, each field's token"
          + " embeddings pooled (--pooling, sqrt-n by default), the field vectors concatenated into"
          + " an MLP, one output logit (docs/model.md).",
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
      "  deepscore train dnn ... --batch-size 256 --embedding-l2 1e-4 --out /tmp/model-tuned",
      "  deepscore train dnn --from-bundle /tmp/model --out /tmp/again         # reproduce it",
      "  deepscore train dnn --from-bundle /tmp/model --seed 7 --out /tmp/seed7 # another seed"
    })
final class TrainDnnCommand extends TrainAlgorithmCommand {

  @Mixin NetworkShapeOptions shape;

  @Mixin NetworkTrainingOptions training;

  @Override
  Algorithm algorithm(TrainingRecipe recipe) {
    return network(NetworkConfig.dnn(), shape, training, recipe);
  }
}
