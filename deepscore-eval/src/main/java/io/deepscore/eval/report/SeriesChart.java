package io.deepscore.eval.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Measured series as a PNG line chart, in the evaluation report's style (e.g. the memory soak's RSS
 * over time with its breakdown). Free axes, unlike the report's unit-square curves.
 */
public final class SeriesChart {
  private SeriesChart() {}

  /**
   * Writes {@code y} against {@code x} (same length) as a PNG to {@code file}.
   *
   * @throws IOException if the file cannot be written
   */
  public static void writePng(
      String title, String xLabel, String yLabel, String series, double[] x, double[] y, Path file)
      throws IOException {
    writePng(title, xLabel, yLabel, List.of(new Series(series, x, y)), file);
  }

  /**
   * Writes several series (each its own x values) on shared axes as a PNG to {@code file}; the
   * first is drawn thickest.
   *
   * @throws IOException if the file cannot be written
   */
  public static void writePng(
      String title, String xLabel, String yLabel, List<Series> series, Path file)
      throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (Series one : series) {
      XYSeries s = new XYSeries(one.name(), false, true);
      for (int i = 0; i < one.x().length; i++) {
        s.add(one.x()[i], one.y()[i], false);
      }
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
    ReportCharts.style(chart);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesStroke(i, new BasicStroke(i == 0 ? 2.0f : 1.2f));
    }
    chart.getXYPlot().setRenderer(r);
    ReportCharts.save(chart, file);
  }

  /** One named series: {@code y} against {@code x}, of the same length. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
      }
    }
  }
}
