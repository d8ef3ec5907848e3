package io.deepscore.eval.drift;

import static io.deepscore.eval.report.HtmlReport.esc;

import io.deepscore.eval.report.ReportCharts;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes a drift comparison as a static page: {@value #HTML_FILE} (no scripts, no network) with two
 * PNG charts beside it, {@value #SCORES_PNG} (the score distributions of both runs over the fixed
 * profile bins) and {@value #FIELDS_PNG} (OOV and empty shares per field, both runs).
 */
public final class DriftReport {

  /** The page. */
  public static final String HTML_FILE = "drift.html";

  /** Score distributions, previous and current. */
  public static final String SCORES_PNG = "scores.png";

  /** OOV and empty shares per field, previous and current. */
  public static final String FIELDS_PNG = "fields.png";

  private DriftReport() {}

  /**
   * Writes the page and its charts into {@code dir} (created if missing).
   *
   * @param current names today's run (its output path)
   * @param previous names yesterday's run
   * @param fieldShift the shift above which a field is flagged
   * @return the page
   */
  public static Path write(
      Path dir,
      Drift.Result r,
      RunProfile cur,
      RunProfile prev,
      String current,
      String previous,
      double fieldShift)
      throws IOException {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    Files.createDirectories(dir);
    ReportCharts.save(scoresChart(cur, prev), dir.resolve(SCORES_PNG));
    ReportCharts.save(fieldsChart(r), dir.resolve(FIELDS_PNG));
    Path page = dir.resolve(HTML_FILE);
    Files.writeString(page, html(r, current, previous, fieldShift), StandardCharsets.UTF_8);
    return page;
  }

  /** The printable summary (the CLI prints it; the page shows the same figures). */
  public static List<String> lines(Drift.Result r, double fieldShift) {
    List<String> l = new ArrayList<>();
    l.add(
        String.format(
            Locale.ROOT,
            "score PSI: %.4f (%s)%s",
            r.psi(),
            verdict(r.psi()),
            r.sameBundle() ? "" : "  [the runs used different bundles]"));
    l.add(
        String.format(
            Locale.ROOT,
            "scored rows: %,d -> %,d, rejected: %,d -> %,d (reasons in each run's %s)",
            r.rowsPrevious(),
            r.rowsCurrent(),
            r.rejectedPrevious(),
            r.rejectedCurrent(),
            RunProfile.FILE));
    if (r.audiencePrevious() >= 0 && r.audienceCurrent() >= 0) {
      l.add(
          String.format(
              Locale.ROOT,
              "audience: %,d -> %,d users (%+.1f%%)",
              r.audiencePrevious(),
              r.audienceCurrent(),
              r.audiencePrevious() == 0
                  ? 0.0
                  : 100.0 * (r.audienceCurrent() - r.audiencePrevious()) / r.audiencePrevious()));
    }
    l.add("fields, largest move of the OOV or empty share first:");
    for (Drift.FieldShift f : r.fields()) {
      l.add(
          String.format(
              Locale.ROOT,
              "  %-14s oov %.4f -> %.4f  empty %.4f -> %.4f  truncated %.4f -> %.4f"
                  + "  tokens/row %.2f -> %.2f%s",
              f.field(),
              f.oovPrevious(),
              f.oovCurrent(),
              f.emptyPrevious(),
              f.emptyCurrent(),
              f.truncatedPrevious(),
              f.truncatedCurrent(),
              f.meanTokensPrevious(),
              f.meanTokensCurrent(),
              f.shift() > fieldShift ? "  SHIFTED" : ""));
    }
    return l;
  }

  /** The rule of thumb for a PSI value. */
  public static String verdict(double psi) {
    return psi < 0.1 ? "stable" : psi <= 0.2 ? "moderate shift" : "shifted";
  }

  private static JFreeChart scoresChart(RunProfile cur, RunProfile prev) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(shares("previous", prev));
    data.addSeries(shares("current", cur));
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Score distribution, previous vs current run",
            "Score (bins of " + 1.0 / RunProfile.SCORE_BINS + ")",
            "Share of scored rows",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ReportCharts.style(chart);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    renderer.setSeriesPaint(0, Color.GRAY);
    renderer.setSeriesPaint(1, new Color(0x1f77b4));
    chart.getXYPlot().setRenderer(renderer);
    return chart;
  }

  private static XYSeries shares(String name, RunProfile p) {
    XYSeries s = new XYSeries(name, false, true);
    long[] bins = p.scoreBins();
    double total = Math.max(1, p.scored());
    for (int b = 0; b < bins.length; b++) {
      s.add((b + 0.5) / bins.length, bins[b] / total);
    }
    return s;
  }

  private static JFreeChart fieldsChart(Drift.Result r) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Drift.FieldShift f : r.fields()) {
      data.addValue(f.oovPrevious(), "OOV share, previous", f.field());
      data.addValue(f.oovCurrent(), "OOV share, current", f.field());
      data.addValue(f.emptyPrevious(), "empty share, previous", f.field());
      data.addValue(f.emptyCurrent(), "empty share, current", f.field());
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "OOV and empty shares per field",
            "Field",
            "Share",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    Color[] paints = {
      new Color(0xaec7e8), new Color(0x1f77b4), new Color(0xffbb78), new Color(0xff7f0e)
    };
    for (int s = 0; s < paints.length; s++) {
      renderer.setSeriesPaint(s, paints[s]);
    }
    return chart;
  }

  private static String html(Drift.Result r, String current, String previous, double fieldShift) {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>deepscore drift: ")
        .append(esc(current))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1em 0}\n")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}\n")
        .append("th{background:#f3f3f3}td.l,th.l{text-align:left}.flag{color:#b01c1c}\n")
        .append("img{max-width:100%;border:1px solid #eee;margin:0.5em 0}\n")
        .append("</style>\n</head>\n<body>\n<h1>Drift: current vs previous run</h1>\n")
        .append("<p>Current: <code>")
        .append(esc(current))
        .append("</code><br>Previous: <code>")
        .append(esc(previous))
        .append("</code></p>\n<pre>");
    for (String line : lines(r, fieldShift)) {
      h.append(esc(line)).append('\n');
    }
    h.append("</pre>\n<h2>Fields</h2>\n<table>\n<tr><th class=\"l\">field</th>")
        .append("<th>OOV share</th><th>empty share</th><th>truncated share</th>")
        .append("<th>tokens per row</th><th>shift</th></tr>\n");
    for (Drift.FieldShift f : r.fields()) {
      boolean flagged = f.shift() > fieldShift;
      h.append("<tr")
          .append(flagged ? " class=\"flag\"" : "")
          .append("><td class=\"l\">")
          .append(esc(f.field()))
          .append(flagged ? " (shifted)" : "")
          .append("</td>");
      cell(h, "%.4f &rarr; %.4f", f.oovPrevious(), f.oovCurrent());
      cell(h, "%.4f &rarr; %.4f", f.emptyPrevious(), f.emptyCurrent());
      cell(h, "%.4f &rarr; %.4f", f.truncatedPrevious(), f.truncatedCurrent());
      cell(h, "%.2f &rarr; %.2f", f.meanTokensPrevious(), f.meanTokensCurrent());
      cell(h, "%.4f", f.shift());
      h.append("</tr>\n");
    }
    h.append("</table>\n<p>A field is flagged when its OOV or empty share moved by more than ")
        .append(String.format(Locale.ROOT, "%.3f", fieldShift))
        .append(". PSI bins are the deciles of the previous run's scores; below 0.1 is stable,")
        .append(" above 0.2 a shift.</p>\n");
    img(h, SCORES_PNG, "score distributions");
    img(h, FIELDS_PNG, "OOV and empty shares per field");
    h.append("</body>\n</html>\n");
    return h.toString();
  }

  private static void cell(StringBuilder h, String format, Object... args) {
    h.append("<td>").append(String.format(Locale.ROOT, format, args)).append("</td>");
  }

  private static void img(StringBuilder h, String file, String alt) {
    h.append("<p><img src=\"")
        .append(file)
        .append("\" alt=\"")
        .append(alt)
        .append("\" width=\"")
        .append(ReportCharts.WIDTH)
        .append("\"></p>\n");
  }
}
