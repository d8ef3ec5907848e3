package io.deepscore.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.eval.BinaryMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedsAndOracleTest {

  @TempDir Path tmp;

  @Test
  void spreadIsMeanSampleSdMinMax() {
    Spread s = Spread.of(0.70, 0.72, 0.74);
    assertThat(s.n()).isEqualTo(3);
    assertThat(s.mean()).isCloseTo(0.72, within(1e-12));
    assertThat(s.sd()).isCloseTo(0.02, within(1e-12));
    assertThat(s.min()).isEqualTo(0.70);
    assertThat(s.max()).isEqualTo(0.74);
    assertThat(Spread.of(0.5).sd()).isZero();
    assertThatThrownBy(Spread::of).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void groupDeltaPropagatesBothSeedSpreads() {
    Spread any = Spread.of(1);
    ModelGroup ref =
        new ModelGroup("xgb", List.of("a"), new Spread(3, 0.7, 0.01, 0, 1), any, any, any);
    ModelGroup ch =
        new ModelGroup("dnn", List.of("b"), new Spread(3, 0.77, 0.02, 0, 1), any, any, any);
    GroupDelta d = GroupDelta.between(ref, ch);
    assertThat(d.rocAucPercent()).isCloseTo(10.0, within(1e-9));
    // 100 * sqrt(0.02^2 + 1.1^2 * 0.01^2) / 0.7
    assertThat(d.rocAucSpread()).isCloseTo(3.260775, within(1e-6));
    assertThat(d.averagePrecisionSpread()).isZero();
  }

  /** Labels drawn from known probabilities; models see them through noise of two sizes. */
  static Rows rows(int n, long seed) {
    Random rng = new Random(seed);
    Rows r = new Rows(n);
    for (int i = 0; i < n; i++) {
      double z = -3 + 2 * rng.nextGaussian();
      r.truth[i] = (float) (1 / (1 + Math.exp(-z)));
      r.labels[i] = rng.nextDouble() < r.truth[i] ? 1 : 0;
      r.z[i] = z;
    }
    return r;
  }

  static final class Rows {
    final float[] truth;
    final int[] labels;
    final double[] z;

    Rows(int n) {
      truth = new float[n];
      labels = new int[n];
      z = new double[n];
    }

    float[] noisy(double sd, long seed) {
      Random rng = new Random(seed);
      float[] s = new float[z.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (float) (1 / (1 + Math.exp(-(z[i] + sd * rng.nextGaussian()))));
      }
      return s;
    }
  }

  @Test
  void seedGroupsGetMeanAndSpreadAndRecipeDeltas() throws Exception {
    Rows r = rows(4000, 1);
    List<ScoredModel> in = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      in.add(model("xgb-s" + seed, "xgb", r.noisy(2.0, seed), r.labels));
    }
    for (int seed = 1; seed <= 3; seed++) {
      in.add(model("dnn-s" + seed, "dnn", r.noisy(0.5, 10 + seed), r.labels));
    }
    EvaluationReport report = EvaluationReport.of(in, 0.3, "synthetic");
    assertThat(report.groups()).extracting(ModelGroup::name).containsExactly("xgb", "dnn");
    ModelGroup dnn = report.groups().get(1);
    assertThat(dnn.members()).containsExactly("dnn-s1", "dnn-s2", "dnn-s3");
    double[] aucs =
        report.models().subList(3, 6).stream().mapToDouble(ModelMetrics::rocAuc).toArray();
    assertThat(dnn.rocAuc()).isEqualTo(Spread.of(aucs));
    GroupDelta d = report.groupDeltas().get(0);
    assertThat(d.rocAucPercent())
        .isCloseTo(
            100 * (dnn.rocAuc().mean() / report.groups().get(0).rocAuc().mean() - 1), within(1e-9));
    assertThat(d.rocAucPercent()).isGreaterThan(3 * d.rocAucSpread());

    String text = print(report);
    assertThat(text).contains("Recipes (mean +- sd", "n=3", "against the reference 'xgb'");
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("groups").get(1).get("roc_auc").get("mean").asDouble())
        .isEqualTo(dnn.rocAuc().mean());
    assertThat(json.get("group_deltas").get(0).get("roc_auc_relative_pct_spread").asDouble())
        .isEqualTo(d.rocAucSpread());
    report.write(tmp);
    assertThat(Files.readString(tmp.resolve(EvaluationReport.HTML_FILE)))
        .contains("Recipes (seeds)");
  }

  @Test
  void singleModelsMakeNoGroups() {
    Rows r = rows(2000, 2);
    EvaluationReport report =
        EvaluationReport.of(
            List.of(
                new ScoredModel("a", "a", "x", r.noisy(1, 1), r.labels, Double.NaN),
                new ScoredModel("b", "b", "x", r.noisy(1, 2), r.labels, Double.NaN)),
            0.3,
            "synthetic");
    assertThat(report.groups()).isEmpty();
    assertThat(report.groupDeltas()).isEmpty();
    assertThat(report.deltas()).hasSize(1);
  }

  @Test
  void oracleRowAndEveryModelsDistanceToIt() throws Exception {
    Rows r = rows(5000, 3);
    List<ScoredModel> in =
        List.of(
            new ScoredModel("dnn", "d", "djl-pytorch", r.noisy(0.7, 1), r.labels, Double.NaN),
            new ScoredModel("xgb", "x", "xgboost", r.noisy(1.5, 2), r.labels, Double.NaN));
    ScoredModel oracle = new ScoredModel("oracle", "truth", "truth", r.truth, r.labels, Double.NaN);
    EvaluationReport report = EvaluationReport.of(in, oracle, 0.3, "synthetic");

    ModelMetrics o = report.oracle().orElseThrow();
    assertThat(o.rocAuc()).isEqualTo(BinaryMetrics.rocAuc(r.truth, r.labels));
    assertThat(report.oracleGaps()).hasSize(2);
    for (int i = 0; i < 2; i++) {
      ModelMetrics m = report.models().get(i);
      OracleGap g = report.oracleGaps().get(i);
      assertThat(g.model()).isEqualTo(m.name());
      assertThat(g.rocAucGap()).isEqualTo(o.rocAuc() - m.rocAuc()).isPositive();
      assertThat(g.averagePrecisionGap()).isEqualTo(o.averagePrecision() - m.averagePrecision());
      assertThat(g.recallAtTargetGap())
          .isEqualTo(o.atTargetPrecision().recall() - m.atTargetPrecision().recall());
      assertThat(g.rocAucCaptured()).isEqualTo((m.rocAuc() - 0.5) / (o.rocAuc() - 0.5));
    }
    // the oracle is not a challenger of the reference: deltas stay model against model
    assertThat(report.deltas()).hasSize(1);

    String text = print(report);
    assertThat(text).contains("oracle ", "Distance to the oracle", "of the oracle's ROC AUC");
    JsonNode json = new ObjectMapper().readTree(report.toJson());
    assertThat(json.get("oracle").get("roc_auc").asDouble()).isEqualTo(o.rocAuc());
    assertThat(json.get("oracle_gaps").get(1).get("roc_auc_gap").asDouble())
        .isEqualTo(report.oracleGaps().get(1).rocAucGap());
    report.write(tmp);
    assertThat(Files.readString(tmp.resolve(EvaluationReport.HTML_FILE)))
        .contains("Distance to the oracle", "oracle");

    ScoredModel otherRows =
        new ScoredModel("oracle", "t", "truth", r.truth, rows(5000, 4).labels, Double.NaN);
    assertThatThrownBy(() -> EvaluationReport.of(in, otherRows, 0.3, "synthetic"))
        .hasMessageContaining("the oracle must score the models' rows");
  }

  private static ScoredModel model(String name, String group, float[] s, int[] y) {
    return new ScoredModel(name, name, "x", s, y, Double.NaN, group);
  }

  private static String print(EvaluationReport report) {
    StringWriter w = new StringWriter();
    report.printTable(new PrintWriter(w));
    return w.toString();
  }
}
