package io.deepscore.cli;

import io.deepscore.eval.report.EvaluationReport;
import io.deepscore.eval.report.GroupDelta;
import io.deepscore.eval.report.ModelGroup;
import io.deepscore.eval.report.ModelMetrics;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.train.Trainer;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostTrainer;
import io.deepscore.spark.train.TrainJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.spark.sql.SparkSession;

/**
 * The demo's training step: every recipe trained with seeds 1..N on the same featurized data and
 * hash split, one bundle per seed, a line per seed; and the demo's closing claims read from the
 * evaluation report (recipe against recipe with the seed spread, distance to the oracle).
 */
final class DemoTraining {

  /**
   * What the demo trains.
   *
   * @param name the recipe's name (bundle directories are {@code model-<name>-s<seed>})
   * @param unit {@code epoch} or {@code round}
   * @param maxEpochs the most epochs (for the progress lines; 0 for none)
   * @param algorithm the algorithm for a seed
   */
  record Recipe(String name, String unit, int maxEpochs, LongFunction<Trainer> algorithm) {

    /** The DNN with {@code train dnn}'s defaults (docs/model.md), the demo's epochs. */
    static Recipe dnn(int epochs, int patience) {
      return network("dnn", NetworkConfig.dnn(), epochs, patience);
    }

    /** Wide &amp; Deep with {@code train wide-deep}'s defaults, the demo's epochs. */
    static Recipe wideDeep(int epochs, int patience) {
      return network("wide-deep", NetworkConfig.wideDeep(), epochs, patience);
    }

    /** XGBoost with the defaults of {@code deepscore train xgboost}. */
    static Recipe xgboost() {
      return new Recipe(
          "xgboost",
          "round",
          0,
          seed -> new XgboostTrainer(XgboostParams.defaults().withSeed(seed)));
    }

    private static Recipe network(String name, NetworkConfig net, int epochs, int patience) {
      return new Recipe(
          name,
          "epoch",
          epochs,
          seed ->
              new DnnTrainer(
                  net,
                  TrainingConfig.defaults().toBuilder()
                      .maxEpochs(epochs)
                      .patience(patience)
                      .seed(seed)
                      .build()));
    }
  }

  private final SparkSession spark;
  private final FeatureSpec spec;
  private final Map<String, Vocabulary> vocabularies;
  private final String encoded;
  private final Path dir;
  private final PrintWriter out;
  private final double targetPrecision;

  DemoTraining(
      SparkSession spark,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      String encoded,
      Path dir,
      PrintWriter out,
      double targetPrecision) {
    this.spark = spark;
    this.spec = spec;
    this.vocabularies = vocabularies;
    this.encoded = encoded;
    this.dir = dir;
    this.out = out;
    this.targetPrecision = targetPrecision;
  }

  /**
   * Trains {@code recipe} with seeds 1..{@code seeds}; the first seed's epochs are printed as they
   * end, then one line per seed.
   *
   * @return the bundle directories, seed order
   */
  List<Path> train(Recipe recipe, int seeds) throws IOException {
    List<Path> bundles = new ArrayList<>();
    for (int seed = 1; seed <= seeds; seed++) {
      Path bundleDir = dir.resolve("model-" + recipe.name() + "-s" + seed);
      TrainAlgorithmCommand.prepareBundleDir(bundleDir, true);
      TrainingListener progress =
          seed == 1 && recipe.maxEpochs() > 0
              ? new TrainingProgress(out, recipe.unit(), recipe.maxEpochs(), false)
              : TrainingListener.NONE;
      TrainJob.Result r =
          TrainJob.run(
              spark,
              new TrainJob.Config(
                  spec,
                  vocabularies,
                  encoded,
                  null,
                  HoldoutSplit.DEFAULT,
                  recipe.algorithm().apply(seed),
                  targetPrecision,
                  bundleDir,
                  spec.name() + "-" + recipe.name()),
              progress);
      out.printf(
          Locale.ROOT,
          "  %s seed %d: %,d train / %,d valid rows, best valid AUC %.4f at %s %d of %d  [%.1f s]%n",
          recipe.name(),
          seed,
          r.trainRows(),
          r.validRows(),
          r.training().bestValidAuc(),
          recipe.unit(),
          r.training().bestEpoch(),
          r.training().epochsRun(),
          r.seconds());
      out.flush();
      bundles.add(r.bundle().dir());
    }
    return bundles;
  }

  /**
   * The demo's conclusions: each recipe against the first (the champion) with the seed spread, and
   * each recipe's distance to the oracle.
   */
  static void printClaims(PrintWriter o, EvaluationReport report) {
    String p = String.format(Locale.ROOT, "%.2f", report.targetPrecision());
    for (GroupDelta d : report.groupDeltas()) {
      o.printf(
          Locale.ROOT,
          "  %s vs %s (mean of the seeds +- seed spread): ROC AUC %+.2f%% +- %.2f%%, recall at"
              + " precision %s %+.1f%% +- %.1f%%  -> %s%n",
          d.challenger(),
          d.reference(),
          d.rocAucPercent(),
          d.rocAucSpread(),
          p,
          d.recallAtTargetPercent(),
          d.recallAtTargetSpread(),
          verdict(d.rocAucPercent(), d.rocAucSpread()));
    }
    report
        .oracle()
        .ifPresent(
            oracle -> {
              for (ModelGroup g : report.groups()) {
                o.printf(
                    Locale.ROOT,
                    "  %s: ROC AUC %.4f, %.4f below the oracle's %.4f (the best any model can do)%n",
                    g.name(),
                    g.rocAuc().mean(),
                    oracle.rocAuc() - g.rocAuc().mean(),
                    oracle.rocAuc());
              }
            });
    if (report.groups().isEmpty()) {
      // one seed each: no spread to show, the model deltas say it
      for (ModelMetrics m : report.models()) {
        report
            .oracle()
            .ifPresent(
                oracle ->
                    o.printf(
                        Locale.ROOT,
                        "  %s: ROC AUC %.4f, %.4f below the oracle's %.4f%n",
                        m.name(),
                        m.rocAuc(),
                        oracle.rocAuc() - m.rocAuc(),
                        oracle.rocAuc()));
      }
    }
  }

  /** Whether a difference stands out of the seed noise (two spreads). */
  static String verdict(double percent, double spread) {
    if (Math.abs(percent) > 2 * spread) {
      return percent > 0 ? "better, beyond the seed spread" : "worse, beyond the seed spread";
    }
    return "within the seed spread";
  }
}
