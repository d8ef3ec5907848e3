package io.deepscore.cli;

import io.deepscore.eval.ParityStatistics;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.interop.NpyArray;
import io.deepscore.spark.parity.ParityScoring;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepscore parity}: the JVM's scores against Python's, as the brief's table. */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the scores of a model bundle in the JVM with reference scores from Python"
          + " (python/score.py: float32 .npy, bit-exact) on the same rows, and prints the"
          + " statistics of the absolute differences (count, mean, variance, p25, p50, p75, p99,"
          + " max), the bit-identical fraction, the largest float32 ulp distance and the rows"
          + " that differ most.",
      "Exit code 1 when the max or the p99 exceeds its bound."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore parity --model /tmp/bundle-ts --data /tmp/enc.npz.parquet"
          + " --reference /tmp/py-scores.npy --ids /tmp/py-ids.npy",
      "  deepscore parity --model /tmp/bundle-ts --scores /tmp/scores --reference"
          + " /tmp/py-scores.npy --ids /tmp/py-ids.npy"
    })
final class ParityCommand extends SparkCommand {

  static final class Candidate {
    @Option(
        names = "--data",
        required = true,
        paramLabel = "PATH",
        description =
            "Featurized Parquet (deepscore featurize; with --format npz it is <out>.parquet):"
                + " scored here with --model.")
    String data;

    @Option(
        names = "--scores",
        required = true,
        paramLabel = "PATH",
        description = "Parquet output of 'deepscore score' (id column and float 'score').")
    String scores;
  }

  @Option(
      names = "--model",
      required = true,
      paramLabel = "BUNDLE",
      description = "Model bundle directory (its spec names the id column).")
  Path model;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Candidate candidate;

  @Option(
      names = "--reference",
      required = true,
      paramLabel = "FILE",
      description = "Reference scores, float32 .npy (python/score.py --out).")
  Path reference;

  @Option(
      names = "--ids",
      paramLabel = "FILE",
      description =
          "Ids of the reference rows, .npy (python/score.py --ids): rows are matched by id."
              + " Without it the rows must be in the same order (needed with --scores).")
  Path ids;

  @Option(
      names = "--max-abs",
      defaultValue = "1e-6",
      paramLabel = "X",
      description = "Bound of the largest absolute difference. Default: ${DEFAULT-VALUE}.")
  double maxAbs;

  @Option(
      names = "--p99",
      defaultValue = "3e-7",
      paramLabel = "X",
      description = "Bound of the 99th percentile. Default: ${DEFAULT-VALUE}.")
  double p99;

  @Option(
      names = "--top",
      defaultValue = "10",
      paramLabel = "K",
      description = "Rows with the largest differences to show. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(
      names = "--batch-size",
      defaultValue = "1024",
      paramLabel = "N",
      description = "Rows per engine call (--data). Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description = "Engine intra-op threads (--data). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--write-scores",
      paramLabel = "FILE",
      description = "Also save the JVM's scores, in reference order, as float32 .npy.")
  Path writeScores;

  @Override
  public Integer call() throws IOException {
    if (top < 0 || batchSize < 1 || threads < 0 || !(maxAbs >= 0) || !(p99 >= 0)) {
      throw usage("--top and --threads must be >= 0, --batch-size >= 1, --max-abs and --p99 >= 0");
    }
    if (candidate.scores != null && ids == null) {
      throw usage("--scores needs --ids: the rows of 'deepscore score' output have no fixed order");
    }
    ModelBundle bundle = ModelBundle.open(model);
    float[] ref = ParityInputs.floats(reference);
    String[] refIds = ids == null ? null : NpyArray.read(ids).strings();
    if (refIds != null && refIds.length != ref.length) {
      throw new IllegalArgumentException(
          "--ids "
              + ids
              + " has "
              + refIds.length
              + " ids for "
              + ref.length
              + " reference scores");
    }
    PrintWriter o = out();
    var spark = spark();
    ParityScoring.Scored scored;
    if (candidate.data != null) {
      try (ScoringModel scoring = bundle.loadModel(EngineSettings.threads(threads))) {
        scored =
            ParityScoring.scoreFeaturized(spark, candidate.data, bundle.spec(), scoring, batchSize);
      }
      o.printf(
          Locale.ROOT,
          "scored %,d rows with %s (engine %s) in %.1f s (%,.0f rows/s, reading included)%n",
          scored.scores().length,
          bundle.manifest().bundleId(),
          bundle.manifest().engine(),
          scored.seconds(),
          scored.scores().length / Math.max(scored.seconds(), 1e-9));
    } else {
      scored = ParityScoring.readScores(spark, candidate.scores, bundle.spec().idColumn());
      o.printf(Locale.ROOT, "read %,d scores from %s%n", scored.scores().length, candidate.scores);
    }
    float[] jvm;
    if (refIds != null) {
      jvm = ParityScoring.alignById(refIds, scored);
    } else {
      if (scored.scores().length != ref.length) {
        throw new IllegalArgumentException(
            "the reference has "
                + ref.length
                + " scores but the JVM scored "
                + scored.scores().length
                + " rows: compare the same rows (pass --ids to match them by id)");
      }
      jvm = scored.scores();
    }
    if (writeScores != null) {
      NpyArray.writeFloats(writeScores, jvm);
    }
    ParityStatistics stats = ParityStatistics.of(ref, jvm);
    o.println();
    o.println("absolute differences |python - jvm| of the probabilities:");
    o.println();
    o.print(stats.toTable());
    o.printf(
        Locale.ROOT,
        "%nrows below 1e-7: %.4f%%, below 1e-6: %.4f%%%n",
        100.0 * stats.countBelow(1e-7) / stats.count(),
        100.0 * stats.countBelow(1e-6) / stats.count());
    if (top > 0) {
      o.println();
      o.println("| row | id | python | jvm | abs diff | ulps |");
      o.println("|---|---|---|---|---|---|");
      for (int row : stats.largestDifferences(top)) {
        o.printf(
            Locale.ROOT,
            "| %d | %s | %.9g | %.9g | %.2e | %d |%n",
            row,
            refIds != null ? refIds[row] : scored.ids()[row],
            ref[row],
            jvm[row],
            stats.difference(row),
            ParityStatistics.ulpDistance(ref[row], jvm[row]));
      }
    }
    List<String> exceeded = new ArrayList<>();
    if (stats.max() > maxAbs) {
      exceeded.add(String.format(Locale.ROOT, "max %.3e > --max-abs %.1e", stats.max(), maxAbs));
    }
    if (stats.p99() > p99) {
      exceeded.add(String.format(Locale.ROOT, "p99 %.3e > --p99 %.1e", stats.p99(), p99));
    }
    o.flush();
    if (!exceeded.isEmpty()) {
      throw new IllegalStateException(
          "parity bound exceeded: " + String.join(", ", exceeded) + " (rows: " + ref.length + ")");
    }
    o.printf(
        Locale.ROOT,
        "%nparity OK: max %.2e <= %.1e, p99 %.2e <= %.1e%n",
        stats.max(),
        maxAbs,
        stats.p99(),
        p99);
    return 0;
  }
}
