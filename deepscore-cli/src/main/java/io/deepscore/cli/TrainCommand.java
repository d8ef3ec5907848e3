package io.deepscore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code deepscore train <algorithm>}: one subcommand per training algorithm, each with only the
 * options that apply to it. Adding an algorithm is one {@link io.deepscore.model.train.Trainer} and
 * one subcommand class listed here.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a model on a featurized dataset and writes a verified model bundle (manifest with"
          + " sha256 of every file, spec, vocabularies, model, threshold, and the provenance that"
          + " --from-bundle re-trains from). Choose the algorithm:"
    },
    footer = {
      "",
      "Examples:",
      "  deepscore train dnn --spec S --vocab V --train /tmp/enc --out /tmp/model",
      "  deepscore train xgboost --spec S --vocab V --train /tmp/enc --out /tmp/xgb",
      "  deepscore train dnn --from-bundle /tmp/model --out /tmp/again  # same recipe",
      "  deepscore train dnn --help                                      # its options"
    },
    subcommands = {
      TrainDnnCommand.class,
      TrainLogisticCommand.class,
      TrainXgboostCommand.class,
    })
final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine cmd = spec.commandLine();
    cmd.usage(cmd.getErr());
    cmd.getErr().println();
    cmd.getErr().println("deepscore train: an algorithm is required (see the list above).");
    return CommandLine.ExitCode.USAGE;
  }
}
