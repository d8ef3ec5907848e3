package io.deepscore.eval.report;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.GainCurve;
import io.deepscore.eval.PrecisionRecallCurve;
import io.deepscore.eval.RocCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's PNG charts, drawn with JFreeChart in headless mode: ROC curves overlaid, PR curves
 * overlaid, cumulative gain overlaid, and per model the score histogram of each class. Curves come
 * from {@link BinaryMetrics} ({@link BinaryMetrics#rocCurve}, {@link
 * BinaryMetrics#precisionRecallCurve}, {@link BinaryMetrics#cumulativeGain}) and are thinned to
 * about {@value #MAX_POINTS} points for drawing (points closer than 1/{@value #MAX_POINTS} of the
 * axis to the previous one are skipped; the end points are kept).
 */
public final class ReportCharts {

  /** ROC chart file. */
  public static final String ROC_FILE = "roc.png";

  /** Precision-recall chart file. */
  public static final String PR_FILE = "pr.png";

  /** Cumulative gain chart file. */
  public static final String GAIN_FILE = "gain.png";

  static final int MAX_POINTS = 1000;

  /** Chart width in pixels. */
  public static final int WIDTH = 900;

  /** Chart height in pixels. */
  public static final int HEIGHT = 620;

  static final int HISTOGRAM_BINS = 50;

  private static final Paint[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x17becf)
  };

  private ReportCharts() {}

  /**
   * The files written.
   *
   * @param roc the ROC chart
   * @param pr the precision-recall chart
   * @param gain the cumulative gain chart
   * @param histograms per model (report order) its score histogram
   */
  public record Written(Path roc, Path pr, Path gain, List<Path> histograms) {
    /** Every file. */
    public List<Path> all() {
      List<Path> out = new ArrayList<>(List.of(roc, pr, gain));
      out.addAll(histograms);
      return out;
    }
  }

  /** Draws every chart of {@code report} into {@code dir}. */
  static Written write(EvaluationReport report, Path dir) throws IOException {
    // No display on servers and executors; must be set before AWT initializes.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    // The oracle's curves are drawn with the models' (it has no histogram of its own).
    List<ScoredModel> inputs = new ArrayList<>(report.inputs());
    List<ModelMetrics> metrics = new ArrayList<>(report.models());
    report.oracleInput().ifPresent(inputs::add);
    report.oracle().ifPresent(metrics::add);

    XYSeriesCollection roc = new XYSeriesCollection();
    XYSeriesCollection pr = new XYSeriesCollection();
    XYSeriesCollection gain = new XYSeriesCollection();
    double baseRate = 0;
    for (int i = 0; i < inputs.size(); i++) {
      ScoredModel in = inputs.get(i);
      ModelMetrics m = metrics.get(i);
      RocCurve rc = BinaryMetrics.rocCurve(in.scores(), in.labels());
      roc.addSeries(
          thinned(
              String.format(Locale.ROOT, "%s (AUC %.4f)", m.name(), m.rocAuc()),
              rc.fpr(),
              rc.tpr()));
      PrecisionRecallCurve pc = BinaryMetrics.precisionRecallCurve(in.scores(), in.labels());
      pr.addSeries(
          thinned(
              String.format(Locale.ROOT, "%s (AP %.4f)", m.name(), m.averagePrecision()),
              pc.recall(),
              pc.precision()));
      GainCurve gc = BinaryMetrics.cumulativeGain(in.scores(), in.labels());
      gain.addSeries(
          thinned(
              String.format(Locale.ROOT, "%s (lift@10%% %.2f)", m.name(), m.liftTop10()),
              gc.fraction(),
              gc.gain()));
      baseRate = m.positiveRate();
    }
    int models = inputs.size();
    roc.addSeries(line("chance", 0, 0, 1, 1));
    pr.addSeries(
        line(
            String.format(Locale.ROOT, "chance (positive rate %.4f)", baseRate),
            0,
            baseRate,
            1,
            baseRate));
    gain.addSeries(line("random targeting", 0, 0, 1, 1));

    Path rocFile = dir.resolve(ROC_FILE);
    save(
        lineChart(
            "ROC curves: " + report.data(),
            "False positive rate (negatives scored at or above the threshold)",
            "True positive rate (recall)",
            roc,
            models),
        rocFile);
    Path prFile = dir.resolve(PR_FILE);
    JFreeChart prChart =
        lineChart("Precision-recall curves: " + report.data(), "Recall", "Precision", pr, models);
    ValueMarker target = new ValueMarker(report.targetPrecision());
    target.setPaint(Color.GRAY);
    target.setStroke(dashed());
    target.setLabel(String.format(Locale.ROOT, "target precision %.2f", report.targetPrecision()));
    target.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    target.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
    prChart.getXYPlot().addRangeMarker(target);
    save(prChart, prFile);
    Path gainFile = dir.resolve(GAIN_FILE);
    save(
        lineChart(
            "Cumulative gain: " + report.data(),
            "Fraction of users targeted, highest scores first",
            "Fraction of all positives found",
            gain,
            models),
        gainFile);

    List<Path> histograms = new ArrayList<>();
    for (int i = 0; i < report.models().size(); i++) {
      Path file = dir.resolve(histogramFile(i, inputs.get(i).name()));
      save(histogram(inputs.get(i), metrics.get(i)), file);
      histograms.add(file);
    }
    return new Written(rocFile, prFile, gainFile, histograms);
  }

  /** The histogram file of model {@code index}: {@code hist-<index>-<name>.png}. */
  static String histogramFile(int index, String name) {
    return "hist-" + index + "-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png";
  }

  private static JFreeChart lineChart(
      String title, String x, String y, XYSeriesCollection data, int models) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      if (s < models) {
        r.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        r.setSeriesStroke(s, new BasicStroke(2.2f));
      } else {
        r.setSeriesPaint(s, Color.GRAY);
        r.setSeriesStroke(s, dashed());
      }
    }
    plot.setRenderer(r);
    unitAxis((NumberAxis) plot.getDomainAxis());
    unitAxis((NumberAxis) plot.getRangeAxis());
    return chart;
  }

  private static JFreeChart histogram(ScoredModel in, ModelMetrics m) {
    int n = in.scores().length;
    int positives = (int) m.positives();
    double[] neg = new double[n - positives];
    double[] pos = new double[positives];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (in.labels()[i] == 1) {
        pos[b++] = in.scores()[i];
      } else {
        neg[a++] = in.scores()[i];
      }
    }
    HistogramDataset data = new HistogramDataset();
    data.setType(HistogramType.RELATIVE_FREQUENCY);
    if (neg.length > 0) {
      data.addSeries(
          String.format(Locale.ROOT, "label 0 (%,d rows)", neg.length), neg, HISTOGRAM_BINS, 0, 1);
    }
    if (pos.length > 0) {
      data.addSeries(
          String.format(Locale.ROOT, "label 1 (%,d rows)", pos.length), pos, HISTOGRAM_BINS, 0, 1);
    }
    JFreeChart chart =
        ChartFactory.createHistogram(
            "Score distribution by class: " + m.name(),
            "Score (predicted probability)",
            "Share of the class's rows per bin",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    style(chart);
    XYPlot plot = chart.getXYPlot();
    plot.setForegroundAlpha(0.6f);
    XYBarRenderer r = (XYBarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, new Color(0x1f77b4));
    r.setSeriesPaint(1, new Color(0xd62728));
    unitAxis((NumberAxis) plot.getDomainAxis());
    if (m.atBundleThreshold() != null) {
      plot.addDomainMarker(
          marker(
              m.bundleThreshold(),
              String.format(Locale.ROOT, "bundle threshold %.3f", m.bundleThreshold()),
              // right of its line at mid-height: low thresholds would clip a label on the left,
              // and the other marker's label takes the top
              RectangleAnchor.RIGHT,
              TextAnchor.CENTER_LEFT));
    }
    plot.addDomainMarker(
        marker(
            m.atTargetPrecision().threshold(),
            String.format(
                Locale.ROOT,
                "threshold for precision %.2f here: %.3f",
                m.atTargetPrecision().precision(),
                m.atTargetPrecision().threshold()),
            RectangleAnchor.TOP_RIGHT,
            TextAnchor.TOP_LEFT));
    return chart;
  }

  private static ValueMarker marker(
      double x, String label, RectangleAnchor anchor, TextAnchor text) {
    ValueMarker v = new ValueMarker(x);
    v.setPaint(Color.DARK_GRAY);
    v.setStroke(dashed());
    v.setLabel(label);
    v.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    v.setLabelAnchor(anchor);
    v.setLabelTextAnchor(text);
    return v;
  }

  /** The house style of every chart (white background, light grid); shared by the drift report. */
  public static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
  }

  private static void unitAxis(NumberAxis axis) {
    axis.setRange(0.0, 1.0);
    axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.1));
  }

  private static BasicStroke dashed() {
    return new BasicStroke(
        1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
  }

  private static XYSeries line(String key, double x0, double y0, double x1, double y1) {
    XYSeries s = new XYSeries(key, false, true);
    s.add(x0, y0);
    s.add(x1, y1);
    return s;
  }

  /** A curve as a series, points in order, thinned to about {@link #MAX_POINTS}. */
  static XYSeries thinned(String key, double[] x, double[] y) {
    XYSeries s = new XYSeries(key, false, true);
    double step = 1.0 / MAX_POINTS;
    double lastX = Double.NaN;
    double lastY = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      boolean ends = i == 0 || i == x.length - 1;
      if (ends || Math.abs(x[i] - lastX) >= step || Math.abs(y[i] - lastY) >= step) {
        s.add(x[i], y[i], false);
        lastX = x[i];
        lastY = y[i];
      }
    }
    return s;
  }

  /** Writes {@code chart} as a {@value #WIDTH} x {@value #HEIGHT} PNG. */
  public static void save(JFreeChart chart, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
    }
  }
}
