package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.model.NetworkConfig;
import io.deepscore.model.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Usage errors of the model options of train, evaluate and demo (no Spark job runs here). */
class ModelOptionsTest {

  static CliRun train(String... extra) {
    String[] base = {
      "train", "dnn", "--spec", "s.json", "--vocab", "v", "--train", "t", "--out", "o"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.of(args);
  }

  @Test
  void unknownPoolingListsTheChoices() {
    CliRun run = train("--pooling", "median");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("median", "mean, sum, sqrtn, max");
  }

  @Test
  void unknownAlgorithmListsWideDeep() {
    CliRun run = CliRun.of("train", "deep-wide");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("deep-wide", "wide-deep");
  }

  @Test
  void wideDeepTakesTheNetworkOptions() {
    CliRun run =
        CliRun.of(
            "train",
            "wide-deep",
            "--spec",
            "s.json",
            "--vocab",
            "v",
            "--train",
            "t",
            "--out",
            "o",
            "--pooling",
            "median");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("median", "mean, sum, sqrtn, max");
  }

  @Test
  void outOfRangeTrainingValuesNameTheSetting() {
    assertThat(train("--pooled-dropout", "1").err()).contains("pooled_dropout must be in [0, 1)");
    assertThat(train("--plateau-decay", "0").err()).contains("plateau_decay must be in (0, 1]");
    assertThat(train("--epoch-decay", "1.5").err()).contains("epoch_decay must be in (0, 1]");
    CliRun decay = train("--table-shrink", "1e-5");
    assertThat(decay.exitCode()).isEqualTo(2);
    assertThat(decay.err()).contains("lazy-adam or adagrad");
    CliRun optimizer = train("--embedding-optimizer", "sgd");
    assertThat(optimizer.exitCode()).isEqualTo(2);
    assertThat(optimizer.err()).contains("adam, lazy-adam, adagrad");
  }

  @Test
  void badPretrainingOptionsNameTheSettingAndTheChoices() {
    CliRun unknown = train("--pretrain-tables", "glove");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("'glove'", "none, cooc");
    assertThat(train("--pretrain-epochs", "0").err())
        .contains("pretrain_epochs must be > 0, got 0");
    assertThat(train("--pretrain-negatives", "-1").err())
        .contains("pretrain_negatives must be > 0, got -1");
    assertThat(train("--pretrain-contexts", "0").err())
        .contains("pretrain_contexts must be > 0, got 0");
    CliRun scale = train("--pretrain-scale", "0");
    assertThat(scale.exitCode()).isEqualTo(2);
    assertThat(scale.err()).contains("pretrain_scale must be > 0, got 0.0");
    assertThat(train("--pretrain-scale", "NaN").err()).contains("pretrain_scale must be > 0");
  }

  @Test
  void theOptionsDefaultsAreTheConfigsDefaults() {
    TrainDnnCommand dnn = new TrainDnnCommand();
    new CommandLine(dnn)
        .parseArgs("--spec", "s.json", "--vocab", "v", "--train", "t", "--out", "o");
    assertThat(dnn.training.apply(TrainingConfig.defaults(), o -> true, 42L, 0))
        .isEqualTo(TrainingConfig.defaults());
    assertThat(dnn.shape.apply(NetworkConfig.dnn(), o -> true)).isEqualTo(NetworkConfig.dnn());
  }

  @Test
  void evaluateNeedsBundlesAndWellFormedGroups() {
    CliRun none = CliRun.of("evaluate", "--data", "d", "--out", "o");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--models and/or --group");
    CliRun bad = CliRun.of("evaluate", "--group", "dnn", "--data", "d", "--out", "o");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--group must be NAME=BUNDLE1,BUNDLE2,...", "'dnn'");
  }

  @Test
  void demoSeedsAreBounded() {
    CliRun run = CliRun.of("demo", "--seeds", "0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--seeds must be in 1..10");
  }
}
