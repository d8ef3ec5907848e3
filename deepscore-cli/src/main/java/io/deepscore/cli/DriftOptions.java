package io.deepscore.cli;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.drift.Drift;
import io.deepscore.eval.drift.DriftReport;
import io.deepscore.eval.drift.RunProfile;
import io.deepscore.spark.score.RunProfiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/**
 * The drift check's options, shared by {@code deepscore drift} and {@code score --previous}, and
 * the check itself: both runs' profiles compared, printed, the HTML page written.
 */
final class DriftOptions {

  /** The default {@code --field-shift}. */
  static final double DEFAULT_FIELD_SHIFT = 0.05;

  @Option(
      names = {"--report", "--drift-report"},
      paramLabel = "DIR",
      description =
          "Local directory for drift.html and its PNG charts. Default: <current>.drift when the"
              + " current output is local (otherwise no page is written).")
  String report;

  @Option(
      names = "--fail-psi",
      paramLabel = "X",
      description =
          "Exit 1 (after printing and writing the report) when the score PSI exceeds X, e.g. 0.2,"
              + " so a scheduler can alert.")
  Double failPsi;

  @Option(
      names = "--field-shift",
      defaultValue = "" + DEFAULT_FIELD_SHIFT,
      paramLabel = "S",
      description =
          "Flag a field whose OOV or empty share moved by more than S (absolute). Default:"
              + " ${DEFAULT-VALUE}.")
  double fieldShift;

  /** Whether an option of the check was given (they need a previous run to compare with). */
  boolean given() {
    return report != null || failPsi != null || fieldShift != DEFAULT_FIELD_SHIFT;
  }

  /** Usage checks; the message names the option. */
  void validate() {
    if (failPsi != null && !(failPsi >= 0)) {
      throw new IllegalArgumentException("--fail-psi must be >= 0, got " + failPsi);
    }
    if (!(fieldShift >= 0 && fieldShift <= 1)) {
      throw new IllegalArgumentException("--field-shift must be in [0, 1], got " + fieldShift);
    }
  }

  /**
   * Compares the profiles of two score outputs, prints the result and writes the page.
   *
   * @return 1 when {@code --fail-psi} is exceeded, else 0
   */
  int check(
      Configuration hadoop, String current, String previous, PrintWriter out, PrintWriter err) {
    RunProfile cur = RunProfiles.read(hadoop, current);
    RunProfile prev = RunProfiles.read(hadoop, previous);
    Drift.Result r = Drift.compare(cur, prev);
    out.println("drift of " + current + " against " + previous + ":");
    DriftReport.lines(r, fieldShift).forEach(l -> out.println("  " + l));
    Path dir = reportDir(current);
    if (dir != null) {
      try {
        out.println(
            "  report: " + DriftReport.write(dir, r, cur, prev, current, previous, fieldShift));
      } catch (IOException e) {
        throw new InvalidInputException("cannot write the drift report into " + dir + ": " + e, e);
      }
    }
    out.flush();
    if (failPsi != null && r.psi() > failPsi) {
      err.printf(
          Locale.ROOT, "deepscore drift: score PSI %.4f exceeds --fail-psi %s%n", r.psi(), failPsi);
      err.flush();
      return 1;
    }
    return 0;
  }

  private Path reportDir(String current) {
    if (report != null) {
      return Path.of(report);
    }
    URI uri = URI.create(current.replace('\\', '/'));
    if (uri.getScheme() == null) {
      return Path.of(current + ".drift");
    }
    return "file".equals(uri.getScheme()) ? Path.of(URI.create(current + ".drift")) : null;
  }
}
