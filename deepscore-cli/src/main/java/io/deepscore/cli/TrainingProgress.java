package io.deepscore.cli;

import io.deepscore.model.train.EpochReport;
import io.deepscore.model.train.TrainingListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints one line per epoch and, on a terminal, a progress bar during the epoch (redrawn in place,
 * at most once per 2% so it never slows training).
 */
final class TrainingProgress implements TrainingListener {
  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final String unit;
  private final int maxEpochs;
  private final boolean terminal;
  private int lastDrawn = -1;

  /**
   * @param unit what one report is: {@code epoch}, or {@code round} for boosted trees
   * @param maxEpochs the most reports there can be
   */
  TrainingProgress(PrintWriter out, String unit, int maxEpochs, boolean terminal) {
    this.out = out;
    this.unit = unit;
    this.maxEpochs = maxEpochs;
    this.terminal = terminal;
  }

  @Override
  public void onBatch(int epoch, int batch, int batches) {
    if (!terminal) {
      return;
    }
    int percent = (int) (100L * batch / batches);
    if (percent / 2 == lastDrawn) {
      return;
    }
    lastDrawn = percent / 2;
    int filled = WIDTH * batch / batches;
    out.printf(
        Locale.ROOT,
        "\r  %s %2d/%d [%s%s] %3d%%",
        unit,
        epoch,
        maxEpochs,
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        percent);
    out.flush();
  }

  @Override
  public void onNote(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public void onEpoch(EpochReport r) {
    lastDrawn = -1;
    out.printf(
        Locale.ROOT,
        "%s  %s %2d/%d  loss %s  valid AUC %.5f%s  %,8.0f rows/s  %5.1f s%n",
        terminal ? "\r" : "",
        unit,
        r.epoch(),
        maxEpochs,
        Double.isNaN(r.trainLoss()) ? "-" : String.format(Locale.ROOT, "%.5f", r.trainLoss()),
        r.validAuc(),
        r.improved() ? " *" : "  ",
        r.rowsPerSecond(),
        r.seconds());
    out.flush();
  }
}
