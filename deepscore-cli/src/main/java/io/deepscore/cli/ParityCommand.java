package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.ParityStatistics;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.interop.NpyArray;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.parity.ParityScoring;
import io.deepscore.spark.parity.ParityScoring.Matched;
import io.deepscore.spark.parity.ParityScoring.Scored;
import io.deepscore.spark.parity.ReferenceScores;
import io.deepscore.spark.score.ScoreConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deepscore parity}: the JVM's scores against Python's, as the brief's table. */
@Command(
    name = "parity",
    mixinStandardHelpOptions = true,
    description = {
      "Compares the scores of a model bundle in the JVM with reference scores from Python on the"
          + " same rows, matched by id, and prints the statistics of the absolute differences"
          + " (count, mean, variance, p25, p50, p75, p99, max), the bit-identical fraction, the"
          + " largest float32 ulp distance and the rows that differ most.",
      "The JVM side: --raw scores raw records with the bundle through the same Spark job as"
          + " 'deepscore score'; --data scores featurized Parquet; --scores reads the output of"
          + " 'deepscore score'.",
      "The reference: float32 .npy (python/score.py; ids in a second .npy with --ids), CSV or"
          + " TSV with a header, or Parquet (an id column and a score column, --reference-id and"
          + " --reference-score).",
      "Ids on only one side are counted and the first --list of them shown. Exit code 1 when the"
          + " max or the p99 exceeds its bound, or when ids are missing (unless --allow-missing)."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore parity --model /tmp/byom/bundle-ts --raw /tmp/byom/raw.jsonl --input-format"
          + " json --reference /tmp/byom/reference.tsv",
      "  deepscore parity --model /tmp/bundle-ts --data /tmp/enc.npz.parquet"
          + " --reference /tmp/py-scores.npy --ids /tmp/py-ids.npy",
      "  deepscore parity --model /tmp/bundle-ts --scores /tmp/scores --reference"
          + " /tmp/py-scores.npy --ids /tmp/py-ids.npy"
    })
final class ParityCommand extends SparkCommand {

  static final class Candidate {
    @Option(
        names = "--raw",
        required = true,
        paramLabel = "PATH",
        description =
            "Raw records (as for 'deepscore score'): scored here with --model, through a local"
                + " temporary directory (run it with a local master).")
    String raw;

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
      names = "--input-format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description =
          "Format of --raw: auto, parquet, json, csv or table. Default: ${DEFAULT-VALUE}.")
  String inputFormat;

  @Option(
      names = "--reference",
      required = true,
      paramLabel = "FILE",
      description = "Reference scores: .npy (float32), .csv, .tsv, or Parquet.")
  String reference;

  @Option(
      names = "--reference-format",
      defaultValue = "auto",
      paramLabel = "FORMAT",
      description = "auto (by file name), npy, csv, tsv or parquet. Default: ${DEFAULT-VALUE}.")
  String referenceFormat;

  @Option(
      names = "--ids",
      paramLabel = "FILE",
      description =
          "Ids of a .npy reference, .npy (python/score.py --ids). Without it a .npy reference"
              + " must be in the order of --data.")
  Path ids;

  @Option(
      names = "--reference-id",
      paramLabel = "COLUMN",
      description = "Id column of a table reference. Default: the spec's id column, else 'id'.")
  String referenceId;

  @Option(
      names = "--reference-score",
      defaultValue = "score",
      paramLabel = "COLUMN",
      description = "Score column of a table reference. Default: ${DEFAULT-VALUE}.")
  String referenceScore;

  @Option(
      names = "--allow-missing",
      description = "Compare the rows both sides have even when some ids are on one side only.")
  boolean allowMissing;

  @Option(
      names = "--list",
      defaultValue = "10",
      paramLabel = "N",
      description = "Missing ids (and rejected rows) to list per side. Default: ${DEFAULT-VALUE}.")
  int list;

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
      description = "Rows per engine call (--data, --raw). Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description = "Engine intra-op threads (--data, --raw). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--write-scores",
      paramLabel = "FILE",
      description = "Also save the JVM's scores of the matched rows, in reference order, as .npy.")
  Path writeScores;

  @Override
  public Integer call() throws IOException {
    if (top < 0 || list < 0 || batchSize < 1 || threads < 0 || !(maxAbs >= 0) || !(p99 >= 0)) {
      throw usage(
          "--top, --list and --threads must be >= 0, --batch-size >= 1, --max-abs and --p99 >= 0");
    }
    ReferenceScores.Format refFormat;
    InputFormat rawFormat;
    try {
      refFormat = ReferenceScores.Format.parse(referenceFormat);
      rawFormat = InputFormat.parse(inputFormat);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    ModelBundle bundle = ModelBundle.open(model);
    PrintWriter o = out();
    var spark = spark();
    String idColumn = referenceId != null ? referenceId : bundle.spec().idColumn();
    Scored ref =
        ReferenceScores.read(
            spark,
            reference,
            refFormat,
            ids,
            new ReferenceScores.Columns(idColumn, referenceScore));
    if (ref.ids() != null) {
      ParityScoring.requireUniqueIds(ref.ids(), "the reference");
    }
    if (ref.ids() == null && candidate.data == null) {
      throw usage(
          (candidate.raw != null ? "--raw" : "--scores")
              + " needs the reference's ids (--ids for a .npy reference): those rows have no fixed"
              + " order");
    }
    Scored scored = candidate(bundle, rawFormat, spark, o);
    Matched m = ParityScoring.match(ref, scored, list);
    o.printf(
        Locale.ROOT,
        "ids: %,d in the reference, %,d scored in the JVM, %,d on both sides%n",
        ref.scores().length,
        scored.scores().length,
        m.ids().length);
    if (m.referenceOnly() > 0) {
      o.printf(
          Locale.ROOT,
          "  %,d reference ids have no JVM score (first %d: %s)%n",
          m.referenceOnly(),
          m.firstReferenceOnly().size(),
          String.join(", ", m.firstReferenceOnly()));
    }
    if (m.candidateOnly() > 0) {
      o.printf(
          Locale.ROOT,
          "  %,d JVM ids are not in the reference (first %d: %s)%n",
          m.candidateOnly(),
          m.firstCandidateOnly().size(),
          String.join(", ", m.firstCandidateOnly()));
    }
    if (m.ids().length == 0) {
      throw new InvalidInputException(
          "no id is on both sides: compare scores of the same rows (check --reference-id)");
    }
    if (writeScores != null) {
      NpyArray.writeFloats(writeScores, m.candidate());
    }
    ParityStatistics stats = ParityStatistics.of(m.reference(), m.candidate());
    printTable(o, stats, m);
    List<String> exceeded = new ArrayList<>();
    if (stats.max() > maxAbs) {
      exceeded.add(String.format(Locale.ROOT, "max %.3e > --max-abs %.1e", stats.max(), maxAbs));
    }
    if (stats.p99() > p99) {
      exceeded.add(String.format(Locale.ROOT, "p99 %.3e > --p99 %.1e", stats.p99(), p99));
    }
    o.flush();
    if (!exceeded.isEmpty()) {
      throw new InvalidInputException(
          "parity bound exceeded: "
              + String.join(", ", exceeded)
              + " (rows: "
              + m.ids().length
              + ")");
    }
    if (!m.complete() && !allowMissing) {
      throw new InvalidInputException(
          m.referenceOnly()
              + " reference ids have no JVM score and "
              + m.candidateOnly()
              + " JVM ids are not in the reference (listed above): compare the same rows, or pass"
              + " --allow-missing to compare the "
              + m.ids().length
              + " rows both have");
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

  /** The JVM's scores, by the candidate option given. */
  private Scored candidate(
      ModelBundle bundle,
      InputFormat rawFormat,
      org.apache.spark.sql.SparkSession spark,
      PrintWriter o)
      throws IOException {
    if (candidate.scores != null) {
      Scored s = ParityScoring.readScores(spark, candidate.scores, bundle.spec().idColumn());
      o.printf(Locale.ROOT, "read %,d scores from %s%n", s.scores().length, candidate.scores);
      return s;
    }
    Scored scored;
    if (candidate.data != null) {
      try (ScoringModel scoring = bundle.loadModel(EngineSettings.threads(threads))) {
        scored =
            ParityScoring.scoreFeaturized(spark, candidate.data, bundle.spec(), scoring, batchSize);
      }
    } else {
      scored = scoreRaw(bundle, rawFormat, spark, o);
    }
    o.printf(
        Locale.ROOT,
        "scored %,d rows with %s (engine %s) in %.1f s (%,.0f rows/s, reading included)%n",
        scored.scores().length,
        bundle.manifest().bundleId(),
        bundle.manifest().engine(),
        scored.seconds(),
        scored.scores().length / Math.max(scored.seconds(), 1e-9));
    return scored;
  }

  private Scored scoreRaw(
      ModelBundle bundle,
      InputFormat rawFormat,
      org.apache.spark.sql.SparkSession spark,
      PrintWriter o)
      throws IOException {
    Path work = Files.createTempDirectory("deepscore-parity-");
    try {
      ParityScoring.RawScored r =
          ParityScoring.scoreRaw(
              spark,
              candidate.raw,
              rawFormat,
              bundle.spec(),
              ScoreConfig.builder()
                  .modelUri(model.toAbsolutePath().toString())
                  .batchSize(batchSize)
                  .threads(threads),
              work,
              list);
      o.printf(
          Locale.ROOT,
          "raw rows in %,d = scored %,d + rejected %,d%n",
          r.summary().rowsIn(),
          r.summary().scored(),
          r.summary().rejected());
      for (String reject : r.firstRejects()) {
        o.println("  rejected " + reject);
      }
      return r.scored();
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void printTable(PrintWriter o, ParityStatistics stats, Matched m) {
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
            m.ids()[row],
            m.reference()[row],
            m.candidate()[row],
            stats.difference(row),
            ParityStatistics.ulpDistance(m.reference()[row], m.candidate()[row]));
      }
    }
  }
}
