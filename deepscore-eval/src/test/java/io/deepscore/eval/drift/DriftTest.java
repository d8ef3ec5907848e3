package io.deepscore.eval.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftTest {

  @TempDir Path tmp;

  @Test
  void psiOfIdenticalHistogramsIsZero() {
    long[] h = new long[RunProfile.SCORE_BINS];
    for (int b = 0; b < h.length; b++) {
      h[b] = b + 1;
    }
    assertThat(Drift.psi(h, h.clone())).isZero();
  }

  @Test
  void psiByHandOnTwoGroups() {
    // previous: half the mass in bin 0, half in bin 99 -> two groups {0..k}, {k+1..99}
    long[] prev = new long[RunProfile.SCORE_BINS];
    prev[0] = 50;
    prev[99] = 50;
    long[] cur = new long[RunProfile.SCORE_BINS];
    cur[0] = 80;
    cur[99] = 20;
    double expected = (0.8 - 0.5) * Math.log(0.8 / 0.5) + (0.2 - 0.5) * Math.log(0.2 / 0.5);
    assertThat(Drift.psi(cur, prev)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void psiFloorsEmptyBins() {
    long[] prev = new long[RunProfile.SCORE_BINS];
    prev[10] = 100;
    long[] cur = new long[RunProfile.SCORE_BINS];
    cur[90] = 100;
    // one group for all: previous never fills a second decile -> the whole range is one bin
    assertThat(Drift.psi(cur, prev)).isZero();
    long[] prev2 = new long[RunProfile.SCORE_BINS];
    prev2[10] = 50;
    prev2[90] = 50;
    double floor = Drift.SHARE_FLOOR;
    double expected = (floor - 0.5) * Math.log(floor / 0.5) + (1.0 - 0.5) * Math.log(1.0 / 0.5);
    assertThat(Drift.psi(cur, prev2)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void profileCountsEmptyOovTruncatedAndMergesAcrossPartitions() {
    RunProfile a = new RunProfile(List.of("apps", "device"));
    RunProfile b = new RunProfile(List.of("apps", "device"));
    EncodedBatch batch = new EncodedBatch(new int[] {3, 1}, 4);
    // apps: [5,1,0] (one OOV), [0,0,0] (empty); device: [7], [1] (OOV)
    batch.appendEncoded(new int[] {5, 1, 0}, new int[] {7});
    batch.appendEncoded(new int[] {0, 0, 0}, new int[] {1});
    a.addBatch(batch, new int[] {0, 0});
    batch.clear();
    batch.appendEncoded(new int[] {4, 4, 4}, new int[] {0});
    b.addBatch(batch, new int[] {0, 0});
    a.addScore(0.005);
    a.addScore(1.0);
    b.addScore(0.5);
    b.addScore(Double.NaN);

    RunProfile m = a.merge(b);
    assertThat(m.encodedRows()).isEqualTo(3);
    assertThat(m.emptyShare(0)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.emptyShare(1)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.scored()).isEqualTo(3);
    assertThat(m.nonFiniteScores()).isEqualTo(1);
    long[] bins = m.scoreBins();
    assertThat(bins[0]).isEqualTo(1);
    assertThat(bins[50]).isEqualTo(1);
    assertThat(bins[RunProfile.SCORE_BINS - 1]).isEqualTo(1);
  }

  @Test
  void jsonRoundTripKeepsEveryCount() {
    RunProfile p = new RunProfile(List.of("apps"));
    EncodedBatch batch = new EncodedBatch(new int[] {2}, 2);
    batch.appendEncoded(new int[] {3, 0});
    p.addBatch(batch, new int[] {0});
    p.addScore(0.42);
    p.run("b-1", 3, Map.of("null id", 3L), 17);
    RunProfile back = RunProfile.fromJson(p.toJson(), "mem");
    assertThat(back.toJson()).isEqualTo(p.toJson());
    assertThat(back.audienceSize()).isEqualTo(17);
    assertThat(back.rejectsByReason()).containsEntry("null id", 3L);

    assertThatThrownBy(
            () ->
                RunProfile.fromJson(
                    "{\"format_version\": 9}".getBytes(StandardCharsets.UTF_8), "x.json"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("x.json")
        .hasMessageContaining("format_version 9");
  }

  @Test
  void compareFlagsTheFieldThatMovedAndWritesThePage() throws Exception {
    RunProfile prev = profile(0, 1);
    RunProfile cur = profile(2, 1);
    Drift.Result r = Drift.compare(cur, prev);
    assertThat(r.fields().get(0).field()).isEqualTo("apps");
    assertThat(r.flagged(0.05)).extracting(Drift.FieldShift::field).containsExactly("apps");
    assertThat(r.audiencePrevious()).isEqualTo(10);
    assertThat(r.sameBundle()).isTrue();

    Path page = DriftReport.write(tmp.resolve("drift"), r, cur, prev, "today", "yesterday", 0.05);
    assertThat(Files.readString(page)).contains("apps (shifted)", "scores.png", "fields.png");
    assertThat(Files.size(tmp.resolve("drift").resolve(DriftReport.SCORES_PNG))).isPositive();
    assertThat(DriftReport.lines(r, 0.05))
        .anyMatch(l -> l.contains("apps") && l.contains("SHIFTED"));
  }

  /** Two fields, 4 rows: {@code emptyApps} of them without an app. */
  private static RunProfile profile(int emptyApps, int device) {
    RunProfile p = new RunProfile(List.of("apps", "device"));
    EncodedBatch batch = new EncodedBatch(new int[] {1, 1}, 4);
    for (int r = 0; r < 4; r++) {
      batch.appendEncoded(new int[] {r < emptyApps ? 0 : 5}, new int[] {device + 5});
    }
    p.addBatch(batch, new int[] {0, 0});
    for (int i = 0; i < 4; i++) {
      p.addScore(0.1 * (i + emptyApps));
    }
    return p.run("b", 0, Map.of(), 10);
  }
}
