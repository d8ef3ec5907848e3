package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.Timeline;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.io.TooManyRejectsException;
import io.deepscore.spark.score.BundleRef;
import io.deepscore.spark.score.RunProfiles;
import io.deepscore.spark.score.ScoreConfig;
import io.deepscore.spark.score.ScoreJob;
import io.deepscore.spark.score.ScoreSummary;
import io.deepscore.spark.score.ThreadPlan;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepscore score}: scores raw records with a model bundle inside the Spark executors. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Scores raw user records with a model bundle inside the Spark executors: the model is"
          + " loaded once per executor JVM, rows are scored in batches, one scorer per task.",
      "Before any Spark job the bundle is verified, the input schema checked against the"
          + " bundle's feature spec and the model loaded; each task checks its first batch's"
          + " scores: mistakes fail in seconds.",
      "Output: Parquet with the id column, score (float probability), model_version (bundle id),"
          + " the --pass-through columns and, with --audience, audience (score >= threshold)."
          + " Rows that cannot be encoded go to --rejects with a reason. Rows in = scored +"
          + " rejected, always; a run that rejects every row, or more than"
          + " --max-reject-fraction, exits 3 after writing.",
      "Outputs are written all or nothing: into a hidden sibling, renamed into place when"
          + " complete, with _SUCCESS and _deepscore.json (the run's counts, docs/scoring.md).",
      "The scores output also holds the run profile (_profile.json: score histogram, per field"
          + " OOV/empty/truncated shares) and each user's features hash (_features), which"
          + " --previous and --incremental of a later run read (docs/operations.md).",
      "Several bundles (--model A,B,C) are scored in one pass: each row is read once and encoded"
          + " once per distinct spec and vocabularies; the output has per bundle a score column"
          + " named by the bundle name (its id without the content suffix), NAME_model_version"
          + " and, with --audience, NAME_audience (each bundle's own threshold). A row one bundle"
          + " cannot encode is rejected once. Names that collide are refused (exit 3);"
          + " --threshold, --incremental and --previous take one bundle."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore score --model /tmp/bundle --input /tmp/g --out /tmp/scores",
      "  deepscore score --model hdfs:///models/car-2026-11 --input db.users --input-format table"
          + " --out hdfs:///scores/2026-11-27 --audience --pass-through event_day",
      "  deepscore score --model /m/car,/m/car-seed7,/m/bike --input /raw/d2 --out /scores/d2"
          + " --audience",
      "  deepscore score --model /m --input /raw/d2 --out /scores/d2 --audience --previous"
          + " /scores/d1 --fail-psi 0.2",
      "  spark-submit --files ... : ship the bundle with SparkContext.addFile(dir, true) and pass"
          + " its name to --model (docs/scoring.md)"
    })
final class ScoreCommand extends SparkCommand {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "BUNDLE[,BUNDLE...]",
      description =
          "Model bundle directory: a local path, file:, hdfs:, s3a: URI or a shipped name."
              + " Several, comma-separated, are scored in one pass.")
  String model;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH|TABLE",
      description = "Raw records (a path) or a table name with --input-format table.")
  String input;

  @Option(
      names = "--input-format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description =
          "auto (from the file names: .parquet, .json, .jsonl, .ndjson, .csv, also .gz),"
              + " parquet, json, csv or table. Default: ${DEFAULT-VALUE}.")
  String inputFormat;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "Scores (Parquet).")
  String out;

  @Option(
      names = "--rejects",
      paramLabel = "PATH",
      description = "Rejected rows as JSON lines with a reason. Default: <out>.rejects.")
  String rejects;

  @Option(
      names = "--batch-size",
      defaultValue = "" + ScoreConfig.DEFAULT_BATCH_SIZE,
      paramLabel = "N",
      description = "Rows per forward pass. Default: ${DEFAULT-VALUE} (docs/tuning.md).")
  int batchSize;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "libtorch intra-op threads per task; 0 = executor cores / concurrent tasks."
              + " Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--invalid-rows",
      defaultValue = "reject",
      paramLabel = "POLICY",
      description =
          "reject (write to --rejects and go on) or error (fail at the first). Default:"
              + " ${DEFAULT-VALUE}.")
  String invalidRows;

  @Option(
      names = "--audience",
      description = "Add the boolean audience column: score >= threshold.")
  boolean audience;

  @Option(
      names = "--threshold",
      paramLabel = "T",
      description =
          "Audience threshold in [0, 1]. Default: the bundle's target-precision threshold.")
  Double threshold;

  @Option(
      names = "--pass-through",
      split = ",",
      paramLabel = "COL",
      description = "Input columns copied to the output, comma-separated.")
  List<String> passThrough = new ArrayList<>();

  @Option(
      names = "--overwrite",
      description =
          "Replace earlier outputs of deepscore (atomically: the new output is written aside and"
              + " renamed into place).")
  boolean overwrite;

  @Mixin RejectLimitOptions limits;

  @Option(
      names = "--previous",
      paramLabel = "OUT",
      description =
          "After scoring, compare this run with an earlier score output (yesterday's) as"
              + " 'deepscore drift' does: PSI, field shifts, audience change, drift report.")
  String previous;

  @Mixin DriftOptions drift;

  @Option(
      names = "--incremental",
      paramLabel = "PREVIOUS_OUT",
      description =
          "Reuse the scores of an earlier score output (same bundle) for the users whose encoded"
              + " features are unchanged; only new and changed users go through the model. The"
              + " output still has every input user once. A different bundle means a full run.")
  String incremental;

  @Override
  public Integer call() {
    InvalidRowPolicy policy;
    InputFormat format;
    ScoreConfig config;
    try {
      policy = InvalidRowPolicy.parse(invalidRows);
      format = InputFormat.parse(inputFormat);
      if (threshold != null && !audience) {
        throw new InvalidInputException("--threshold needs --audience");
      }
      ScoreConfig.Builder b =
          ScoreConfig.builder()
              .modelUri(model)
              .output(out)
              .rejects(rejects)
              .batchSize(batchSize)
              .threads(threads)
              .invalidRowPolicy(policy)
              .passThrough(passThrough)
              .audience(audience)
              .overwrite(overwrite)
              .maxRejectFraction(limits.maxRejectFraction())
              .input(input)
              .incremental(incremental);
      if (threshold != null) {
        b.threshold(threshold);
      }
      drift.validate();
      if (previous == null && drift.given()) {
        throw new InvalidInputException(
            "--report, --fail-psi and --field-shift compare with a previous run: add --previous");
      }
      config = b.build();
      if (previous != null && config.modelUris().size() > 1) {
        throw new InvalidInputException(
            "--previous compares one model's runs: score several models without it, or run"
                + " 'deepscore drift' on single-model outputs");
      }
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    var spark = spark();
    OutputPaths.checkWritable(spark, config.output(), config.overwrite());
    OutputPaths.checkWritable(spark, config.rejects(), config.overwrite());
    List<BundleRef> refs = new ArrayList<>();
    for (String uri : config.modelUris()) {
      refs.add(
          BundleRef.resolve(
              spark,
              uri,
              config.bundleCacheDir(),
              ThreadPlan.derive(spark.sparkContext(), config.threads())));
    }
    BundleRef ref = refs.get(0);
    Timeline.mark("output paths checked, bundles verified");
    if (previous != null) {
      RunProfiles.read(spark.sparkContext().hadoopConfiguration(), previous); // fail before work
    }
    var raw = RawInput.read(spark, input, format, ref.bundle().spec(), false, limits.allowEmpty);
    Timeline.mark("input resolved (format, files, schema)");
    ScoreSummary summary;
    try {
      summary = ScoreJob.run(spark, refs, raw, config);
    } catch (TooManyRejectsException e) {
      e.summary().forEach(out()::println);
      throw e;
    }
    var o = out();
    summary.lines().forEach(o::println);
    o.flush();
    if (summary.nonFiniteScores() > 0) {
      // written, counted and reported: but a model that outputs NaN must not pass silently
      spec.commandLine()
          .getErr()
          .printf(
              "deepscore score: %d scores are NaN or infinite (see %s): check the model%n",
              summary.nonFiniteScores(), summary.output());
      return 1;
    }
    if (previous != null) {
      return drift.check(
          spark.sparkContext().hadoopConfiguration(),
          config.output(),
          previous,
          o,
          spec.commandLine().getErr());
    }
    return 0;
  }
}
