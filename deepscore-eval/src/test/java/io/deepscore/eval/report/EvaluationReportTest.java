package io.deepscore.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.Confusion;
import io.deepscore.eval.ThresholdChoice;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

  @TempDir Path tmp;

  /** Two models on the same 5,000 rows: a sharper one and a noisier one (with ties). */
  static List<ScoredModel> twoModels() {
    Random rng = new Random(3);
    int n = 5000;
    int[] y = new int[n];
    float[] good = new float[n];
    float[] weak = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextDouble() < 0.1 ? 1 : 0;
      double signal = y[i] == 1 ? 1.5 : 0.0;
      good[i] = sigmoid(signal + rng.nextGaussian() - 2);
      // Rounded to 2 decimals: many ties.
      weak[i] = Math.round(sigmoid(0.5 * signal + rng.nextGaussian() - 2) * 100) / 100f;
    }
    return List.of(
        new ScoredModel("xgboost-baseline", "xgb-1234", "xgboost", weak, y, 0.3),
        new ScoredModel("dnn", "dnn-abcd", "djl-pytorch", good, y, Double.NaN));
  }

  static float sigmoid(double x) {
    return (float) (1 / (1 + Math.exp(-x)));
  }

  @Test
  void numbersAreTheEvalModulesPureFunctionsAndJsonMatches() throws Exception {
    List<ScoredModel> in = twoModels();
    EvaluationReport report = EvaluationReport.of(in, 0.5, "synthetic");
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("target_precision").asDouble()).isEqualTo(0.5);
    for (int i = 0; i < in.size(); i++) {
      float[] s = in.get(i).scores();
      int[] y = in.get(i).labels();
      ModelMetrics m = report.models().get(i);
      JsonNode j = json.get("models").get(i);
      assertThat(m.rocAuc()).isEqualTo(BinaryMetrics.rocAuc(s, y));
      assertThat(j.get("roc_auc").asDouble()).isEqualTo(BinaryMetrics.rocAuc(s, y));
      assertThat(j.get("average_precision").asDouble())
          .isEqualTo(BinaryMetrics.averagePrecision(s, y));
      assertThat(j.get("log_loss").asDouble()).isEqualTo(BinaryMetrics.logLoss(s, y));
      ThresholdChoice t = BinaryMetrics.thresholdForPrecision(s, y, 0.5);
      JsonNode a = j.get("at_target_precision");
      assertThat(a.get("threshold").asDouble()).isEqualTo(t.threshold());
      assertThat(a.get("recall").asDouble()).isEqualTo(t.recall());
      assertThat(a.get("precision").asDouble()).isEqualTo(t.precision());
      assertThat(a.get("reached").asBoolean()).isEqualTo(t.reached());
      assertThat(j.get("lift").get("top_1pct").asDouble())
          .isEqualTo(BinaryMetrics.liftAt(s, y, 0.01));
      assertThat(j.get("lift").get("top_5pct").asDouble())
          .isEqualTo(BinaryMetrics.liftAt(s, y, 0.05));
      assertThat(j.get("lift").get("top_10pct").asDouble())
          .isEqualTo(BinaryMetrics.liftAt(s, y, 0.10));
      assertThat(j.get("rows").asLong()).isEqualTo(s.length);
    }
    // The bundle threshold of model 0 is 0.3; model 1 has none.
    Confusion c = BinaryMetrics.confusionAt(in.get(0).scores(), in.get(0).labels(), 0.3);
    JsonNode b = json.get("models").get(0).get("at_bundle_threshold");
    assertThat(b.get("precision").asDouble()).isEqualTo(c.precision());
    assertThat(b.get("recall").asDouble()).isEqualTo(c.recall());
    assertThat(b.get("tp").asLong()).isEqualTo(c.tp());
    assertThat(json.get("models").get(1).get("at_bundle_threshold").isNull()).isTrue();

    // Deltas: the second model against the first.
    JsonNode d = json.get("deltas").get(0);
    ModelMetrics ref = report.models().get(0);
    ModelMetrics ch = report.models().get(1);
    assertThat(d.get("reference").asText()).isEqualTo("xgboost-baseline");
    assertThat(d.get("challenger").asText()).isEqualTo("dnn");
    assertThat(d.get("roc_auc_relative_pct").asDouble())
        .isCloseTo(100 * (ch.rocAuc() / ref.rocAuc() - 1), within(1e-12));
    assertThat(d.get("recall_at_target_precision_relative_pct").asDouble())
        .isCloseTo(
            100 * (ch.atTargetPrecision().recall() / ref.atTargetPrecision().recall() - 1),
            within(1e-12));
    assertThat(ch.rocAuc()).isGreaterThan(ref.rocAuc());
    assertThat(d.get("roc_auc_relative_pct").asDouble()).isPositive();
  }

  @Test
  void writesHtmlThatReferencesRealChartsAndPrintsTheTable() throws Exception {
    EvaluationReport report = EvaluationReport.of(twoModels(), 0.5, "synthetic");
    List<Path> files = report.write(tmp);
    Path html = tmp.resolve("report.html");
    assertThat(files).contains(html, tmp.resolve("report.json"));
    String page = Files.readString(html);
    Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(page);
    List<String> images = new ArrayList<>();
    while (img.find()) {
      images.add(img.group(1));
    }
    // ROC, PR, gain, and one histogram per model.
    assertThat(images)
        .containsExactly(
            "roc.png", "pr.png", "gain.png", "hist-0-xgboost-baseline.png", "hist-1-dnn.png");
    for (String name : images) {
      Path png = tmp.resolve(name);
      assertThat(png).exists();
      assertThat(Files.size(png)).as(name).isGreaterThan(5 * 1024);
      byte[] head = Files.readAllBytes(png);
      assertThat(head[1]).isEqualTo((byte) 'P');
      assertThat(head[2]).isEqualTo((byte) 'N');
    }
    assertThat(page).contains("Deltas against the reference", "xgboost-baseline", "dnn");

    StringWriter sw = new StringWriter();
    report.printTable(new PrintWriter(sw));
    String table = sw.toString();
    assertThat(table).contains("roc_auc", "xgboost-baseline", "dnn", "Deltas against");
    assertThat(table)
        .contains(String.format(java.util.Locale.ROOT, "%.4f", report.models().get(1).rocAuc()));
  }

  @Test
  void oneModelHasNoDeltasAndBadInputNamesTheModel() {
    List<ScoredModel> two = twoModels();
    EvaluationReport one = EvaluationReport.of(List.of(two.get(0)), 0.5, "x");
    assertThat(one.deltas()).isEmpty();
    int[] oneClass = new int[10];
    ScoredModel bad = new ScoredModel("flat", "id", "xgboost", new float[10], oneClass, Double.NaN);
    assertThatThrownBy(() -> EvaluationReport.of(List.of(bad), 0.5, "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("model 'flat': ");
    assertThatThrownBy(() -> EvaluationReport.of(List.of(two.get(0), two.get(0)), 0.5, "x"))
        .hasMessageContaining("two models are named 'xgboost-baseline'");
  }
}
