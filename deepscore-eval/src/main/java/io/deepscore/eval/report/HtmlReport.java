package io.deepscore.eval.report;

import io.deepscore.eval.Confusion;
import io.deepscore.eval.ThresholdChoice;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Renders {@value EvaluationReport#HTML_FILE}: one static page, no scripts, no network; the charts
 * are PNG files in the same directory, referenced by relative name (copy the directory as a whole).
 */
public final class HtmlReport {

  private HtmlReport() {}

  static String render(EvaluationReport r, ReportCharts.Written charts) {
    StringBuilder h = new StringBuilder(8192);
    String p = f2(r.targetPrecision());
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>deepscore evaluation: ")
        .append(esc(r.data()))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1em 0}\n")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}\n")
        .append("th{background:#f3f3f3}td.l,th.l{text-align:left}\n")
        .append(".pos{color:#1a7f1a}.neg{color:#b01c1c}.note{color:#555;font-size:90%}\n")
        .append("img{max-width:100%;border:1px solid #eee;margin:0.5em 0}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Model evaluation</h1>\n<p>Data: <code>")
        .append(esc(r.data()))
        .append("</code>. Created ")
        .append(esc(r.created()))
        .append(". Target precision ")
        .append(p)
        .append(". Machine-readable: <a href=\"")
        .append(EvaluationReport.JSON_FILE)
        .append("\">")
        .append(EvaluationReport.JSON_FILE)
        .append("</a>.</p>\n");

    h.append("<h2>Metrics</h2>\n<table>\n<tr><th class=\"l\">model</th><th class=\"l\">engine</th>")
        .append("<th>rows</th><th>positives</th><th>ROC AUC</th><th>PR AUC (AP)</th>")
        .append("<th>log loss</th><th>bundle threshold</th><th>precision</th><th>recall</th>")
        .append("<th>threshold for P=")
        .append(p)
        .append("</th><th>recall at P=")
        .append(p)
        .append("</th><th>lift top 1%</th><th>lift top 5%</th><th>lift top 10%</th></tr>\n");
    java.util.List<ModelMetrics> rows = new java.util.ArrayList<>(r.models());
    r.oracle().ifPresent(rows::add);
    for (ModelMetrics m : rows) {
      Confusion c = m.atBundleThreshold();
      ThresholdChoice t = m.atTargetPrecision();
      h.append("<tr><td class=\"l\">")
          .append(esc(m.name()))
          .append("<br><span class=\"note\">")
          .append(esc(m.bundleId()))
          .append("</span></td><td class=\"l\">")
          .append(esc(m.engine()))
          .append("</td>");
      cell(h, String.format(Locale.ROOT, "%,d", m.rows()));
      cell(h, String.format(Locale.ROOT, "%,d (%.2f%%)", m.positives(), 100 * m.positiveRate()));
      cell(h, f4(m.rocAuc()));
      cell(h, f4(m.averagePrecision()));
      cell(h, f4(m.logLoss()));
      cell(h, c == null ? "-" : f4(m.bundleThreshold()));
      cell(h, c == null ? "-" : f4(c.precision()));
      cell(h, c == null ? "-" : f4(c.recall()));
      cell(h, f4(t.threshold()) + (t.reached() ? "" : " (not reached)"));
      cell(h, f4(t.recall()) + (t.reached() ? "" : " at best precision " + f4(t.precision())));
      cell(h, f2(m.liftTop1()));
      cell(h, f2(m.liftTop5()));
      cell(h, f2(m.liftTop10()));
      h.append("</tr>\n");
    }
    h.append("</table>\n");

    if (!r.deltas().isEmpty()) {
      h.append("<h2>Deltas against the reference <em>")
          .append(esc(r.models().get(0).name()))
          .append("</em></h2>\n<table>\n<tr><th class=\"l\">challenger</th>")
          .append("<th>ROC AUC, relative</th><th>ROC AUC, difference</th>")
          .append("<th>PR AUC, relative</th><th>recall at P=")
          .append(p)
          .append(", relative</th><th>recall at P=")
          .append(p)
          .append(", difference</th></tr>\n");
      for (ModelDelta d : r.deltas()) {
        h.append("<tr><td class=\"l\">").append(esc(d.challenger())).append("</td>");
        signed(h, d.rocAucPercent(), "%");
        signed(h, d.rocAucDifference(), "");
        signed(h, d.averagePrecisionPercent(), "%");
        signed(h, d.recallAtTargetPercent(), d.bothReachTarget() ? "%" : "% (target not reached)");
        signed(h, d.recallAtTargetDifference(), "");
        h.append("</tr>\n");
      }
      h.append(
          "</table>\n<p class=\"note\">Relative = 100 &times; (challenger / reference"
              + " &minus; 1), as in &ldquo;+6.5% AUC&rdquo;.</p>\n");
    }

    ReportSections.html(r, h);

    h.append("<h2>Charts</h2>\n");
    img(h, charts.roc(), "ROC curves");
    img(h, charts.pr(), "Precision-recall curves");
    img(h, charts.gain(), "Cumulative gain");
    for (int i = 0; i < charts.histograms().size(); i++) {
      img(h, charts.histograms().get(i), "Score histogram of " + r.models().get(i).name());
    }

    h.append("<h2>How to read this</h2>\n<ul class=\"note\">\n")
        .append("<li><b>ROC AUC</b>: the probability that a random positive scores above a random")
        .append(" negative (0.5 = chance). Insensitive to the positive rate.</li>\n")
        .append("<li><b>PR AUC (average precision)</b>: precision averaged over recall levels;")
        .append(" its chance level is the positive rate, so it shows rare-class quality.</li>\n")
        .append("<li><b>Log loss</b>: calibration and sharpness of the probabilities (lower is")
        .append(" better).</li>\n")
        .append("<li><b>Bundle threshold</b>: the threshold stored in the model bundle (chosen on")
        .append(" the training run's validation rows); precision and recall show whether it")
        .append(" still holds on this data.</li>\n")
        .append("<li><b>Threshold for P=")
        .append(p)
        .append("</b>: the lowest score threshold reaching the target precision on this data,")
        .append(" i.e. the one with the most recall; the audience such a threshold selects.")
        .append(" Chosen on the evaluated data itself: an optimistic upper bound.</li>\n")
        .append("<li><b>Lift top k%</b>: the positive rate among the k% highest-scored users")
        .append(" divided by the overall positive rate (1 = random targeting).</li>\n")
        .append("</ul>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void img(StringBuilder h, Path file, String alt) {
    String name = file.getFileName().toString();
    h.append("<p><img src=\"")
        .append(esc(name))
        .append("\" alt=\"")
        .append(esc(alt))
        .append("\" width=\"")
        .append(ReportCharts.WIDTH)
        .append("\"></p>\n");
  }

  private static void cell(StringBuilder h, String v) {
    h.append("<td>").append(esc(v)).append("</td>");
  }

  private static void signed(StringBuilder h, double v, String suffix) {
    String cls = v > 0 ? "pos" : v < 0 ? "neg" : "";
    h.append("<td class=\"")
        .append(cls)
        .append("\">")
        .append(Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.4f", v))
        .append(esc(suffix))
        .append("</td>");
  }

  static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  static String f2(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** {@code s} escaped for HTML text and attribute values; null as empty. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
