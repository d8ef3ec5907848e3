package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.Vocabularies;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepscore vocab}: builds one vocabulary per spec field on Spark. */
@Command(
    name = "vocab",
    mixinStandardHelpOptions = true,
    subcommands = VocabImportCommand.class,
    description = {
      "Builds one vocabulary per feature-spec field from raw records, in one Spark job.",
      "Ids: 0 = padding, 1 = out-of-vocabulary, then tokens by descending count (ties by token),"
          + " keeping tokens seen at least min_count times, at most max_size per field.",
      "--spec, --input and --out are required. 'deepscore vocab import' takes mapping tables made"
          + " by another tool instead (see its --help)."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore vocab --spec specs/generated.json --input /tmp/g --out /tmp/vocab",
      "  deepscore vocab import --spec S --out DIR --table FIELD=FILE ...   # tables made elsewhere"
    })
final class VocabCommand extends SparkCommand {

  // Not required=true for picocli: it would then demand them for 'vocab import' too.
  @Option(names = "--spec", paramLabel = "FILE", description = "Feature spec JSON.")
  Path spec;

  @Option(
      names = "--input",
      paramLabel = "PATH",
      description = "Raw records (Parquet, JSON or CSV directory or file).")
  String input;

  @Option(
      names = "--input-format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description =
          "auto (from file names), parquet, json, csv or table. Default: ${DEFAULT-VALUE}.")
  String inputFormat;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Local directory for the <field>.vocab files.")
  Path out;

  @Option(names = "--overwrite", description = "Replace vocabulary files already in --out.")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    if (spec == null || input == null || out == null) {
      throw usage("Missing required options: --spec, --input and --out (or 'vocab import')");
    }
    InputFormat format = parseFormat(inputFormat);
    FeatureSpec featureSpec = SpecInputs.spec(spec);
    for (var field : featureSpec.fields()) {
      Path file = Vocabularies.path(out, field.name());
      if (Files.exists(file) && !overwrite) {
        throw new InvalidInputException(
            "vocabulary " + file + " already exists (remove it or pass --overwrite)");
      }
    }
    var spark = spark();
    var raw = RawInput.read(spark, input, format, featureSpec, false);
    VocabularyJob.Result result = VocabularyJob.build(spark, raw, featureSpec);
    Vocabularies.writeAll(out, result.vocabularies());

    var o = out();
    o.printf(Locale.ROOT, "vocabularies of %s -> %s%n", input, out);
    o.printf(
        Locale.ROOT,
        "%-14s %14s %10s %16s %9s%n",
        "field",
        "distinct seen",
        "kept",
        "occurrences",
        "coverage");
    for (VocabularyJob.FieldSummary f : result.fields()) {
      o.printf(
          Locale.ROOT,
          "%-14s %,14d %,10d %,16d %8.2f%%%n",
          f.field(),
          f.distinctSeen(),
          f.kept(),
          f.occurrences(),
          100 * f.coverage());
    }
    o.printf(
        Locale.ROOT,
        "rows read: %,d; values that could not be tokenized (skipped here, rejected by featurize/score): %,d; %.1f s%n",
        result.rows(),
        result.invalidValues(),
        result.seconds());
    return 0;
  }

  InputFormat parseFormat(String value) {
    try {
      return InputFormat.parse(value);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage("--input-format: " + e.getMessage());
    }
  }
}
