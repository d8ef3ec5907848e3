package io.deepscore.eval.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The models of one recipe in an {@link EvaluationReport} (the same algorithm and settings trained
 * with different seeds): the mean and spread of their metrics, so that a difference between two
 * recipes can be read against the seed-to-seed noise.
 *
 * @param name the group name
 * @param members the names of its models, in report order
 * @param rocAuc ROC AUC over the members
 * @param averagePrecision PR AUC (average precision) over the members
 * @param recallAtTarget recall at the report's target precision over the members
 * @param logLoss log loss over the members
 */
public record ModelGroup(
    String name,
    List<String> members,
    Spread rocAuc,
    Spread averagePrecision,
    Spread recallAtTarget,
    Spread logLoss) {

  /** Copies the member list. */
  public ModelGroup {
    members = List.copyOf(members);
  }

  /**
   * One group per distinct {@link ScoredModel#group()}, in order of first appearance.
   *
   * @param inputs the report's models
   * @param metrics their metrics, same order
   */
  static List<ModelGroup> of(List<ScoredModel> inputs, List<ModelMetrics> metrics) {
    Map<String, List<ModelMetrics>> byGroup = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      byGroup.computeIfAbsent(inputs.get(i).group(), k -> new ArrayList<>()).add(metrics.get(i));
    }
    List<ModelGroup> out = new ArrayList<>();
    byGroup.forEach(
        (name, ms) ->
            out.add(
                new ModelGroup(
                    name,
                    ms.stream().map(ModelMetrics::name).toList(),
                    spread(ms, ModelMetrics::rocAuc),
                    spread(ms, ModelMetrics::averagePrecision),
                    spread(ms, m -> m.atTargetPrecision().recall()),
                    spread(ms, ModelMetrics::logLoss))));
    return out;
  }

  private static Spread spread(List<ModelMetrics> ms, ToDoubleFunction<ModelMetrics> metric) {
    return Spread.of(ms.stream().mapToDouble(metric).toArray());
  }
}
