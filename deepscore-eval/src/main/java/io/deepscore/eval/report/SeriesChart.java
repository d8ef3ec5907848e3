package io.deepscore.eval.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * One measured series as a PNG line chart, in the evaluation report's style (e.g. the memory soak's
 * RSS over time). Free axes, unlike the report's unit-square curves.
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
    if (x.length != y.length) {
      throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
    }
    XYSeries s = new XYSeries(series, false, true);
    for (int i = 0; i < x.length; i++) {
      s.add(x[i], y[i], false);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            xLabel,
            yLabel,
            new XYSeriesCollection(s),
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    ReportCharts.style(chart);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesStroke(0, new BasicStroke(2.0f));
    chart.getXYPlot().setRenderer(r);
    ReportCharts.save(chart, file);
  }
}
