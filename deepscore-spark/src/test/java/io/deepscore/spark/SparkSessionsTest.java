package io.deepscore.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The executor defaults a cluster master gets, and that the job's own settings win. */
class SparkSessionsTest {

  @Test
  void executorsGetTheAllocatorAndDjlOfflineByDefault() {
    SparkConf conf = new SparkConf(false);
    SparkSessions.executorDefaults(conf);
    assertThat(conf.get("spark.executorEnv.MALLOC_MMAP_MAX_")).isEqualTo("0");
    assertThat(conf.get("spark.executorEnv.MALLOC_TRIM_THRESHOLD_")).isEqualTo("2147483648");
    assertThat(conf.get("spark.executorEnv.DJL_OFFLINE")).isEqualTo("true");
    assertThat(conf.get("spark.executorEnv.OPT_OUT_TRACKING")).isEqualTo("true");
    assertThat(conf.get("spark.executorEnv.MALLOC_ARENA_MAX")).isEqualTo("2");
    assertThat(conf.get("spark.executor.extraJavaOptions"))
        .isEqualTo("-Dai.djl.offline=true -Djdk.nio.maxCachedBufferSize=1048576");
  }

  @Test
  void whatTheJobSetsWins() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.executorEnv.MALLOC_MMAP_MAX_", "65536")
            .set("spark.executor.extraJavaOptions", "-Xss4m");
    SparkSessions.executorDefaults(conf);
    assertThat(conf.get("spark.executorEnv.MALLOC_MMAP_MAX_")).isEqualTo("65536");
    assertThat(conf.get("spark.executorEnv.MALLOC_TRIM_THRESHOLD_")).isEqualTo("2147483648");
    assertThat(conf.get("spark.executor.extraJavaOptions"))
        .isEqualTo("-Xss4m -Dai.djl.offline=true -Djdk.nio.maxCachedBufferSize=1048576");

    SparkConf own =
        new SparkConf(false)
            .set(
                "spark.executor.extraJavaOptions",
                "-Dai.djl.offline=false -Djdk.nio.maxCachedBufferSize=0");
    SparkSessions.executorDefaults(own);
    assertThat(own.get("spark.executor.extraJavaOptions"))
        .isEqualTo("-Dai.djl.offline=false -Djdk.nio.maxCachedBufferSize=0");
  }
}
