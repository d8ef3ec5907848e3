package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of a score run, counted by a SparkListener so it cannot silently regress: one Spark job
 * of one stage (the scoring pass, which writes scores, rejects, features hashes and counts; its
 * first batch is the dry run), the input read once, nothing cached.
 */
class ScorePassShapeTest {

  static ScoreFixture fx;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  /** What the listener saw. */
  static final class Shape extends SparkListener {
    final List<Integer> stagesPerJob = new CopyOnWriteArrayList<>();
    final LongAdder recordsRead = new LongAdder();
    final AtomicInteger cachedBlocks = new AtomicInteger();

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      stagesPerJob.add(start.stageInfos().size());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskMetrics() != null) {
        recordsRead.add(end.taskMetrics().inputMetrics().recordsRead());
      }
    }

    @Override
    public void onBlockUpdated(SparkListenerBlockUpdated update) {
      if (update.blockUpdatedInfo().blockId().isRDD()) {
        cachedBlocks.incrementAndGet();
      }
    }
  }

  static Shape watch(Runnable run) throws Exception {
    Shape shape = new Shape();
    fx.spark.sparkContext().listenerBus().waitUntilEmpty();
    fx.spark.sparkContext().addSparkListener(shape);
    try {
      run.run();
      fx.spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      fx.spark.sparkContext().removeSparkListener(shape);
    }
    return shape;
  }

  @Test
  void aScoreRunIsOneJobOfOneStageThatReadsTheInputOnceAndCachesNothing() throws Exception {
    Dataset<Row> input = fx.input();
    long rows = input.count();
    ScoreConfig cfg =
        ScoreConfig.builder()
            .modelUri(fx.bundleDir.toString())
            .output(fx.path("shape"))
            .bundleCacheDir(fx.dir.resolve("cache").toString())
            .batchSize(64)
            .audience(true)
            .build();
    ScoreSummary[] summary = new ScoreSummary[1];
    Shape shape = watch(() -> summary[0] = ScoreJob.run(fx.spark, input, cfg));

    assertThat(summary[0].rowsIn()).isEqualTo(rows);
    // no dry-run job before the pass, no job after it
    assertThat(shape.stagesPerJob).as("Spark jobs and their stages").containsExactly(1);
    assertThat(shape.recordsRead.sum()).as("records read").isEqualTo(rows);
    assertThat(shape.cachedBlocks).as("RDD blocks cached").hasValue(0);
    assertThat(fx.spark.sparkContext().getPersistentRDDs().isEmpty()).as("persisted RDDs").isTrue();
  }
}
