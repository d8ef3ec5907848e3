package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepscore.eval.drift.DriftReport;
import io.deepscore.eval.drift.RunProfile;
import io.deepscore.spark.io.StagedOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A day in production" (docs/operations.md) run as written, on two generated days: day 2 is day 1
 * with 30% of the users' apps half replaced by packages day 1 never had; day 2 scored incrementally
 * equals day 2 scored in full for every user, the drift check flags the apps field and no other,
 * and a scheduler's --fail-psi exits 1.
 */
class DailyRunIT {

  @TempDir Path tmp;

  private static CliRun ok(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  @Test
  void twoDaysScoredWithTheDriftCheck() throws Exception {
    String spec = Path.of("..", "specs", "generated.json").toString();
    String day1 = tmp.resolve("raw-d1").toString();
    String day2 = tmp.resolve("raw-d2").toString();
    String vocab = tmp.resolve("vocab").toString();
    String enc = tmp.resolve("enc").toString();
    String model = tmp.resolve("model").toString();
    String scores1 = tmp.resolve("scores-d1").toString();
    String scores2 = tmp.resolve("scores-d2").toString();

    // set-up: a day of users and a small model
    ok("generate", "--users", "8000", "--seed", "11", "--out", day1);
    ok("vocab", "--spec", spec, "--input", day1, "--out", vocab);
    ok("featurize", "--spec", spec, "--vocab", vocab, "--input", day1, "--out", enc);
    CliRun train = CliRun.trainSmallDnn(spec, vocab, enc, model);
    assertThat(train.exitCode()).as(train.err()).isZero();

    // day 1
    ok("score", "--model", model, "--input", day1, "--out", scores1, "--audience");
    assertThat(Files.readString(Path.of(scores1, StagedOutput.RUN_INFO)))
        .contains("\"profile\" : \"" + RunProfile.FILE + "\"");

    // day 2: the same users, 30% of them with half their apps new
    CliRun next =
        ok(
            "generate",
            "--from",
            day1,
            "--changed",
            "0.3",
            "--app-shift",
            "0.5",
            "--seed",
            "12",
            "--out",
            day2);
    assertThat(next.out()).contains("8,000 users");

    CliRun usage =
        CliRun.of(
            "score", "--model", model, "--input", day2, "--out", scores2, "--fail-psi", "0.2");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.err()).contains("add --previous");

    CliRun d2 =
        ok(
            "score",
            "--model",
            model,
            "--input",
            day2,
            "--out",
            scores2,
            "--audience",
            "--incremental",
            scores1,
            "--previous",
            scores1);
    System.out.println("score --previous (day 2):\n" + d2.out());
    System.out.println(Files.readString(Path.of(scores2, RunProfile.FILE)));
    List<String> shifted =
        Arrays.stream(d2.out().split("\n")).filter(l -> l.endsWith("SHIFTED")).toList();
    assertThat(shifted).hasSize(1);
    assertThat(shifted.get(0).trim()).startsWith("apps ");
    assertThat(d2.out()).contains("score PSI:", "audience:", "report: ");
    assertThat(d2.out()).contains("rows in: 8,000 = scored 8,000", "reused from the previous run");

    // day 2 incrementally equals day 2 scored in full, for every user
    String full2 = tmp.resolve("scores-d2-full").toString();
    ok("score", "--model", model, "--input", day2, "--out", full2, "--audience");
    SparkSession spark = SparkSession.active();
    Map<String, Float> full = new HashMap<>();
    for (Row r : spark.read().parquet(full2).collectAsList()) {
      full.put(r.getString(0), r.getFloat(1));
    }
    List<Row> incremental = spark.read().parquet(scores2).collectAsList();
    assertThat(incremental).hasSize(8000);
    int bitEqual = 0;
    for (Row r : incremental) {
      float f = full.remove(r.getString(0));
      // batches of other sizes and members: libtorch may differ in the last bits (docs)
      assertThat((double) r.getFloat(1)).isCloseTo(f, within(1e-6));
      bitEqual += Float.floatToRawIntBits(f) == Float.floatToRawIntBits(r.getFloat(1)) ? 1 : 0;
    }
    assertThat(full).isEmpty(); // every user once
    System.out.println(
        "incremental day 2: " + bitEqual + " of 8000 scores bit-equal to a full run");

    Path report = Path.of(scores2 + ".drift");
    assertThat(Files.readString(report.resolve(DriftReport.HTML_FILE))).contains("apps (shifted)");
    assertThat(Files.size(report.resolve(DriftReport.SCORES_PNG))).isPositive();
    assertThat(Files.size(report.resolve(DriftReport.FIELDS_PNG))).isPositive();

    // the scheduler's check as docs/operations.md writes it; then any change fails a zero bound,
    // and the same day against itself passes it
    Matcher psi = Pattern.compile("score PSI: ([0-9.]+)").matcher(d2.out());
    assertThat(psi.find()).isTrue();
    CliRun scheduled =
        CliRun.of("drift", "--current", scores2, "--previous", scores1, "--fail-psi", "0.2");
    assertThat(scheduled.exitCode()).isEqualTo(Double.parseDouble(psi.group(1)) > 0.2 ? 1 : 0);
    CliRun alert =
        CliRun.of(
            "drift",
            "--current",
            scores2,
            "--previous",
            scores1,
            "--fail-psi",
            "0",
            "--report",
            tmp.resolve("drift").toString());
    assertThat(alert.exitCode()).as(alert.err()).isEqualTo(1);
    assertThat(alert.err()).contains("exceeds --fail-psi 0");
    CliRun same =
        ok(
            "drift",
            "--current",
            scores1,
            "--previous",
            scores1,
            "--fail-psi",
            "0",
            "--report",
            tmp.resolve("drift-same").toString());
    assertThat(same.out()).contains("score PSI: 0.0000 (stable)").doesNotContain("SHIFTED");
  }
}
