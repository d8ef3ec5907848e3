package io.deepscore.eval.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.Confusion;
import io.deepscore.eval.ThresholdChoice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A champion/challenger evaluation of several models on the same labelled data: per model ROC AUC,
 * PR AUC (average precision), log loss, precision and recall at the model's own bundle threshold,
 * recall at a target precision (threshold chosen on this data), lift in the top 1/5/10%; and the
 * relative deltas of every model against the first (the reference).
 *
 * <p>Every number is a {@link BinaryMetrics} pure function of the model's score and label arrays;
 * nothing is recomputed here. {@link #write(Path)} writes {@value #JSON_FILE}, {@value #HTML_FILE}
 * and PNG charts ({@link ReportCharts}) into a directory; {@link #printTable(PrintWriter)} prints
 * the same table for a terminal.
 *
 * <p>Immutable; it keeps the score arrays (not copied) for the charts.
 */
public final class EvaluationReport {

  /** The machine-readable report. */
  public static final String JSON_FILE = "report.json";

  /** The human-readable report; it references the PNGs next to it. */
  public static final String HTML_FILE = "report.html";

  /** Version of the {@value #JSON_FILE} layout. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String data;
  private final double targetPrecision;
  private final List<ScoredModel> inputs;
  private final List<ModelMetrics> models;
  private final List<ModelDelta> deltas;
  private final String created;

  private EvaluationReport(
      String data,
      double targetPrecision,
      List<ScoredModel> inputs,
      List<ModelMetrics> models,
      List<ModelDelta> deltas) {
    this.data = data;
    this.targetPrecision = targetPrecision;
    this.inputs = inputs;
    this.models = models;
    this.deltas = deltas;
    this.created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * Computes the report.
   *
   * @param models at least one; the first is the reference of the deltas; names must be unique
   * @param targetPrecision in (0, 1)
   * @param data a description of the evaluated data (its path), shown in the report
   * @throws InvalidInputException on duplicate names, a bad target, or scores the metrics reject
   *     (one class only, probabilities outside [0, 1], ...), naming the model: the metric
   *     functions' {@link IllegalArgumentException}s become the typed failure of user input here
   */
  public static EvaluationReport of(List<ScoredModel> models, double targetPrecision, String data) {
    if (models.isEmpty()) {
      throw new InvalidInputException("an evaluation needs at least one model");
    }
    if (!(targetPrecision > 0 && targetPrecision < 1)) {
      throw new InvalidInputException("target precision must be in (0, 1), got " + targetPrecision);
    }
    Set<String> names = new HashSet<>();
    List<ModelMetrics> metrics = new ArrayList<>();
    for (ScoredModel m : models) {
      if (!names.add(m.name())) {
        throw new InvalidInputException("two models are named '" + m.name() + "'");
      }
      try {
        metrics.add(evaluate(m, targetPrecision));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("model '" + m.name() + "': " + e.getMessage(), e);
      }
    }
    List<ModelDelta> deltas = new ArrayList<>();
    for (int i = 1; i < metrics.size(); i++) {
      deltas.add(ModelDelta.between(metrics.get(0), metrics.get(i)));
    }
    return new EvaluationReport(
        data, targetPrecision, List.copyOf(models), List.copyOf(metrics), List.copyOf(deltas));
  }

  /** The metrics of one model; all from {@link BinaryMetrics}. */
  static ModelMetrics evaluate(ScoredModel m, double targetPrecision) {
    float[] s = m.scores();
    int[] y = m.labels();
    long positives = 0;
    for (int label : y) {
      positives += label;
    }
    Confusion atBundle =
        m.hasBundleThreshold() ? BinaryMetrics.confusionAt(s, y, m.bundleThreshold()) : null;
    ThresholdChoice atTarget = BinaryMetrics.thresholdForPrecision(s, y, targetPrecision);
    return new ModelMetrics(
        m.name(),
        m.bundleId(),
        m.engine(),
        s.length,
        positives,
        BinaryMetrics.rocAuc(s, y),
        BinaryMetrics.averagePrecision(s, y),
        BinaryMetrics.logLoss(s, y),
        m.bundleThreshold(),
        atBundle,
        atTarget,
        BinaryMetrics.liftAt(s, y, 0.01),
        BinaryMetrics.liftAt(s, y, 0.05),
        BinaryMetrics.liftAt(s, y, 0.10));
  }

  /** The evaluated data's description. */
  public String data() {
    return data;
  }

  /** The target precision of the recall column. */
  public double targetPrecision() {
    return targetPrecision;
  }

  /** Per model, in input order. */
  public List<ModelMetrics> models() {
    return models;
  }

  /** Every model after the first against the first; empty with one model. */
  public List<ModelDelta> deltas() {
    return deltas;
  }

  /** The inputs (score arrays are shared, not copied). */
  public List<ScoredModel> inputs() {
    return inputs;
  }

  /** When the report was computed (ISO-8601). */
  public String created() {
    return created;
  }

  // ------------------------------------------------------------------ output

  /**
   * Writes {@value #JSON_FILE}, the PNG charts and {@value #HTML_FILE} into {@code dir} (created if
   * needed; existing report files are replaced).
   *
   * @return the written files, HTML last
   */
  public List<Path> write(Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> files = new ArrayList<>();
      Path json = dir.resolve(JSON_FILE);
      Files.writeString(json, toJson() + "\n");
      files.add(json);
      ReportCharts.Written charts = ReportCharts.write(this, dir);
      files.addAll(charts.all());
      Path html = dir.resolve(HTML_FILE);
      Files.writeString(html, HtmlReport.render(this, charts));
      files.add(html);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report into " + dir, e);
    }
  }

  /** The report as JSON (format {@value #FORMAT_VERSION}; see docs/evaluation.md). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format_version", FORMAT_VERSION);
    o.put("created", created);
    o.put("data", data);
    o.put("target_precision", targetPrecision);
    ArrayNode ms = o.putArray("models");
    for (ModelMetrics m : models) {
      ObjectNode n = ms.addObject();
      n.put("name", m.name());
      n.put("bundle_id", m.bundleId());
      n.put("engine", m.engine());
      n.put("rows", m.rows());
      n.put("positives", m.positives());
      n.put("roc_auc", m.rocAuc());
      n.put("average_precision", m.averagePrecision());
      n.put("log_loss", m.logLoss());
      if (m.atBundleThreshold() != null) {
        ObjectNode b = n.putObject("at_bundle_threshold");
        b.put("threshold", m.bundleThreshold());
        confusion(b, m.atBundleThreshold());
      } else {
        n.putNull("at_bundle_threshold");
      }
      ThresholdChoice t = m.atTargetPrecision();
      ObjectNode a = n.putObject("at_target_precision");
      a.put("target_precision", targetPrecision);
      a.put("threshold", t.threshold());
      a.put("precision", t.precision());
      a.put("recall", t.recall());
      a.put("positives_predicted", t.positivesPredicted());
      a.put("reached", t.reached());
      ObjectNode lift = n.putObject("lift");
      lift.put("top_1pct", m.liftTop1());
      lift.put("top_5pct", m.liftTop5());
      lift.put("top_10pct", m.liftTop10());
    }
    ArrayNode ds = o.putArray("deltas");
    for (ModelDelta d : deltas) {
      ObjectNode n = ds.addObject();
      n.put("reference", d.reference());
      n.put("challenger", d.challenger());
      n.put("roc_auc_relative_pct", d.rocAucPercent());
      n.put("average_precision_relative_pct", d.averagePrecisionPercent());
      n.put("recall_at_target_precision_relative_pct", d.recallAtTargetPercent());
      n.put("roc_auc_difference", d.rocAucDifference());
      n.put("recall_at_target_precision_difference", d.recallAtTargetDifference());
      n.put("both_reach_target_precision", d.bothReachTarget());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void confusion(ObjectNode n, Confusion c) {
    n.put("precision", c.precision());
    n.put("recall", c.recall());
    n.put("tp", c.tp());
    n.put("fp", c.fp());
    n.put("tn", c.tn());
    n.put("fn", c.fn());
  }

  /** Prints the metrics table and the deltas, fixed-width, for a terminal. */
  public void printTable(PrintWriter out) {
    out.println(tableHeader());
    for (ModelMetrics m : models) {
      out.println(tableRow(m));
    }
    if (!deltas.isEmpty()) {
      out.println();
      out.println("Deltas against the reference '" + models.get(0).name() + "':");
      for (ModelDelta d : deltas) {
        out.println(deltaLine(d));
      }
    }
    out.flush();
  }

  String tableHeader() {
    String p = String.format(Locale.ROOT, "%.2f", targetPrecision);
    return String.format(
        Locale.ROOT,
        "%-20s %-11s %9s %8s %8s %8s | %9s %7s %7s | %9s %7s %5s | %6s %6s %6s",
        "model",
        "engine",
        "rows",
        "roc_auc",
        "pr_auc",
        "logloss",
        "thr_bndl",
        "prec",
        "recall",
        "thr@P" + p,
        "recall",
        "prec",
        "lift1",
        "lift5",
        "lift10");
  }

  String tableRow(ModelMetrics m) {
    Confusion c = m.atBundleThreshold();
    ThresholdChoice t = m.atTargetPrecision();
    return String.format(
        Locale.ROOT,
        "%-20s %-11s %9d %8.4f %8.4f %8.4f | %9s %7s %7s | %9.4f %7.4f %5.3f%s| %6.2f %6.2f %6.2f",
        clip(m.name(), 20),
        clip(m.engine() == null ? "" : m.engine(), 11),
        m.rows(),
        m.rocAuc(),
        m.averagePrecision(),
        m.logLoss(),
        c == null ? "-" : String.format(Locale.ROOT, "%.4f", m.bundleThreshold()),
        c == null ? "-" : String.format(Locale.ROOT, "%.4f", c.precision()),
        c == null ? "-" : String.format(Locale.ROOT, "%.4f", c.recall()),
        t.threshold(),
        t.recall(),
        t.precision(),
        t.reached() ? " " : "!",
        m.liftTop1(),
        m.liftTop5(),
        m.liftTop10());
  }

  String deltaLine(ModelDelta d) {
    return String.format(
        Locale.ROOT,
        "  %-20s ROC AUC %+.2f%% (%+.4f)  PR AUC %+.2f%%  recall at precision %.2f %+.2f%%"
            + " (%+.4f)%s",
        clip(d.challenger(), 20),
        d.rocAucPercent(),
        d.rocAucDifference(),
        d.averagePrecisionPercent(),
        targetPrecision,
        d.recallAtTargetPercent(),
        d.recallAtTargetDifference(),
        d.bothReachTarget() ? "" : "  (target precision not reached by both)");
  }

  private static String clip(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }
}
