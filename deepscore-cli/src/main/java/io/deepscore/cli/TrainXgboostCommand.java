package io.deepscore.cli;

import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostTrainer;
import io.deepscore.spark.train.TrainingRecipe;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepscore train xgboost}: the gradient-boosted trees baseline. */
@Command(
    name = "xgboost",
    mixinStandardHelpOptions = true,
    description = {
      "Trains gradient-boosted trees with XGBoost4J in the JVM on the same encoded rows as the"
          + " DNN, as sparse multi-hot vectors (one column per field token), early stopping on"
          + " validation AUC after --early-stopping-rounds (docs/evaluation.md): the model the"
          + " DNN replaced."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore train xgboost --spec specs/generated.json --vocab /tmp/vocab --train /tmp/enc"
          + " --out /tmp/xgboost",
      "  deepscore train xgboost ... --max-depth 8 --eta 0.05 --out /tmp/xgboost-deep",
      "  deepscore train xgboost --from-bundle /tmp/xgboost --out /tmp/xgboost-again"
    })
final class TrainXgboostCommand extends TrainAlgorithmCommand {

  @Option(
      names = "--max-rounds",
      defaultValue = "500",
      paramLabel = "N",
      description = "Maximum boosting rounds. Default: ${DEFAULT-VALUE}.")
  int maxRounds;

  @Option(
      names = "--early-stopping-rounds",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "Stop after N rounds without a better validation AUC. Default: ${DEFAULT-VALUE}.")
  int earlyStoppingRounds;

  @Option(
      names = "--max-depth",
      defaultValue = "6",
      paramLabel = "D",
      description = "Tree depth. Default: ${DEFAULT-VALUE}.")
  int maxDepth;

  @Option(
      names = "--eta",
      defaultValue = "0.1",
      paramLabel = "ETA",
      description = "Learning rate. Default: ${DEFAULT-VALUE}.")
  double eta;

  @Option(
      names = "--subsample",
      defaultValue = "0.8",
      paramLabel = "F",
      description = "Share of rows sampled per tree. Default: ${DEFAULT-VALUE}.")
  double subsample;

  @Option(
      names = "--colsample-bytree",
      defaultValue = "0.8",
      paramLabel = "F",
      description = "Share of columns sampled per tree. Default: ${DEFAULT-VALUE}.")
  double colsampleBytree;

  @Option(
      names = "--min-child-weight",
      defaultValue = "1",
      paramLabel = "W",
      description = "Minimum hessian sum per leaf. Default: ${DEFAULT-VALUE}.")
  double minChildWeight;

  @Option(
      names = "--lambda",
      defaultValue = "1",
      paramLabel = "L",
      description = "L2 regularization of leaf weights. Default: ${DEFAULT-VALUE}.")
  double lambda;

  @Override
  Algorithm algorithm(TrainingRecipe recipe) {
    XgboostParams p =
        recorded(
            XgboostParams.class,
            recipe == null ? Map.of() : recipe.config(),
            XgboostParams.defaults());
    p = use("--max-rounds") ? p.withMaxRounds(maxRounds) : p;
    p = use("--early-stopping-rounds") ? p.withEarlyStoppingRounds(earlyStoppingRounds) : p;
    p = use("--max-depth") ? p.withMaxDepth(maxDepth) : p;
    p = use("--eta") ? p.withEta(eta) : p;
    p = use("--subsample") ? p.withSubsample(subsample) : p;
    p = use("--colsample-bytree") ? p.withColsampleBytree(colsampleBytree) : p;
    p = use("--min-child-weight") ? p.withMinChildWeight(minChildWeight) : p;
    p = use("--lambda") ? p.withLambda(lambda) : p;
    p = use("--seed") ? p.withSeed(seed) : p;
    p = use("--threads") ? p.withThreads(threads) : p;
    return new Algorithm(new XgboostTrainer(p), "round", p.maxRounds());
  }
}
