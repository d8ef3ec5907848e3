package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.model.Architecture;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostScoringModel;
import io.deepscore.spark.train.TrainJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepscore train}: trains the DNN (or the logistic baseline) in Java with DJL, or the
 * XGBoost baseline with XGBoost4J on the same encoded features.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a model on a featurized dataset in Java with DJL and writes a model bundle"
          + " (manifest with sha256 of every file, spec, vocabularies, weights, threshold).",
      "Sigmoid binary cross-entropy, Adam, shuffled mini-batches, deterministic for a --seed;"
          + " at most --epochs epochs, stopping after --patience epochs without a better"
          + " validation AUC and keeping the best epoch's weights.",
      "--algorithm xgboost trains gradient-boosted trees with XGBoost4J instead, on the same"
          + " encoded rows as sparse multi-hot vectors (one column per field token), early"
          + " stopping on validation AUC after --early-stopping-rounds (docs/evaluation.md).",
      "Without --valid, rows are split by a hash of the id: --valid-fraction for validation,"
          + " --test-fraction held out of training entirely (for evaluation), the rest for"
          + " training."
    },
    footer = {
      "",
      "Examples:",
      "  deepscore train --spec specs/generated.json --vocab /tmp/vocab --train /tmp/enc"
          + " --out /tmp/model",
      "  deepscore train ... --algorithm logistic --out /tmp/logistic   # the linear baseline",
      "  deepscore train ... --algorithm xgboost --out /tmp/xgboost     # the tree baseline"
    })
final class TrainCommand extends SparkCommand {

  @Option(
      names = "--spec",
      required = true,
      paramLabel = "FILE",
      description = "Feature spec JSON.")
  Path spec;

  @Option(
      names = "--vocab",
      required = true,
      paramLabel = "DIR",
      description = "Vocabulary directory.")
  Path vocab;

  @Option(
      names = "--train",
      required = true,
      paramLabel = "PATH",
      description = "Featurized training data (deepscore featurize, labelled).")
  String train;

  @Option(names = "--valid", paramLabel = "PATH", description = "Featurized validation data.")
  String valid;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Bundle directory to write.")
  Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Bundle name (default: the spec's name).")
  String name;

  @Option(
      names = {"--algorithm", "--architecture"},
      defaultValue = "dnn",
      paramLabel = "ALGO",
      description =
          "dnn, wide-deep, logistic (all DJL) or xgboost (XGBoost4J). --architecture is the old"
              + " name. Default: ${DEFAULT-VALUE}.")
  String algorithm;

  @Option(
      names = "--max-rounds",
      defaultValue = "500",
      paramLabel = "N",
      description = "xgboost: maximum boosting rounds. Default: ${DEFAULT-VALUE}.")
  int maxRounds;

  @Option(
      names = "--early-stopping-rounds",
      defaultValue = "20",
      paramLabel = "N",
      description =
          "xgboost: stop after N rounds without a better validation AUC. Default: ${DEFAULT-VALUE}.")
  int earlyStoppingRounds;

  @Option(
      names = "--max-depth",
      defaultValue = "6",
      paramLabel = "D",
      description = "xgboost: tree depth. Default: ${DEFAULT-VALUE}.")
  int maxDepth;

  @Option(
      names = "--eta",
      defaultValue = "0.1",
      paramLabel = "ETA",
      description = "xgboost: learning rate. Default: ${DEFAULT-VALUE}.")
  double eta;

  @Option(
      names = "--subsample",
      defaultValue = "0.8",
      paramLabel = "F",
      description = "xgboost: rows sampled per tree. Default: ${DEFAULT-VALUE}.")
  double subsample;

  @Option(
      names = "--colsample-bytree",
      defaultValue = "0.8",
      paramLabel = "F",
      description = "xgboost: columns sampled per tree. Default: ${DEFAULT-VALUE}.")
  double colsampleBytree;

  @Option(
      names = "--min-child-weight",
      defaultValue = "1",
      paramLabel = "W",
      description = "xgboost: minimum hessian sum per leaf. Default: ${DEFAULT-VALUE}.")
  double minChildWeight;

  @Option(
      names = "--lambda",
      defaultValue = "1",
      paramLabel = "L",
      description = "xgboost: L2 regularization of leaf weights. Default: ${DEFAULT-VALUE}.")
  double lambda;

  @Mixin NetworkOptions network = new NetworkOptions();

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "libtorch intra-op threads, or XGBoost's nthread (0: the engine's default, all cores)."
              + " Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--target-precision",
      defaultValue = "0.5",
      paramLabel = "P",
      description =
          "Precision the audience threshold must reach on validation. Default: ${DEFAULT-VALUE}.")
  double targetPrecision;

  @Option(
      names = "--valid-fraction",
      defaultValue = "0.1",
      paramLabel = "F",
      description = "Default: ${DEFAULT-VALUE}.")
  double validFraction;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.1",
      paramLabel = "F",
      description = "Default: ${DEFAULT-VALUE}.")
  double testFraction;

  @Option(names = "--overwrite", description = "Replace an existing bundle in --out.")
  boolean overwrite;

  @Override
  public Integer call() throws IOException {
    TrainJob.Config config = config();
    var spark = spark();
    boolean terminal = System.console() != null;
    TrainingListener listener =
        isXgboost()
            ? new TrainingProgress(out(), "round", maxRounds, terminal)
            : new TrainingProgress(out(), "epoch", network.epochs, terminal);
    print(out(), TrainJob.run(spark, config, listener));
    return 0;
  }

  private boolean isXgboost() {
    return "xgboost".equals(algorithm.trim().toLowerCase(Locale.ROOT));
  }

  /** The algorithm the options describe; invalid values are usage errors. */
  private TrainJob.Algorithm algorithm() {
    if (isXgboost()) {
      return TrainJob.xgboost(
          new XgboostParams(
              maxRounds,
              earlyStoppingRounds,
              maxDepth,
              eta,
              subsample,
              colsampleBytree,
              minChildWeight,
              lambda,
              threads,
              seed));
    }
    Architecture arch;
    try {
      arch = Architecture.parse(algorithm);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--algorithm must be dnn, wide-deep, logistic or xgboost, got '" + algorithm + "'", e);
    }
    return TrainJob.network(network.network(arch), network.training(seed, threads));
  }

  TrainJob.Config config() throws IOException {
    TrainJob.Algorithm chosen;
    HoldoutSplit split;
    try {
      chosen = algorithm();
      split = new HoldoutSplit(validFraction, testFraction);
      if (!(targetPrecision > 0 && targetPrecision < 1)) {
        throw new IllegalArgumentException(
            "--target-precision must be in (0, 1), got " + targetPrecision);
      }
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw usage(e.getMessage());
    }
    FeatureSpec featureSpec = SpecInputs.spec(spec);
    var vocabularies = SpecInputs.vocabularies(vocab, featureSpec);
    prepareBundleDir(out, overwrite);
    return new TrainJob.Config(
        featureSpec,
        vocabularies,
        train,
        valid,
        split,
        chosen,
        targetPrecision,
        out,
        name != null ? name : featureSpec.name());
  }

  /** Refuses a non-empty --out unless --overwrite, and then only removes a previous bundle. */
  static void prepareBundleDir(Path dir, boolean overwrite) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    }
    if (empty) {
      return;
    }
    if (!overwrite) {
      throw new IllegalArgumentException(
          "bundle directory " + dir + " is not empty (remove it or pass --overwrite)");
    }
    if (!Files.exists(dir.resolve(ModelBundle.MANIFEST))) {
      throw new IllegalArgumentException(
          "refusing to overwrite "
              + dir
              + ": it is not a model bundle (no "
              + ModelBundle.MANIFEST
              + ")");
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }

  static void print(java.io.PrintWriter o, TrainJob.Result r) {
    var t = r.training();
    o.printf(
        Locale.ROOT,
        "trained on %,d rows (%,d positive), validated on %,d%s in %.1f s%n",
        r.trainRows(),
        r.trainPositives(),
        r.validRows(),
        r.heldOutTestRows() > 0
            ? String.format(Locale.ROOT, ", %,d test rows held out", r.heldOutTestRows())
            : "",
        r.seconds());
    o.printf(
        Locale.ROOT,
        "best %s %d of %d%s: valid AUC %.5f%n",
        XgboostScoringModel.ENGINE.equals(r.bundle().manifest().engine()) ? "round" : "epoch",
        t.bestEpoch(),
        t.epochsRun(),
        t.stoppedEarly() ? " (stopped early)" : "",
        t.bestValidAuc());
    var th = r.threshold();
    o.printf(
        Locale.ROOT,
        "threshold for precision %.2f: %.6f (precision %.4f, recall %.4f%s)%n",
        r.bundle().manifest().threshold() == null
            ? Double.NaN
            : r.bundle().manifest().threshold().targetPrecision(),
        th.threshold(),
        th.precision(),
        th.recall(),
        th.reached() ? "" : ", target NOT reached: best precision shown");
    o.printf("bundle: %s (id %s)%n", r.bundle().dir(), r.bundle().manifest().bundleId());
  }
}
