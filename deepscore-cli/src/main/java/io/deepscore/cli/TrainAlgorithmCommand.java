package io.deepscore.cli;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.train.ConfigMaps;
import io.deepscore.model.train.Trainer;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.spark.train.TrainJob;
import io.deepscore.spark.train.TrainingRecipe;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * What every {@code deepscore train <algorithm>} shares: where the data and the bundle are, the
 * split, the threshold's target precision, the seed and threads, and {@code --from-bundle}, which
 * takes all of them (and the algorithm's configuration) from a bundle's provenance so that a
 * re-training gets the same model for the same data; options given next to it override the recorded
 * values. A subclass adds its algorithm's options and builds its {@link Trainer}.
 */
abstract class TrainAlgorithmCommand extends SparkCommand {

  /** Either the spec and vocabularies, or a bundle to re-train (which holds both). */
  static final class Inputs {
    @ArgGroup(exclusive = false, multiplicity = "1")
    SpecVocabOptions specAndVocab;

    @Option(
        names = "--from-bundle",
        required = true,
        paramLabel = "BUNDLE",
        description =
            "Re-train the model of this bundle with the settings its provenance recorded (its"
                + " spec, vocabularies, configuration, seed, data paths and split); options given"
                + " as well override them.")
    Path fromBundle;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Inputs inputs;

  @Option(
      names = "--train",
      paramLabel = "PATH",
      description =
          "Featurized training data (deepscore featurize, labelled). Required unless"
              + " --from-bundle recorded it.")
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
      description = "Without --valid: the share of rows for validation. Default: ${DEFAULT-VALUE}.")
  double validFraction;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.1",
      paramLabel = "F",
      description =
          "Without --valid: the share of rows held out of training entirely (for evaluate --part"
              + " test). Default: ${DEFAULT-VALUE}.")
  double testFraction;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description =
          "Seeds every random choice of the training: the same seed, data, machine and threads"
              + " give the same model. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = "Engine threads for training (0: the engine's default, all cores).")
  int threads;

  @Option(names = "--overwrite", description = "Replace an existing bundle in --out.")
  boolean overwrite;

  /** A configured trainer and how its progress counts ({@code epoch} or {@code round}). */
  record Algorithm(Trainer trainer, String unit, int maxSteps) {}

  /**
   * The algorithm the options describe.
   *
   * @param recipe with {@code --from-bundle}, the bundle's recorded settings (start from them and
   *     apply only the options {@link #use} accepts), else null
   */
  abstract Algorithm algorithm(TrainingRecipe recipe);

  private TrainingRecipe recipe;

  /** Whether an option's value applies: always, or with --from-bundle only when given. */
  boolean use(String option) {
    return recipe == null || spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** A typed config: the recipe's (missing keys from {@code defaults}), else {@code defaults}. */
  <R extends Record> R recorded(Class<R> type, Map<String, Object> map, R defaults) {
    if (recipe == null) {
      return defaults;
    }
    try {
      return ConfigMaps.fromMap(type, map, defaults);
    } catch (DeepScoreException e) {
      throw e.withContext("bundle " + recipe.bundle().dir() + ", recorded provenance: ");
    }
  }

  /**
   * The network training config: the recipe's (or the defaults), then the {@code options} {@link
   * #use} accepts; shared by every algorithm trained with {@link NetworkTrainingOptions}.
   */
  TrainingConfig networkTraining(NetworkTrainingOptions options, TrainingRecipe recipe) {
    TrainingConfig base =
        recorded(
            TrainingConfig.class,
            recipe == null ? Map.of() : recipe.config(),
            recipe == null ? TrainingConfig.defaults() : TrainingConfig.recordedDefaults());
    return options.apply(base, this::use, seed, threads);
  }

  /**
   * A DJL network algorithm: the recipe's network (or {@code defaults}) reshaped by {@code shape},
   * trained as {@code training} says; shared by {@code dnn} and {@code wide-deep}.
   */
  Algorithm network(
      NetworkConfig defaults,
      NetworkShapeOptions shape,
      NetworkTrainingOptions training,
      TrainingRecipe recipe) {
    Map<String, Object> recordedNetwork = recipe == null ? Map.of() : recipe.network();
    NetworkConfig network =
        shape.apply(recorded(NetworkConfig.class, recordedNetwork, defaults), this::use);
    TrainingConfig config = networkTraining(training, recipe);
    return new Algorithm(new DnnTrainer(network, config), "epoch", config.maxEpochs());
  }

  @Override
  public Integer call() throws IOException {
    if (inputs.fromBundle != null) {
      recipe = TrainingRecipe.of(ModelBundle.open(inputs.fromBundle));
      if (!spec.name().equals(recipe.algorithm())) {
        throw usage(
            "bundle "
                + inputs.fromBundle
                + " was trained with '"
                + recipe.algorithm()
                + "': use 'deepscore train "
                + recipe.algorithm()
                + " --from-bundle "
                + inputs.fromBundle
                + "'");
      }
    }
    TrainJob.Config config;
    Algorithm algorithm;
    try {
      algorithm = algorithm(recipe);
      config = config(algorithm);
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    prepareBundleDir(out, overwrite);
    boolean terminal = System.console() != null;
    PrintWriter o = out();
    TrainJob.Result result =
        TrainJob.run(
            spark(),
            config,
            new TrainingProgress(o, algorithm.unit(), algorithm.maxSteps(), terminal));
    print(o, result, algorithm.unit());
    if (recipe != null) {
      o.println(recipe.compareData(result.bundle()));
    }
    return 0;
  }

  private TrainJob.Config config(Algorithm algorithm) {
    FeatureSpec featureSpec;
    Map<String, Vocabulary> vocabularies;
    String trainPath = train;
    String validPath = valid;
    HoldoutSplit split = new HoldoutSplit(validFraction, testFraction);
    double precision = targetPrecision;
    String bundleName = name;
    if (recipe != null) {
      featureSpec = recipe.bundle().spec();
      vocabularies = recipe.bundle().vocabularies();
      trainPath = use("--train") ? train : recipe.trainPath();
      validPath = use("--valid") ? valid : recipe.validPath();
      boolean splitGiven = use("--valid-fraction") || use("--test-fraction");
      split = splitGiven || recipe.split() == null ? split : recipe.split();
      precision = use("--target-precision") ? targetPrecision : recipe.targetPrecision();
      bundleName = use("--name") ? name : recipe.name();
    } else {
      featureSpec = inputs.specAndVocab.spec();
      vocabularies = inputs.specAndVocab.vocabularies(featureSpec);
    }
    if (trainPath == null) {
      throw new InvalidInputException("Missing required option: '--train=PATH'");
    }
    if (!(precision > 0 && precision < 1)) {
      throw new InvalidInputException("--target-precision must be in (0, 1), got " + precision);
    }
    return new TrainJob.Config(
        featureSpec,
        vocabularies,
        trainPath,
        validPath,
        split,
        algorithm.trainer(),
        precision,
        out,
        bundleName != null ? bundleName : featureSpec.name());
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
      throw new InvalidInputException(
          "bundle directory " + dir + " is not empty (remove it or pass --overwrite)");
    }
    if (!Files.exists(dir.resolve(ModelBundle.MANIFEST))) {
      throw new InvalidInputException(
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

  static void print(PrintWriter o, TrainJob.Result r, String unit) {
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
        unit,
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
