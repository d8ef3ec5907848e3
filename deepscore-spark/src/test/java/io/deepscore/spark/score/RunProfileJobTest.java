package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.InvalidValueException;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.partition.RawRowLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every score run writes its run profile; its figures equal ones computed outside Spark. */
class RunProfileJobTest {

  static ScoreFixture fx;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  @Test
  void profileMatchesAnEncodingOutsideSparkAndTheScoresWritten() throws Exception {
    Dataset<Row> input = fx.input();
    ScoreConfig cfg =
        ScoreConfig.builder()
            .modelUri(fx.bundleDir.toString())
            .output(fx.path("scores"))
            .bundleCacheDir(fx.dir.resolve("cache").toString())
            .audience(true)
            .threshold(0.3)
            .build();
    ScoreSummary s = ScoreJob.run(fx.spark, input, cfg);
    RunProfile p = RunProfiles.read(fx.spark.sparkContext().hadoopConfiguration(), cfg.output());

    assertThat(Files.readString(Path.of(cfg.output(), StagedOutput.RUN_INFO)))
        .contains("\"profile\" : \"" + RunProfile.FILE + "\"");
    assertThat(p.encodedRows()).isEqualTo(s.scored());
    assertThat(p.scored()).isEqualTo(s.scored());
    assertThat(p.rejected()).isEqualTo(s.rejected()).isPositive();
    assertThat(p.rejectsByReason().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(s.rejected());
    assertThat(p.audienceSize()).isEqualTo(s.audienceSize());
    assertThat(p.bundleId()).isEqualTo(s.bundleId());

    long[] bins = new long[RunProfile.SCORE_BINS];
    for (Row r : fx.spark.read().parquet(cfg.output()).collectAsList()) {
      bins[RunProfile.bin(r.getFloat(1))]++;
    }
    assertThat(p.scoreBins()).containsExactly(bins);

    // the oracle: every input row encoded in one batch, the rejected rows left out
    Encoder encoder = ModelBundle.open(fx.bundleDir).encoder();
    List<Row> rows = input.collectAsList();
    RawRowLayout layout = RawRowLayout.of(input.schema(), fx.spec);
    EncodedBatch batch = encoder.newBatch(rows.size());
    Object[] values = new Object[layout.fieldCount()];
    for (Row row : rows) {
      try {
        encoder.encodeRow(layout.values(row, values), batch);
      } catch (InvalidValueException e) {
        // a reject
      }
    }
    assertThat(batch.size()).isEqualTo((int) s.scored());
    for (int f = 0; f < encoder.fieldCount(); f++) {
      int ml = batch.maxLength(f);
      long empty = 0;
      for (int r = 0; r < batch.size(); r++) {
        empty += batch.field(f)[r * ml] == encoder.vocabulary(f).padId() ? 1 : 0;
      }
      double n = batch.size();
      assertThat(p.oovShare(f))
          .isCloseTo((double) batch.oovTokens(f) / batch.tokens(f), within(1e-12));
      assertThat(p.emptyShare(f)).isCloseTo(empty / n, within(1e-12));
      assertThat(p.truncatedShare(f)).isCloseTo(batch.truncatedRows(f) / n, within(1e-12));
      assertThat(p.meanTokens(f)).isCloseTo(batch.tokens(f) / n, within(1e-12));
    }
    assertThat(p.emptyShare(fx.spec.fieldIndex("apps"))).isPositive(); // the fixture has some
  }

  /**
   * The profile and the hashes come from the scoring pass: the input is read once by it, not a
   * second time by a feature pass.
   */
  @Test
  void aRunWithoutIncrementalReadsTheInputOnce() throws Exception {
    Dataset<Row> input = fx.input();
    long rows = input.count();
    ScoreConfig cfg =
        ScoreConfig.builder()
            .modelUri(fx.bundleDir.toString())
            .output(fx.path("once"))
            .bundleCacheDir(fx.dir.resolve("cache").toString())
            .batchSize(64)
            .build();
    LongAdder read = new LongAdder();
    SparkListener counter =
        new SparkListener() {
          @Override
          public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              read.add(end.taskMetrics().inputMetrics().recordsRead());
            }
          }
        };
    fx.spark.sparkContext().listenerBus().waitUntilEmpty();
    fx.spark.sparkContext().addSparkListener(counter);
    try {
      ScoreJob.run(fx.spark, input, cfg);
      fx.spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      fx.spark.sparkContext().removeSparkListener(counter);
    }
    assertThat(Files.exists(Path.of(cfg.output(), RunProfile.FILE))).isTrue();
    assertThat(Files.isDirectory(Path.of(cfg.output(), Incremental.FEATURES_DIR))).isTrue();
    // the scoring pass reads every row (ScorePassShapeTest: exactly once)
    assertThat(read.sum()).isGreaterThanOrEqualTo(rows).isLessThan(rows + rows / 2);
  }

  @Test
  void readingAnOutputWithoutAProfileSaysWhatToPass() {
    String notScores = fx.dir.toString();
    assertThatThrownBy(
            () -> RunProfiles.read(fx.spark.sparkContext().hadoopConfiguration(), notScores))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(RunProfile.FILE)
        .hasMessageContaining("'deepscore score'");
  }
}
