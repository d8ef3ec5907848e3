package io.deepscore.model.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.features.VocabularyBuilder;
import io.deepscore.hash.Sha256;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.BundleThreshold;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XGBoost baseline: layout, training on a problem with an interaction, bundle round trip,
 * tamper refusal, and per-batch native memory being freed.
 */
class XgboostTest {

  static final int ROWS = 3000;
  static final int VALID_FROM = 2400;

  static FeatureSpec spec;
  static Map<String, Vocabulary> vocabularies;
  static Encoder encoder;
  static List<Object[]> raw = new ArrayList<>();
  static int[] labels;
  static EncodedDataset all;
  static XgboostTrainedModel trained;
  static Path written;

  @TempDir static Path tmp;

  /**
   * Label = (apps has a3) XOR (campaigns has c5), 5% flipped: no single token is informative, only
   * the pair is. Trees find it with depth 2.
   */
  @BeforeAll
  static void trainAndWrite() {
    spec =
        FeatureSpec.builder()
            .name("xor")
            .idColumn("user_id")
            .labelColumn("label")
            .addField(field("device", FieldKind.SINGLE, 1))
            .addField(field("apps", FieldKind.MULTI, 6))
            .addField(field("campaigns", FieldKind.MULTI, 4))
            .build();
    Random rng = new Random(7);
    labels = new int[ROWS];
    VocabularyBuilder[] vb = {
      new VocabularyBuilder(), new VocabularyBuilder(), new VocabularyBuilder()
    };
    for (int r = 0; r < ROWS; r++) {
      boolean a = rng.nextBoolean();
      boolean c = rng.nextBoolean();
      String device = "d" + rng.nextInt(12);
      List<String> apps = new ArrayList<>();
      for (int i = 0; i < 1 + rng.nextInt(4); i++) {
        apps.add("a" + (4 + rng.nextInt(20)));
      }
      if (a) {
        apps.add("a3");
      }
      List<String> campaigns = new ArrayList<>();
      if (rng.nextInt(100) >= 3) {
        campaigns.add("c" + (6 + rng.nextInt(10)));
      }
      if (c) {
        campaigns.add("c5");
      }
      int label = a ^ c ? 1 : 0;
      labels[r] = rng.nextInt(100) < 5 ? 1 - label : label;
      raw.add(new Object[] {device, apps, campaigns});
      vb[0].add(device);
      apps.forEach(vb[1]::add);
      campaigns.forEach(vb[2]::add);
    }
    vocabularies = new LinkedHashMap<>();
    for (int f = 0; f < 3; f++) {
      vocabularies.put(spec.field(f).name(), vb[f].build(spec.field(f)));
    }
    encoder = new Encoder(spec, vocabularies);
    all = dataset();
    trained =
        new XgboostTrainer(XgboostParams.defaults().withMaxRounds(200).withThreads(2))
            .train(
                all.slice(0, VALID_FROM),
                all.slice(VALID_FROM, ROWS),
                vocabSizes(),
                TrainingListener.NONE);
    float[] validScores = trained.result().bestValidScores();
    BundleThreshold threshold =
        BundleThreshold.of(
            0.8,
            BinaryMetrics.thresholdForPrecision(
                validScores, all.slice(VALID_FROM, ROWS).labels(), 0.8));
    written =
        ModelBundle.write(tmp.resolve("written"), "xor", spec, vocabularies, trained, threshold)
            .dir();
  }

  @AfterAll
  static void close() {
    if (trained != null) {
      trained.close();
    }
  }

  @Test
  void learnsTheInteractionAndStopsEarly() {
    var r = trained.result();
    // 5% label noise caps the AUC near 0.95; chance is 0.5 and no single token helps.
    assertThat(r.bestValidAuc()).isGreaterThan(0.9);
    assertThat(r.validRows()).isEqualTo(ROWS - VALID_FROM);
    assertThat(r.bestEpoch()).isBetween(1, r.epochsRun());
    assertThat(r.history()).hasSize(r.epochsRun());
    assertThat(r.stoppedEarly()).isTrue();
    // The validation scores are those of the trees up to the best round, as scoring gives.
    float[] rescored = score(trained, 256, VALID_FROM, ROWS);
    assertThat(rescored).containsExactly(r.bestValidScores());
  }

  @Test
  void bundleRoundTripGivesIdenticalScores() throws IOException {
    Path copy = copy(written, "copied");
    ModelBundle bundle = ModelBundle.open(copy);
    assertThat(bundle.manifest().engine()).isEqualTo("xgboost");
    assertThat(bundle.manifest().output()).isEqualTo(ModelOutput.PROBABILITY);
    assertThat(bundle.manifest().files()).containsKey("model/model.ubj");
    assertThat(bundle.manifest().training())
        .containsEntry("algorithm", "xgboost")
        .containsKey("best_round");
    assertThat(bundle.manifest().threshold().targetPrecision()).isEqualTo(0.8);
    float[] expected = score(trained, 128, 0, ROWS);
    try (ScoringModel loaded = bundle.loadModel(EngineSettings.threads(1))) {
      assertThat(loaded.engine()).isEqualTo("xgboost");
      float[] actual = score(loaded, 128, 0, ROWS);
      assertThat(Arrays.equals(actual, expected)).as("bitwise equal scores").isTrue();
      for (float p : actual) {
        assertThat(p).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void tamperedModelFileIsRefused() throws IOException {
    Path copy = copy(written, "tampered");
    Path model = copy.resolve("model/model.ubj");
    String recorded = Sha256.ofFile(model);
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(model, bytes);
    assertThatThrownBy(() -> ModelBundle.open(copy))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("bundle file model/model.ubj")
        .hasMessageContaining(recorded)
        .hasMessageContaining(Sha256.ofFile(model));
  }

  @Test
  void everyBatchMatrixIsFreedOverManyBatchesAndPartialBatchesWork() throws IOException {
    ModelBundle bundle = ModelBundle.open(written);
    try (XgboostScoringModel model =
        (XgboostScoringModel) bundle.loadModel(EngineSettings.threads(1))) {
      float[] reference = score(model, 1000, 0, 1000);
      EncodedBatch batch = encoder.newBatch(7);
      float[] out = new float[7];
      int batches = 0;
      try (Scorer scorer = model.newScorer()) {
        // 1000 rows in batches of 7 (the last holds 6): 143 batches, then 57 more empty-field
        // rows' batches below make it 200.
        int row = 0;
        for (int r = 0; r < 1000; r++) {
          encoder.encodeRow(raw.get(r), batch);
          if (batch.isFull() || r == 999) {
            scorer.score(batch, out);
            for (int i = 0; i < batch.size(); i++) {
              assertThat(out[i]).isEqualTo(reference[row++]);
            }
            batches++;
            batch.clear();
          }
        }
        // Rows with every field empty or unknown: no entry at all in the sparse matrix.
        Object[] empty = {"never-seen-device", List.of(), List.of("zzz")};
        while (batches < 200) {
          encoder.encodeRow(empty, batch);
          scorer.score(batch, out);
          assertThat(out[0]).isBetween(0f, 1f);
          batch.clear();
          batches++;
        }
      }
      assertThat(batches).isEqualTo(200);
      // One matrix per scored batch of score(model, 1000, ...) and of the loop, all freed.
      assertThat(model.matricesFreed()).isEqualTo(model.matricesCreated());
      assertThat(model.matricesCreated()).isEqualTo(1 + 200);
    }
  }

  @Test
  void scoresOverTheSplitColumnsAreBitIdenticalToXgboostOnEveryColumn() throws Exception {
    byte[] bytes = Files.readAllBytes(written.resolve(XgboostEngine.MODEL_FILE));
    MultiHotLayout layout = MultiHotLayout.of(encoder.maxLengths(), vocabSizes());
    try (XgboostScoringModel model = XgboostScoringModel.fromBytes(bytes, layout, 1)) {
      // The trees read a few of the columns (the xor pair and what noise they fit).
      assertThat(model.scoringColumns()).isBetween(2, layout.columnCount() - 1);
      float[] actual = score(model, 300, 0, ROWS);
      // XGBoost itself on the bundle's model file, every layout column in the matrix.
      Booster booster = XGBoost.loadModel(bytes);
      CsrRows csr = layout.csr(all);
      DMatrix matrix =
          new DMatrix(
              csr.rowHeaders(),
              csr.columns(),
              csr.values(),
              DMatrix.SparseType.CSR,
              layout.columnCount());
      try {
        float[][] expected = booster.predict(matrix, false, model.treeLimit());
        for (int r = 0; r < ROWS; r++) {
          assertThat(Float.floatToRawIntBits(actual[r]))
              .as("row %d", r)
              .isEqualTo(Float.floatToRawIntBits(expected[r][0]));
        }
      } finally {
        matrix.dispose();
        booster.dispose();
      }
    }
  }

  @Test
  void aModelThatIsNotAPlainTreeModelIsScoredAsItIs() {
    byte[] named =
        "{\"learner\":{\"feature_names\":[\"a\"],\"gradient_booster\":{\"name\":\"gbtree\"}}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(UsedFeatures.of(named, 10)).isEmpty();
    byte[] linear =
        "{\"learner\":{\"gradient_booster\":{\"name\":\"gblinear\"}}}"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(UsedFeatures.of(linear, 10)).isEmpty();
    assertThat(UsedFeatures.of("not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), 10))
        .isEmpty();
  }

  @Test
  void layoutPutsEachTokenInItsFieldsColumnsAndDropsPaddingAndOov() {
    MultiHotLayout layout = MultiHotLayout.of(new int[] {1, 3}, new long[] {5, 4});
    assertThat(layout.columnCount()).isEqualTo(9);
    // row 0: field0 id 2; field1 ids 3, 3, 0 (repeat -> count 2; padding dropped)
    // row 1: field0 OOV; field1 all padding -> no entries
    // row 2: field0 id 4; field1 ids 2, 1(OOV), 0
    CsrRows csr = layout.csr(3, new int[][] {{2, 1, 4}, {3, 3, 0, 0, 0, 0, 2, 1, 0}});
    assertThat(csr.rowHeaders()).containsExactly(0, 2, 2, 4);
    assertThat(csr.columns()).containsExactly(2, 8, 4, 7);
    assertThat(csr.values()).containsExactly(1f, 2f, 1f, 1f);
    assertThatThrownBy(() -> layout.csr(1, new int[][] {{5}, {0, 0, 0}}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field 0, row 0: token id 5 is outside the vocabulary of 5 ids");
  }

  @Test
  void paramsAreValidated() {
    assertThatThrownBy(() -> XgboostParams.defaults().withEta(0))
        .hasMessageContaining("eta must be in (0, 1]");
    assertThatThrownBy(() -> XgboostParams.defaults().withMaxDepth(0))
        .hasMessageContaining("max_depth must be > 0");
    assertThat(XgboostParams.defaults().boosterParams())
        .containsEntry("objective", "binary:logistic")
        .containsEntry("eval_metric", "auc")
        .containsEntry("max_depth", 6);
  }

  // ------------------------------------------------------------------ helpers

  private static FieldSpec field(String name, FieldKind kind, int maxLength) {
    return FieldSpec.builder(name)
        .column(name)
        .kind(kind)
        .maxLength(maxLength)
        .maxSize(1000)
        .build();
  }

  static long[] vocabSizes() {
    long[] v = new long[spec.fieldCount()];
    for (int f = 0; f < v.length; f++) {
      v[f] = vocabularies.get(spec.field(f).name()).size();
    }
    return v;
  }

  static EncodedDataset dataset() {
    EncodedDataset.Builder b = EncodedDataset.builder(encoder.maxLengths());
    EncodedBatch batch = encoder.newBatch(1);
    for (int r = 0; r < raw.size(); r++) {
      encoder.encodeRow(raw.get(r), batch);
      int[][] buffers = new int[batch.fieldCount()][];
      for (int f = 0; f < buffers.length; f++) {
        buffers[f] = batch.field(f);
      }
      b.addRows(1, buffers, new int[] {labels[r]});
      batch.clear();
    }
    return b.build();
  }

  static float[] score(ScoringModel model, int capacity, int from, int to) {
    float[] out = new float[to - from];
    float[] buf = new float[capacity];
    EncodedBatch batch = encoder.newBatch(capacity);
    int start = 0;
    try (Scorer scorer = model.newScorer()) {
      for (int r = from; r < to; r++) {
        encoder.encodeRow(raw.get(r), batch);
        if (batch.isFull() || r == to - 1) {
          scorer.score(batch, buf);
          System.arraycopy(buf, 0, out, start, batch.size());
          start += batch.size();
          batch.clear();
        }
      }
    }
    return out;
  }

  static Path copy(Path from, String name) throws IOException {
    Path to = tmp.resolve(name);
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return to;
  }
}
