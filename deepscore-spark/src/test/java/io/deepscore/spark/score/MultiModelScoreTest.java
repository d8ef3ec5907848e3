package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.network.NetworkModel;
import io.deepscore.model.train.TrainedModel;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostTrainedModel;
import io.deepscore.model.xgboost.XgboostTrainer;
import io.deepscore.spark.TestData;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code score --model A,B,C}: several bundles in one pass give, per user, the very scores (bit for
 * bit) and audience flags of one run per bundle; a row one encoder group cannot encode is rejected
 * once; bundles whose score columns would collide are refused.
 */
class MultiModelScoreTest {

  static ScoreFixture fx;
  static Path seed7;
  static Path xgb;
  static Path lenient;

  @BeforeAll
  static void setUp() {
    fx = ScoreFixture.get();
    Dataset<Row> raw = RawInput.read(fx.spark, fx.trainPath, InputFormat.PARQUET, fx.spec, true);
    Map<String, Vocabulary> vocab = VocabularyJob.build(fx.spark, raw, fx.spec).vocabularies();
    EncodedDataset all = TestData.encode(raw, fx.spec, vocab);
    int cut = all.rows() * 4 / 5;
    long[] sizes = TestData.vocabSizes(fx.spec, vocab);
    try (NetworkModel m =
        new DnnTrainer(
                NetworkConfig.dnn().withEmbeddingDim(8).withHiddenSizes(List.of(16)),
                TrainingConfig.defaults().withMaxEpochs(1).withBatchSize(256).withSeed(7))
            .train(all.slice(0, cut), all.slice(cut, all.rows()), sizes, TrainingListener.NONE)) {
      seed7 = write("seed7", fx.spec, vocab, m, m.result().bestValidScores(), all, cut);
    }
    xgb = xgboost("xgb", fx.spec, vocab, all, cut);

    // another spec (apps not required) with vocabularies counted on fewer users: its own group
    FeatureSpec.Builder b =
        FeatureSpec.builder()
            .name("lenient")
            .idColumn(fx.spec.idColumn())
            .labelColumn(fx.spec.labelColumn().orElse(null));
    for (FieldSpec f : fx.spec.fields()) {
      b.addField(f.toBuilder().required(false).build());
    }
    FeatureSpec spec = b.build();
    Dataset<Row> raw2 = RawInput.read(fx.spark, fx.trainPath, InputFormat.PARQUET, spec, true);
    Map<String, Vocabulary> vocab2 =
        VocabularyJob.build(fx.spark, raw2.limit(1000), spec).vocabularies();
    EncodedDataset all2 = TestData.encode(raw2, spec, vocab2);
    lenient = xgboost("lenient", spec, vocab2, all2, all2.rows() * 4 / 5);
  }

  private static Path xgboost(
      String name, FeatureSpec spec, Map<String, Vocabulary> vocab, EncodedDataset all, int cut) {
    try (XgboostTrainedModel m =
        new XgboostTrainer(XgboostParams.defaults().withMaxDepth(2).withMaxRounds(5).withThreads(1))
            .train(
                all.slice(0, cut),
                all.slice(cut, all.rows()),
                TestData.vocabSizes(spec, vocab),
                TrainingListener.NONE)) {
      return write(name, spec, vocab, m, m.result().bestValidScores(), all, cut);
    }
  }

  private static Path write(
      String name,
      FeatureSpec spec,
      Map<String, Vocabulary> vocab,
      TrainedModel m,
      float[] validScores,
      EncodedDataset all,
      int cut) {
    BundleThreshold t =
        BundleThreshold.of(
            0.5,
            BinaryMetrics.thresholdForPrecision(
                validScores, all.slice(cut, all.rows()).labels(), 0.5));
    return ModelBundle.write(Path.of(fx.path(name)), name, spec, vocab, m, t).dir();
  }

  private static ScoreConfig.Builder config(String models, String out, int batchSize) {
    return ScoreConfig.builder()
        .batchSize(batchSize)
        .modelUri(models)
        .output(out)
        .bundleCacheDir(fx.dir.resolve("cache").toString())
        .audience(true)
        .passThrough(List.of("event_day"));
  }

  /** Per user: column -> value, read back from a scores output. */
  private static Map<String, Row> byUser(String out) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : fx.spark.read().parquet(out).collectAsList()) {
      m.put(r.getString(r.fieldIndex(fx.spec.idColumn())), r);
    }
    return m;
  }

  @Test
  void threeModelsInOnePassEqualThreeSingleRunsBitForBit() throws Exception {
    Dataset<Row> input = fx.input();
    String models = fx.bundleDir + "," + seed7 + "," + xgb;
    String out = fx.path("multi");
    ScoreSummary multi = ScoreJob.run(fx.spark, input, config(models, out, 64).build());

    assertThat(multi.models())
        .extracting(ScoreSummary.ModelCounts::name)
        .containsExactly("scoretest", "seed7", "xgb");
    assertThat(fx.spark.read().parquet(out).columns())
        .containsExactly(
            fx.spec.idColumn(),
            "scoretest",
            "seed7",
            "xgb",
            "scoretest_model_version",
            "seed7_model_version",
            "xgb_model_version",
            "event_day",
            "scoretest_audience",
            "seed7_audience",
            "xgb_audience");
    assertThat(Files.readString(Path.of(out, "_deepscore.json")))
        .contains("\"name\" : \"scoretest\"", "\"name\" : \"seed7\"", "\"name\" : \"xgb\"");
    Map<String, Row> together = byUser(out);
    assertThat(together).hasSize((int) multi.scored());
    // the run profile per model: its own score histogram, the counts of the one pass
    for (String name : List.of("scoretest", "seed7", "xgb")) {
      RunProfile p =
          RunProfiles.read(
              fx.spark.sparkContext().hadoopConfiguration(),
              out + "/" + RunProfiles.MODELS_DIR + "/" + name);
      long[] bins = new long[RunProfile.SCORE_BINS];
      for (Row r : together.values()) {
        bins[RunProfile.bin(r.getFloat(r.fieldIndex(name)))]++;
      }
      assertThat(p.scoreBins()).as(name).containsExactly(bins);
      assertThat(p.encodedRows()).isEqualTo(multi.scored());
      assertThat(p.rejected()).isEqualTo(multi.rejected());
      assertThat(p.bundleId()).startsWith(name + "-");
    }

    String[] names = {"scoretest", "seed7", "xgb"};
    Path[] dirs = {fx.bundleDir, seed7, xgb};
    for (int m = 0; m < 3; m++) {
      String single = fx.path("single-" + names[m]);
      ScoreSummary s =
          ScoreJob.run(fx.spark, input, config(dirs[m].toString(), single, 64).build());
      assertThat(fx.spark.read().parquet(single).columns())
          .containsExactly(fx.spec.idColumn(), "score", "model_version", "event_day", "audience");
      assertThat(multi.rowsIn()).isEqualTo(s.rowsIn());
      assertThat(multi.scored()).isEqualTo(s.scored());
      assertThat(multi.rejected()).isEqualTo(s.rejected());
      assertThat(multi.models().get(m).audienceSize()).isEqualTo(s.audienceSize());
      assertThat(multi.models().get(m).bundleId()).isEqualTo(s.bundleId());
      Map<String, Row> alone = byUser(single);
      assertThat(alone.keySet()).isEqualTo(together.keySet());
      for (Map.Entry<String, Row> e : alone.entrySet()) {
        Row a = e.getValue();
        Row t = together.get(e.getKey());
        assertThat(Float.floatToRawIntBits(t.getFloat(t.fieldIndex(names[m]))))
            .as("user %s, model %s", e.getKey(), names[m])
            .isEqualTo(Float.floatToRawIntBits(a.getFloat(a.fieldIndex("score"))));
        assertThat(t.getBoolean(t.fieldIndex(names[m] + "_audience")))
            .isEqualTo(a.getBoolean(a.fieldIndex("audience")));
        assertThat(t.getString(t.fieldIndex(names[m] + "_model_version")))
            .isEqualTo(a.getString(a.fieldIndex("model_version")));
      }
    }
  }

  @Test
  void aRowOneGroupCannotEncodeIsRejectedOnceWithThatGroupsReason() throws Exception {
    // batches of one row: the lenient model alone would batch the rows the strict one rejects
    Dataset<Row> input = fx.input().limit(300).localCheckpoint();
    String out = fx.path("groups");
    ScoreSummary both =
        ScoreJob.run(fx.spark, input, config(fx.bundleDir + "," + lenient, out, 1).build());
    String strictOut = fx.path("strict");
    ScoreSummary strict =
        ScoreJob.run(fx.spark, input, config(fx.bundleDir.toString(), strictOut, 1).build());
    String lenientOut = fx.path("lenient");
    ScoreSummary alone =
        ScoreJob.run(fx.spark, input, config(lenient.toString(), lenientOut, 1).build());

    assertThat(alone.rejected()).isLessThan(strict.rejected()); // the groups disagree on rows
    assertThat(both.rowsIn()).isEqualTo(300).isEqualTo(both.scored() + both.rejected());
    assertThat(both.rejected()).isEqualTo(strict.rejected());
    assertThat(both.rejectedByField()).isEqualTo(strict.rejectedByField());
    assertThat(fx.spark.read().json(out + ".rejects").count()).isEqualTo(strict.rejected());
    Map<String, Row> together = byUser(out);
    Map<String, Row> lenientAlone = byUser(lenientOut);
    assertThat(together.keySet()).isEqualTo(byUser(strictOut).keySet());
    for (Map.Entry<String, Row> e : together.entrySet()) {
      Row t = e.getValue();
      Row a = lenientAlone.get(e.getKey());
      assertThat(Float.floatToRawIntBits(t.getFloat(t.fieldIndex("lenient"))))
          .as("user %s", e.getKey())
          .isEqualTo(Float.floatToRawIntBits(a.getFloat(a.fieldIndex("score"))));
    }
  }

  @Test
  void bundlesWhoseNamesCollideAreRefusedNamingBoth() {
    Path copy = fx.copyBundle("same-name");
    String out = fx.path("collide");
    assertThatThrownBy(
            () ->
                ScoreJob.run(
                    fx.spark, fx.input(), config(fx.bundleDir + "," + copy, out, 64).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("output column 'scoretest'")
        .hasMessageContaining(fx.bundleDir.toString())
        .hasMessageContaining(copy.toString())
        .hasMessageContaining("--name");
    assertThat(Files.exists(Path.of(out))).isFalse();
  }

  @Test
  void aBundleListedTwiceOrAThresholdWithSeveralModelsIsAUsageError() {
    assertThatThrownBy(() -> config(fx.bundleDir + "," + fx.bundleDir, "o", 64).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
    assertThatThrownBy(() -> config(fx.bundleDir + "," + xgb, "o", 64).threshold(0.3).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("each bundle's audience uses its own threshold");
    assertThatThrownBy(() -> config(fx.bundleDir + "," + xgb, "o", 64).incremental("p").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--incremental");
  }
}
