package io.deepscore.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesChartTest {

  @Test
  void writesSeveralSeriesWithTheirOwnXValuesAsOnePng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("rss.png");
    SeriesChart.writePng(
        "memory",
        "seconds",
        "MB",
        List.of(
            new SeriesChart.Series("RSS", new double[] {0, 1, 2, 3}, new double[] {10, 20, 20, 21}),
            new SeriesChart.Series("heap", new double[] {0.5, 2.5}, new double[] {8, 8})),
        png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isPositive();
  }

  @Test
  void refusesASeriesWhoseLengthsDiffer() {
    assertThatThrownBy(() -> new SeriesChart.Series("RSS", new double[] {0, 1}, new double[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 x values but 1 y values");
  }
}
