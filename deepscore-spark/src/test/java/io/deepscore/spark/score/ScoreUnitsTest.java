package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepscore.spark.SparkSessions;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.Test;

/** Config validation, thread derivation and the latency histogram, without Spark jobs. */
class ScoreUnitsTest {

  @Test
  void threadPlanGivesOneThreadPerTaskWhenTasksFillTheCores() {
    ThreadPlan local2 = ThreadPlan.derive(new SparkConf().set("spark.master", "local[2]"), 0);
    assertThat(local2.executorCores()).isEqualTo(2);
    assertThat(local2.concurrentTasks()).isEqualTo(2);
    assertThat(local2.intraOpThreads()).isEqualTo(1);
    ThreadPlan wide =
        ThreadPlan.derive(
            new SparkConf()
                .set("spark.master", "yarn")
                .set("spark.executor.cores", "8")
                .set("spark.task.cpus", "4"),
            0);
    assertThat(wide.concurrentTasks()).isEqualTo(2);
    assertThat(wide.intraOpThreads()).isEqualTo(4);
    ThreadPlan explicit = ThreadPlan.derive(new SparkConf().set("spark.master", "local[2]"), 3);
    assertThat(explicit.intraOpThreads()).isEqualTo(3);
    assertThat(explicit.derived()).isFalse();
    assertThat(ThreadPlan.derive(new SparkConf().set("spark.master", "yarn"), 0).intraOpThreads())
        .isEqualTo(1);
    assertThatThrownBy(() -> ThreadPlan.derive(new SparkConf(), -1))
        .hasMessageContaining("threads must be >= 0");
  }

  @Test
  void threadPlanSaysWhereTheExecutorCoresComeFrom() {
    assertThat(ThreadPlan.derive(new SparkConf().set("spark.master", "local[2]"), 0).toString())
        .isEqualTo(
            "intra_op_threads=1 inter_op_threads=1 (derived: executor_cores=2 [from local[2]]"
                + " task_cpus=1 concurrent_tasks=2)");
    ThreadPlan k8s =
        ThreadPlan.derive(new SparkConf().set("spark.master", "k8s://https://k:6443"), 0);
    assertThat(k8s.executorCores()).isEqualTo(1);
    assertThat(k8s.coresSource()).contains("default");
    // Standalone gives an executor all of a worker's cores: unknown until one registers.
    ThreadPlan standalone =
        ThreadPlan.derive(new SparkConf().set("spark.master", "spark://127.0.0.1:7077"), 0);
    assertThat(standalone.executorCores()).isEqualTo(-1);
    assertThat(standalone.intraOpThreads()).isEqualTo(1);
    assertThat(standalone.toString())
        .contains(
            "executor_cores=unknown [no executor registered yet]", "concurrent_tasks=unknown");
    ThreadPlan leftover =
        ThreadPlan.derive(
            new SparkConf()
                .set("spark.master", "spark://127.0.0.1:7077")
                .set("spark.executor.cores", "3")
                .set("spark.task.cpus", "2"),
            0);
    assertThat(leftover.concurrentTasks()).isEqualTo(1);
    assertThat(leftover.intraOpThreads()).isEqualTo(3);
  }

  @Test
  void threadPlanOfARunningApplicationReadsItsExecutors() {
    SparkContext sc = SparkSessions.forTests().sparkContext();
    ThreadPlan plan = ThreadPlan.derive(sc, 0);
    assertThat(plan.executorCores()).isEqualTo(2);
    assertThat(plan.coresSource()).isEqualTo("from local[2]");
    assertThat(plan.intraOpThreads()).isEqualTo(1);
  }

  @Test
  void configIsValidatedOnBuild() {
    ScoreConfig ok = ScoreConfig.builder().modelUri("/m").output("/o").build();
    assertThat(ok.rejects()).isEqualTo("/o.rejects");
    assertThat(ok.batchSize()).isEqualTo(ScoreConfig.DEFAULT_BATCH_SIZE);
    assertThatThrownBy(() -> ScoreConfig.builder().output("/o").build())
        .hasMessageContaining("model URI is required");
    assertThatThrownBy(() -> ok.toBuilder().batchSize(0).build())
        .hasMessageContaining("batch size must be in [1, 65536], got 0");
    assertThatThrownBy(() -> ok.toBuilder().threshold(0.5).build())
        .hasMessageContaining("also ask for the audience");
    assertThatThrownBy(() -> ok.toBuilder().audience(true).threshold(1.5).build())
        .hasMessageContaining("threshold must be a probability in [0, 1], got 1.5");
    assertThatThrownBy(() -> ok.toBuilder().passThrough(List.of("score")).build())
        .hasMessageContaining("clashes with an output column");
    assertThatThrownBy(() -> ok.toBuilder().passThrough(List.of("a", "a")).build())
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> ok.toBuilder().rejects("/o").build())
        .hasMessageContaining("differ from the output path");
  }

  @Test
  void latencyQuantilesAreWithinTheBucketResolution() {
    ScoringStats s = new ScoringStats();
    for (int i = 1; i <= 100; i++) {
      s.add(i * 1_000_000L); // 1..100 ms
    }
    ScoringStats other = new ScoringStats();
    other.add(1_000_000_000L); // one 1 s outlier in another task
    other.addPeakRss(123L << 20);
    s.merge(other);
    ScoringStats.Snapshot v = s.value();
    assertThat(v.batches()).isEqualTo(101);
    assertThat(v.p50Ms()).isCloseTo(51, within(51 * 0.05));
    assertThat(v.p99Ms()).isCloseTo(100, within(100 * 0.05));
    assertThat(v.maxMs()).isEqualTo(1000.0);
    assertThat(v.peakRssBytes()).isEqualTo(123L << 20);
    assertThat(new ScoringStats().value().p50Ms()).isEqualTo(-1);
    assertThat(ScoringStats.peakRssOfThisProcess()).isPositive();
  }
}
