package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.report.EvaluationReport;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.spark.evaluate.EvaluateJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepscore evaluate}: champion/challenger report of several bundles on labelled data. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Scores labelled data with several model bundles on Spark (one pass, every model on the"
          + " same rows) and writes a report: ROC AUC, PR AUC, log loss, precision/recall at each"
          + " bundle's threshold, recall at --target-precision, lift in the top 1/5/10%%, the"
          + " deltas of every model against the first, and PNG charts (ROC, PR, gain, score"
          + " histograms).",
      "Output in --out: report.html (open it in a browser; the PNGs sit next to it),"
          + " report.json (for machines). The metrics table is also printed here.",
      "--data is raw records (as 'deepscore score' reads them) or featurized Parquet (then all"
          + " bundles must share the vocabularies that featurized it); detected unless"
          + " --input-kind says. See docs/evaluation.md."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore evaluate --models /tmp/xgboost,/tmp/dnn --data /tmp/g --out /tmp/report",
      "  deepscore evaluate --models /tmp/xgboost,/tmp/dnn --data /tmp/enc --part test"
          + " --target-precision 0.4 --out /tmp/report"
    })
final class EvaluateCommand extends SparkCommand {

  @Option(
      names = "--models",
      required = true,
      split = ",",
      paramLabel = "BUNDLE",
      description = "Model bundle directories, comma-separated; the first is the reference.")
  List<Path> models;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      description = "Labelled data: raw records or featurized Parquet.")
  String data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Report directory (created; report files in it are replaced).")
  Path out;

  @Option(
      names = "--target-precision",
      defaultValue = "0.5",
      paramLabel = "P",
      description =
          "Precision at which recall is compared (threshold chosen on this data)."
              + " Default: ${DEFAULT-VALUE}.")
  double targetPrecision;

  @Option(
      names = "--input-kind",
      defaultValue = "auto",
      paramLabel = "KIND",
      description = "auto, raw or featurized. Default: ${DEFAULT-VALUE}.")
  String inputKind;

  @Option(
      names = "--part",
      defaultValue = "all",
      paramLabel = "PART",
      description =
          "Evaluate only the rows of one holdout part (hash of the id, as 'train' splits):"
              + " all, train, valid or test. Default: ${DEFAULT-VALUE}.")
  String part;

  @Option(
      names = "--valid-fraction",
      defaultValue = "0.1",
      paramLabel = "F",
      description = "With --part: the split's validation fraction. Default: ${DEFAULT-VALUE}.")
  double validFraction;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.1",
      paramLabel = "F",
      description = "With --part: the split's test fraction. Default: ${DEFAULT-VALUE}.")
  double testFraction;

  @Option(
      names = "--batch-size",
      defaultValue = "1024",
      paramLabel = "N",
      description = "Rows per scoring batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Override
  public Integer call() {
    EvaluateJob.Config config = config();
    EvaluationReport report = EvaluateJob.run(spark(), config);
    report.printTable(out());
    out().printf("%nreport: %s%n", out.resolve(EvaluationReport.HTML_FILE));
    return 0;
  }

  EvaluateJob.Config config() {
    try {
      EvaluateJob.Input kind =
          switch (inputKind.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> EvaluateJob.Input.AUTO;
            case "raw" -> EvaluateJob.Input.RAW;
            case "featurized" -> EvaluateJob.Input.FEATURIZED;
            default ->
                throw new InvalidInputException(
                    "--input-kind must be auto, raw or featurized, got '" + inputKind + "'");
          };
      HoldoutSplit split = null;
      HoldoutSplit.Part holdout = null;
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (!p.equals("all")) {
        split = new HoldoutSplit(validFraction, testFraction);
        holdout =
            switch (p) {
              case "train" -> HoldoutSplit.Part.TRAIN;
              case "valid" -> HoldoutSplit.Part.VALID;
              case "test" -> HoldoutSplit.Part.TEST;
              default ->
                  throw new InvalidInputException(
                      "--part must be all, train, valid or test, got '" + part + "'");
            };
      }
      return new EvaluateJob.Config(
          models, data, kind, targetPrecision, out, split, holdout, batchSize);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }
}
