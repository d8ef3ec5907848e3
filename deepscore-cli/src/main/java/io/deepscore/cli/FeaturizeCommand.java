package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.NpzExport;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.io.TooManyRejectsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepscore featurize}: raw records to the model's fixed-length integer inputs. */
@Command(
    name = "featurize",
    mixinStandardHelpOptions = true,
    description = {
      "Encodes raw records into the model's input: the id, the label when present, and one"
          + " array<int> column per spec field of exactly max_length vocabulary ids (padded with the field's padding id, 0 unless an imported table says otherwise).",
      "Rows that cannot be encoded are written with a reason to --rejects (or fail the job with"
          + " --invalid-rows error). Rows in = encoded + rejected, always; a run that rejects"
          + " every row, or more than --max-reject-fraction, exits 3 after writing.",
      "Outputs are written all or nothing, with _SUCCESS and _deepscore.json (docs/scoring.md)."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore featurize --spec specs/generated.json --vocab /tmp/vocab --input /tmp/g"
          + " --out /tmp/enc",
      "  deepscore featurize ... --out /tmp/enc.npz --format npz   # for python/train.py"
    })
final class FeaturizeCommand extends SparkCommand {

  enum Format {
    parquet,
    npz
  }

  @Mixin SpecVocabOptions inputs;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Raw records.")
  String input;

  @Option(
      names = "--input-format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description =
          "auto (from the file names: .parquet, .json, .jsonl, .ndjson, .csv, also .gz),"
              + " parquet, json, csv or table. Default: ${DEFAULT-VALUE}.")
  String inputFormat;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description =
          "Encoded output: a Parquet directory, or with --format npz a local .npz file (the Parquet"
              + " then goes to PATH.parquet).")
  String out;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      paramLabel = "FORMAT",
      description =
          "parquet or npz (numpy reads it without extra packages). Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(
      names = "--rejects",
      paramLabel = "PATH",
      description = "Where rejected rows go, as JSON lines with a reason. Default: <out>.rejects.")
  String rejects;

  @Option(
      names = "--invalid-rows",
      defaultValue = "reject",
      paramLabel = "POLICY",
      description =
          "reject (write to --rejects and go on) or error (fail at the first). Default: ${DEFAULT-VALUE}.")
  String invalidRows;

  @Option(names = "--overwrite", description = "Replace earlier outputs of deepscore (atomically).")
  boolean overwrite;

  @Mixin RejectLimitOptions limits;

  @Override
  public Integer call() {
    InvalidRowPolicy policy;
    InputFormat parsedFormat;
    double maxRejects;
    try {
      policy = InvalidRowPolicy.parse(invalidRows);
      parsedFormat = InputFormat.parse(inputFormat);
      maxRejects = limits.maxRejectFraction();
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    FeatureSpec featureSpec = inputs.spec();
    var vocabularies = inputs.vocabularies(featureSpec);
    Path npz = null;
    String parquet = out;
    if (format == Format.npz) {
      npz = Path.of(out);
      if (Files.exists(npz) && !overwrite) {
        throw new InvalidInputException(
            "output " + npz + " already exists (remove it or pass --overwrite)");
      }
      parquet = out + ".parquet";
    }
    String rejectsPath = rejects != null ? rejects : out + ".rejects";
    var spark = spark();
    OutputPaths.checkWritable(spark, parquet, overwrite);
    OutputPaths.checkWritable(spark, rejectsPath, overwrite);
    var raw = RawInput.read(spark, input, parsedFormat, featureSpec, false, limits.allowEmpty);
    FeaturizeJob.Result r;
    try {
      r =
          FeaturizeJob.run(
              spark,
              raw,
              featureSpec,
              vocabularies,
              new FeaturizeJob.Options(policy, parquet, rejectsPath, overwrite, input, maxRejects));
    } catch (TooManyRejectsException e) {
      e.summary().forEach(out()::println);
      throw e;
    }
    var o = out();
    r.lines().forEach(o::println);
    if (npz != null) {
      long rows = NpzExport.write(spark.read().parquet(parquet), npz);
      o.printf(Locale.ROOT, "npz: %s (%,d rows)%n", npz, rows);
    }
    return 0;
  }
}
