package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.model.bundle.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands chained as a user runs them: generate -> vocab -> featurize -> train. */
class CliPipelineIT {

  @TempDir Path tmp;

  @Test
  void generateVocabFeaturizeTrainThroughTheCli() throws Exception {
    String spec = Path.of("..", "specs", "generated.json").toString();
    String raw = tmp.resolve("raw").toString();
    String vocab = tmp.resolve("vocab").toString();
    String encoded = tmp.resolve("enc").toString();
    String bundle = tmp.resolve("model").toString();

    CliRun gen =
        CliRun.of("generate", "--users", "6000", "--seed", "3", "--bad-rows", "0.01", "--out", raw);
    assertThat(gen.exitCode()).as(gen.err()).isZero();
    assertThat(gen.out()).contains("generated 6,000 users", "label rate", "bad rows injected");

    CliRun again = CliRun.of("generate", "--users", "6000", "--out", raw);
    assertThat(again.exitCode()).isNotIn(0, 2); // a failure, not a usage error
    assertThat(again.err()).contains("already exists");

    CliRun voc = CliRun.of("vocab", "--spec", spec, "--input", raw, "--out", vocab);
    assertThat(voc.exitCode()).as(voc.err()).isZero();
    assertThat(voc.out()).contains("apps", "campaigns", "coverage");
    assertThat(Files.exists(Path.of(vocab, "apps.vocab"))).isTrue();

    CliRun feat =
        CliRun.of("featurize", "--spec", spec, "--vocab", vocab, "--input", raw, "--out", encoded);
    assertThat(feat.exitCode()).as(feat.err()).isZero();
    assertThat(feat.out()).contains("rows in: 6,000 = encoded 6,000 + rejected 0");

    CliRun npz =
        CliRun.of(
            "featurize",
            "--spec",
            spec,
            "--vocab",
            vocab,
            "--input",
            raw,
            "--format",
            "npz",
            "--out",
            tmp.resolve("enc.npz").toString());
    assertThat(npz.exitCode()).as(npz.err()).isZero();
    assertThat(Files.size(tmp.resolve("enc.npz"))).isGreaterThan(10_000);

    CliRun train = CliRun.trainSmallDnn(spec, vocab, encoded, bundle);
    assertThat(train.exitCode()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("epoch  1/2", "valid AUC", "threshold for precision 0.50", "bundle:");
    ModelBundle opened = ModelBundle.open(Path.of(bundle));
    assertThat(opened.manifest().threshold()).isNotNull();

    CliRun refused =
        CliRun.of(
            "train",
            "dnn",
            "--spec",
            spec,
            "--vocab",
            vocab,
            "--train",
            encoded,
            "--out",
            bundle,
            "--epochs",
            "1");
    assertThat(refused.exitCode()).isEqualTo(3); // invalid input
    assertThat(refused.err()).contains("is not empty", "--overwrite");

    // the bundle's provenance is enough to train it again: same rows, same seed, same AUC
    String retrained = tmp.resolve("model-again").toString();
    CliRun retrain = CliRun.of("train", "dnn", "--from-bundle", bundle, "--out", retrained);
    assertThat(retrain.exitCode()).as(retrain.err()).isZero();
    assertThat(retrain.out()).contains("epoch  1/2", "same training and validation rows as");
    ModelBundle reproduced = ModelBundle.open(Path.of(retrained));
    assertThat(reproduced.manifest().training().get("valid_auc"))
        .isEqualTo(opened.manifest().training().get("valid_auc"));
    assertThat(reproduced.manifest().provenance().get("config"))
        .isEqualTo(opened.manifest().provenance().get("config"));
    CliRun otherSeed =
        CliRun.of(
            "train", "dnn", "--from-bundle", bundle, "--seed", "6", "--out", retrained + "-seed6");
    assertThat(otherSeed.exitCode()).as(otherSeed.err()).isZero();
    ModelBundle seed6 = ModelBundle.open(Path.of(retrained + "-seed6"));
    assertThat(((Map<?, ?>) seed6.manifest().provenance().get("config")).get("seed")).isEqualTo(6);
    CliRun wrongAlgorithm =
        CliRun.of("train", "xgboost", "--from-bundle", bundle, "--out", retrained + "-x");
    assertThat(wrongAlgorithm.exitCode()).isEqualTo(2);
    assertThat(wrongAlgorithm.err()).contains("was trained with 'dnn'", "train dnn --from-bundle");

    String scores = tmp.resolve("scores").toString();
    CliRun score =
        CliRun.of(
            "score",
            "--model",
            bundle,
            "--input",
            raw,
            "--out",
            scores,
            "--audience",
            "--pass-through",
            "label");
    assertThat(score.exitCode()).as(score.err()).isZero();
    assertThat(score.out())
        .contains(
            "rows in: 6,000 = scored 6,000 + rejected 0",
            "non-finite scores (NaN/inf): 0",
            "audience (score >= ",
            "batch latency: p50");
    assertThat(Files.isDirectory(Path.of(scores))).isTrue();

    CliRun badThreshold =
        CliRun.of(
            "score",
            "--model",
            bundle,
            "--input",
            raw,
            "--out",
            scores + "2",
            "--threshold",
            "1.5");
    assertThat(badThreshold.exitCode()).isEqualTo(2);

    String xgb = tmp.resolve("xgb").toString();
    CliRun trainXgb =
        CliRun.of(
            "train",
            "xgboost",
            "--spec",
            spec,
            "--vocab",
            vocab,
            "--train",
            encoded,
            "--out",
            xgb,
            "--max-rounds",
            "20");
    assertThat(trainXgb.exitCode()).as(trainXgb.err()).isZero();
    assertThat(trainXgb.out()).contains("round  1/20", "bundle:");
    CliRun xgbAgain = CliRun.of("train", "xgboost", "--from-bundle", xgb, "--out", xgb + "-again");
    assertThat(xgbAgain.exitCode()).as(xgbAgain.err()).isZero();
    assertThat(ModelBundle.open(Path.of(xgb + "-again")).manifest().training().get("valid_auc"))
        .isEqualTo(ModelBundle.open(Path.of(xgb)).manifest().training().get("valid_auc"));

    Path report = tmp.resolve("report");
    CliRun evaluate =
        CliRun.of(
            "evaluate",
            "--models",
            bundle + "," + xgb,
            "--data",
            raw,
            "--part",
            "test",
            "--target-precision",
            "0.2",
            "--out",
            report.toString());
    assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
    assertThat(evaluate.out()).contains("roc_auc", "model", "xgb", "Deltas");
    assertThat(report.resolve("report.html")).exists();
    assertThat(report.resolve("roc.png")).exists();
  }
}
