package io.deepscore.spark.score;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.crc32;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.eval.drift.RunProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --incremental}: on a "day 2" of 600 users, a third of them changed and 50 new, every
 * user's score equals a full run's, every input user is in the output once, and only new and
 * changed users went through the model; a different bundle id means a full run.
 */
class IncrementalScoreTest {

  static ScoreFixture fx;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
  }

  /**
   * Batches of one row: libtorch's results for a row vary in the last bits with the batch it is in,
   * and the users an incremental run scores sit in other batches than in a full run.
   */
  private ScoreConfig.Builder config(String out) {
    return ScoreConfig.builder()
        .batchSize(1)
        .modelUri(fx.bundleDir.toString())
        .output(out)
        .bundleCacheDir(fx.dir.resolve("cache").toString())
        .audience(true)
        .threshold(0.3)
        .passThrough(List.of("event_day"));
  }

  @Test
  void reusedScoresEqualAFullRunForEveryUser() throws Exception {
    Dataset<Row> day1 = fx.input().limit(600).localCheckpoint(); // batches of one are slow
    String out1 = fx.path("day1");
    ScoreJob.run(fx.spark, day1, config(out1).build());

    Column changed = pmod(crc32(col("user_id").cast("binary")), lit(3)).equalTo(0);
    Dataset<Row> day2 =
        day1.withColumn(
                "app_packages",
                when(changed, slice(col("app_packages"), 2, 1000)).otherwise(col("app_packages")))
            .unionByName(day1.limit(50).withColumn("user_id", concat(lit("new-"), col("user_id"))));
    day2 = day2.localCheckpoint(); // one fixed day 2 for both runs

    String full = fx.path("full");
    ScoreSummary f = ScoreJob.run(fx.spark, day2, config(full).build());
    String inc = fx.path("inc");
    ScoreSummary i = ScoreJob.run(fx.spark, day2, config(inc).incremental(out1).build());

    assertThat(f.reused()).isZero();
    assertThat(i.rowsIn()).isEqualTo(f.rowsIn()).isEqualTo(day2.count());
    assertThat(i.scored()).isEqualTo(f.scored());
    assertThat(i.rejected()).isEqualTo(f.rejected());
    assertThat(i.audienceSize()).isEqualTo(f.audienceSize());
    // every unchanged day-1 user scored on day 1 is reused (rows whose apps were null are
    // rejected); a few changed ones too, whose encoding did not change (a dropped first app
    // that was not among the 64 kept)
    long unchanged =
        day1.filter(col("app_packages").isNotNull().and(functions.not(changed))).count();
    assertThat(i.reused()).isGreaterThanOrEqualTo(unchanged).isLessThan(i.scored() - 50);
    assertThat(i.lines()).anyMatch(l -> l.contains("reused from the previous run"));

    Map<String, Row> fullRows = byId(full);
    Map<String, Row> incRows = byId(inc);
    assertThat(incRows.keySet()).isEqualTo(fullRows.keySet());
    assertThat(fx.spark.read().parquet(inc).count()).isEqualTo(incRows.size()); // each user once
    int differ = 0;
    for (Map.Entry<String, Row> e : fullRows.entrySet()) {
      Row a = e.getValue();
      Row b = incRows.get(e.getKey());
      if (Float.floatToRawIntBits(a.getFloat(1)) != Float.floatToRawIntBits(b.getFloat(1))) {
        differ++;
      }
      assertThat(b.getString(2)).isEqualTo(a.getString(2));
      assertThat(b.get(3)).isEqualTo(a.get(3));
      assertThat(b.getBoolean(4)).isEqualTo(a.getBoolean(4));
    }
    assertThat(differ).as("users whose score is not bitwise equal to a full run's").isZero();
  }

  @Test
  void aDifferentBundleMeansAFullRun() throws Exception {
    String out1 = fx.path("day1-other");
    ScoreJob.run(fx.spark, fx.input(), config(out1).build());
    Path profile = Path.of(out1, RunProfile.FILE);
    String json = Files.readString(profile);
    String id = RunProfile.fromJson(json.getBytes(), "p").bundleId();
    Files.writeString(profile, json.replace(id, "another-bundle"));
    Files.deleteIfExists(profile.resolveSibling("." + RunProfile.FILE + ".crc")); // Hadoop's sum
    ScoreSummary s =
        ScoreJob.run(fx.spark, fx.input(), config(fx.path("again")).incremental(out1).build());
    assertThat(s.reused()).isZero();
    assertThat(s.scored() + s.rejected()).isEqualTo(s.rowsIn());
  }

  private static Map<String, Row> byId(String path) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : fx.spark.read().parquet(path).collectAsList()) {
      m.put(r.getString(0), r);
    }
    return m;
  }
}
