package io.deepscore.cli;

import io.deepscore.spark.generate.GenerationSummary;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.NextDay;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.OutputPaths;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepscore generate}: synthetic raw user records with a hidden ground truth. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes synthetic raw user records (device name and model, app packages, ad campaigns,"
          + " label) as a Spark job: rows are made per partition from the seed, so any N fits and"
          + " the same seed and N give identical data. The label follows a hidden ground truth"
          + " with interactions (docs/data.md)."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore generate --users 100000 --out /tmp/g",
      "  deepscore generate --users 50000 --bad-rows 0.01 --format json --out /tmp/g-json",
      "  deepscore generate --from /tmp/g --changed 0.2 --app-shift 0.5 --out /tmp/g-day2"
    })
final class GenerateCommand extends SparkCommand {

  @Option(
      names = "--users",
      paramLabel = "N",
      description = "Number of users (> 0); not with --from.")
  Long users;

  @Option(
      names = "--from",
      paramLabel = "DAY1",
      description =
          "Make the next day from this generated day (Parquet): the same users, --changed of"
              + " them with --app-shift of their apps replaced by packages DAY1 never had.")
  String from;

  @Option(
      names = "--changed",
      defaultValue = "0.1",
      paramLabel = "F",
      description = "With --from: share of users whose apps change. Default: ${DEFAULT-VALUE}.")
  double changed;

  @Option(
      names = "--app-shift",
      defaultValue = "0.5",
      paramLabel = "F",
      description =
          "With --from: share of a changed user's apps replaced by new packages. Default:"
              + " ${DEFAULT-VALUE}.")
  double appShift;

  @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output directory.")
  String out;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      paramLabel = "FORMAT",
      description = "parquet, json or csv (arrays as |-joined strings). Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  @Option(
      names = "--bad-rows",
      defaultValue = "0",
      paramLabel = "FRACTION",
      description =
          "Fraction of rows (0..0.5) given one realistic defect (nulls, empty or huge arrays,"
              + " replacement characters, blank tokens) for robustness tests. Default: ${DEFAULT-VALUE}.")
  double badRows;

  @Option(
      names = "--partitions",
      paramLabel = "P",
      description = "Output partitions (default: max(8, users / 250000)).")
  Integer partitions;

  @Option(names = "--overwrite", description = "Replace an existing output directory.")
  boolean overwrite;

  @Override
  public Integer call() {
    if (from != null) {
      return nextDay();
    }
    if (users == null) {
      throw usage("give --users N (or --from DAY1 to make the next day of a generated day)");
    }
    if (users <= 0) {
      throw usage("--users must be > 0, got " + users);
    }
    if (!(badRows >= 0 && badRows <= GeneratorConfig.MAX_BAD_ROW_FRACTION)) {
      throw usage(
          "--bad-rows must be in [0, "
              + GeneratorConfig.MAX_BAD_ROW_FRACTION
              + "], got "
              + badRows);
    }
    if (partitions != null && partitions <= 0) {
      throw usage("--partitions must be > 0, got " + partitions);
    }
    GeneratorConfig.Builder config =
        GeneratorConfig.builder().users(users).seed(seed).badRowFraction(badRows);
    if (partitions != null) {
      config.partitions(partitions);
    }
    var spark = spark();
    OutputPaths.checkWritable(spark, out, overwrite);
    GenerationSummary s = UserDataGenerator.write(spark, config.build(), out, format, overwrite);
    print(s);
    return 0;
  }

  private int nextDay() {
    if (users != null || badRows != 0) {
      throw usage("--from keeps day 1's users: leave out --users and --bad-rows");
    }
    if (!(changed >= 0 && changed <= 1) || !(appShift >= 0 && appShift <= 1)) {
      throw usage("--changed and --app-shift must be in [0, 1], got " + changed + ", " + appShift);
    }
    var spark = spark();
    OutputPaths.checkWritable(spark, out, overwrite);
    NextDay.Summary s = NextDay.write(spark, from, out, changed, appShift, seed, overwrite);
    out()
        .printf(
            Locale.ROOT,
            "next day of %s -> %s: %,d users, %,d changed (apps: %.0f%% replaced by new"
                + " packages)%n",
            from,
            out,
            s.rows(),
            s.changed(),
            100 * appShift);
    return 0;
  }

  void print(GenerationSummary s) {
    var o = out();
    o.printf(
        Locale.ROOT,
        "generated %,d users -> %s (%s, %.1f MB, %.0f bytes/row) in %.1f s%n",
        s.rowsWritten(),
        s.path(),
        s.format().name().toLowerCase(Locale.ROOT),
        s.bytesOnDisk() / 1e6,
        s.bytesPerRow(),
        s.seconds());
    o.printf(
        Locale.ROOT, "label rate: %.2f%% (%,d positives)%n", 100 * s.labelRate(), s.positives());
    if (s.badRows() > 0) {
      o.printf(Locale.ROOT, "bad rows injected: %,d", s.badRows());
      s.badRowsByKind().entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> o.printf(Locale.ROOT, "; %s %,d", e.getKey(), e.getValue()));
      o.println();
    }
  }
}
