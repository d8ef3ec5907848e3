package io.deepscore.eval.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The report's optional sections, in JSON, text and HTML: the seed groups (mean and spread per
 * recipe, recipe against recipe) and the distance of every model to the oracle.
 */
final class ReportSections {

  private ReportSections() {}

  // ------------------------------------------------------------------ JSON

  static void json(EvaluationReport r, ObjectNode o) {
    ArrayNode gaps = o.putArray("oracle_gaps");
    for (OracleGap g : r.oracleGaps()) {
      ObjectNode n = gaps.addObject();
      n.put("model", g.model());
      n.put("roc_auc_gap", g.rocAucGap());
      n.put("average_precision_gap", g.averagePrecisionGap());
      n.put("recall_at_target_precision_gap", g.recallAtTargetGap());
      n.put("roc_auc_captured", g.rocAucCaptured());
    }
    ArrayNode groups = o.putArray("groups");
    for (ModelGroup g : r.groups()) {
      ObjectNode n = groups.addObject();
      n.put("name", g.name());
      ArrayNode members = n.putArray("members");
      g.members().forEach(members::add);
      spread(n.putObject("roc_auc"), g.rocAuc());
      spread(n.putObject("average_precision"), g.averagePrecision());
      spread(n.putObject("recall_at_target_precision"), g.recallAtTarget());
      spread(n.putObject("log_loss"), g.logLoss());
    }
    ArrayNode deltas = o.putArray("group_deltas");
    for (GroupDelta d : r.groupDeltas()) {
      ObjectNode n = deltas.addObject();
      n.put("reference", d.reference());
      n.put("challenger", d.challenger());
      n.put("roc_auc_relative_pct", d.rocAucPercent());
      n.put("roc_auc_relative_pct_spread", d.rocAucSpread());
      n.put("average_precision_relative_pct", d.averagePrecisionPercent());
      n.put("average_precision_relative_pct_spread", d.averagePrecisionSpread());
      n.put("recall_at_target_precision_relative_pct", d.recallAtTargetPercent());
      n.put("recall_at_target_precision_relative_pct_spread", d.recallAtTargetSpread());
    }
  }

  private static void spread(ObjectNode n, Spread s) {
    n.put("n", s.n());
    n.put("mean", s.mean());
    n.put("sd", s.sd());
    n.put("min", s.min());
    n.put("max", s.max());
  }

  // ------------------------------------------------------------------ text

  static void printGroups(EvaluationReport r, PrintWriter out) {
    String p = String.format(Locale.ROOT, "%.2f", r.targetPrecision());
    out.println();
    out.println("Recipes (mean +- sd over their models, e.g. seeds; min..max of ROC AUC):");
    for (ModelGroup g : r.groups()) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-20s n=%d  ROC AUC %.4f +- %.4f (%.4f..%.4f)  PR AUC %.4f +- %.4f"
                  + "  recall at P=%s %.4f +- %.4f",
              EvaluationReport.clip(g.name(), 20),
              g.rocAuc().n(),
              g.rocAuc().mean(),
              g.rocAuc().sd(),
              g.rocAuc().min(),
              g.rocAuc().max(),
              g.averagePrecision().mean(),
              g.averagePrecision().sd(),
              p,
              g.recallAtTarget().mean(),
              g.recallAtTarget().sd()));
    }
    if (r.groupDeltas().isEmpty()) {
      return;
    }
    out.println();
    out.println(
        "Recipes against the reference '"
            + r.groups().get(0).name()
            + "' (difference of means +- seed spread):");
    for (GroupDelta d : r.groupDeltas()) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-20s ROC AUC %+.2f%% +- %.2f%%  PR AUC %+.2f%% +- %.2f%%"
                  + "  recall at precision %s %+.2f%% +- %.2f%%",
              EvaluationReport.clip(d.challenger(), 20),
              d.rocAucPercent(),
              d.rocAucSpread(),
              d.averagePrecisionPercent(),
              d.averagePrecisionSpread(),
              p,
              d.recallAtTargetPercent(),
              d.recallAtTargetSpread()));
    }
  }

  static void printOracleGaps(EvaluationReport r, PrintWriter out) {
    if (r.oracleGaps().isEmpty()) {
      return;
    }
    ModelMetrics o = r.oracle().orElseThrow();
    out.println();
    out.println(
        String.format(
            Locale.ROOT,
            "Distance to the oracle (true probabilities: ROC AUC %.4f, PR AUC %.4f, recall at"
                + " P=%.2f %.4f):",
            o.rocAuc(),
            o.averagePrecision(),
            r.targetPrecision(),
            o.atTargetPrecision().recall()));
    for (OracleGap g : r.oracleGaps()) {
      out.println(
          String.format(
              Locale.ROOT,
              "  %-20s ROC AUC %+.4f  PR AUC %+.4f  recall %+.4f  (%.0f%% of the oracle's ROC AUC"
                  + " above chance)",
              EvaluationReport.clip(g.model(), 20),
              // model - oracle, signed: a small sample can put a model above the oracle
              0.0 - g.rocAucGap(),
              0.0 - g.averagePrecisionGap(),
              0.0 - g.recallAtTargetGap(),
              100 * g.rocAucCaptured()));
    }
  }

  // ------------------------------------------------------------------ HTML

  static void html(EvaluationReport r, StringBuilder h) {
    String p = HtmlReport.f2(r.targetPrecision());
    if (!r.groups().isEmpty()) {
      h.append("<h2>Recipes (seeds)</h2>\n<table>\n<tr><th class=\"l\">recipe</th><th>models</th>")
          .append("<th>ROC AUC mean &plusmn; sd</th><th>ROC AUC min..max</th>")
          .append("<th>PR AUC mean &plusmn; sd</th><th>recall at P=")
          .append(p)
          .append(" mean &plusmn; sd</th></tr>\n");
      for (ModelGroup g : r.groups()) {
        h.append("<tr><td class=\"l\">").append(HtmlReport.esc(g.name())).append("</td>");
        h.append("<td>").append(g.rocAuc().n()).append("</td>");
        h.append("<td>").append(pm(g.rocAuc())).append("</td>");
        h.append("<td>")
            .append(HtmlReport.f4(g.rocAuc().min()))
            .append("..")
            .append(HtmlReport.f4(g.rocAuc().max()))
            .append("</td>");
        h.append("<td>").append(pm(g.averagePrecision())).append("</td>");
        h.append("<td>").append(pm(g.recallAtTarget())).append("</td></tr>\n");
      }
      h.append("</table>\n");
      if (!r.groupDeltas().isEmpty()) {
        h.append("<table>\n<tr><th class=\"l\">recipe against <em>")
            .append(HtmlReport.esc(r.groups().get(0).name()))
            .append("</em></th><th>ROC AUC, relative</th><th>PR AUC, relative</th>")
            .append("<th>recall at P=")
            .append(p)
            .append(", relative</th></tr>\n");
        for (GroupDelta d : r.groupDeltas()) {
          h.append("<tr><td class=\"l\">").append(HtmlReport.esc(d.challenger())).append("</td>");
          h.append("<td>").append(pct(d.rocAucPercent(), d.rocAucSpread())).append("</td>");
          h.append("<td>")
              .append(pct(d.averagePrecisionPercent(), d.averagePrecisionSpread()))
              .append("</td>");
          h.append("<td>")
              .append(pct(d.recallAtTargetPercent(), d.recallAtTargetSpread()))
              .append("</td></tr>\n");
        }
        h.append(
            "</table>\n<p class=\"note\">Difference of the recipes' means &plusmn; the seed"
                + " spread (the standard deviation of the difference between one seed of each)."
                + "</p>\n");
      }
    }
    if (!r.oracleGaps().isEmpty()) {
      h.append("<h2>Distance to the oracle</h2>\n<p class=\"note\">The oracle scores every row")
          .append(" with its true probability (the data's hidden ground truth): no model can")
          .append(" rank better on average. A gap of 0 means nothing is left to learn.</p>\n")
          .append("<table>\n<tr><th class=\"l\">model</th><th>ROC AUC gap</th>")
          .append("<th>PR AUC gap</th><th>recall at P=")
          .append(p)
          .append(" gap</th><th>share of the oracle's ROC AUC above chance</th></tr>\n");
      for (OracleGap g : r.oracleGaps()) {
        h.append("<tr><td class=\"l\">").append(HtmlReport.esc(g.model())).append("</td>");
        h.append("<td>").append(HtmlReport.f4(g.rocAucGap())).append("</td>");
        h.append("<td>").append(HtmlReport.f4(g.averagePrecisionGap())).append("</td>");
        h.append("<td>").append(HtmlReport.f4(g.recallAtTargetGap())).append("</td>");
        h.append("<td>")
            .append(String.format(Locale.ROOT, "%.1f%%", 100 * g.rocAucCaptured()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  private static String pm(Spread s) {
    return HtmlReport.f4(s.mean()) + " &plusmn; " + HtmlReport.f4(s.sd());
  }

  private static String pct(double v, double spread) {
    return Double.isNaN(v)
        ? "n/a"
        : String.format(Locale.ROOT, "%+.2f%% &plusmn; %.2f%%", v, spread);
  }
}
