package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.nn.PooledEmbedding;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTest {

  @Test
  void dnnOutputsOneLogitPerRow() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      DeepScoreNetwork net = new DeepScoreNetwork(NetworkConfig.dnn(), new long[] {10, 20});
      net.initialize(m, DataType.FLOAT32, new Shape(5, 3), new Shape(5, 4));
      NDList in =
          new NDList(
              m.zeros(new Shape(5, 3), DataType.INT64), m.ones(new Shape(5, 4), DataType.INT64));
      NDArray out = net.forward(new ParameterStore(m, false), in, false).head();
      assertThat(out.getShape()).isEqualTo(new Shape(5));
      assertThat(out.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(net.getOutputShapes(new Shape[] {new Shape(5, 3), new Shape(5, 4)}))
          .containsExactly(new Shape(5));
    }
  }

  @Test
  void everyPoolingIgnoresPaddingAndGivesZeroForAllPaddingRows() {
    // table rows: id -> (id, 10 * id); row 0 (padding) is non-zero and large on purpose
    float[] table = {50, 50, 1, 10, 2, 20, 3, 30};
    long[] ids = {2, 3, 0, 0, /* */ 0, 0, 0, 0, /* */ 1, 3, 3, 0};
    float r2 = (float) Math.sqrt(2);
    float r3 = (float) Math.sqrt(3);
    Map<Pooling, float[]> expected =
        Map.of(
            Pooling.MEAN, new float[] {2.5f, 25f, 0f, 0f, 7f / 3, 70f / 3},
            Pooling.SUM, new float[] {5f, 50f, 0f, 0f, 7f, 70f},
            Pooling.SQRT_N, new float[] {5f / r2, 50f / r2, 0f, 0f, 7f / r3, 70f / r3},
            Pooling.MAX, new float[] {3f, 30f, 0f, 0f, 3f, 30f});
    for (Pooling pooling : Pooling.values()) {
      try (NDManager m = NDManager.newBaseManager("PyTorch")) {
        PooledEmbedding e = new PooledEmbedding(4, 2, pooling, 0.1f);
        e.initialize(m, DataType.FLOAT32, new Shape(3, 4));
        e.getParameters().get("weight").getArray().set(table);
        NDArray out =
            e.forward(
                    new ParameterStore(m, false), new NDList(m.create(ids, new Shape(3, 4))), false)
                .head();
        assertThat(out.getShape()).isEqualTo(new Shape(3, 2));
        assertThat(out.toFloatArray())
            .as(pooling.id())
            .containsExactly(expected.get(pooling), within(1e-5f));
      }
    }
  }

  @Test
  void maxPoolingSendsTheGradientToTheWinningTokenOnly() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PooledEmbedding e = new PooledEmbedding(4, 1, Pooling.MAX, 0.1f);
      e.initialize(m, DataType.FLOAT32, new Shape(1, 3));
      NDArray w = e.getParameters().get("weight").getArray();
      w.set(new float[] {9, 1, 3, 2});
      try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray out =
            e.forward(
                    new ParameterStore(m, false),
                    new NDList(m.create(new long[] {1, 2, 0}, new Shape(1, 3))),
                    true)
                .head();
        gc.backward(out.sum());
      }
      assertThat(w.getGradient().toFloatArray()).containsExactly(0f, 0f, 1f, 0f);
    }
  }

  @Test
  void tokenDropoutLeavesTokensOutOfTheMeanInTrainingOnly() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PooledEmbedding e =
          new PooledEmbedding(
              3, 2, Pooling.MEAN, new ai.djl.training.initializer.NormalInitializer(0.1f), 0.9f);
      e.initialize(m, DataType.FLOAT32, new Shape(200, 4));
      e.getParameters().get("weight").getArray().set(new float[] {0, 0, 1, 1, 1, 1});
      long[] ids = new long[800];
      java.util.Arrays.fill(ids, 1);
      NDList in = new NDList(m.create(ids, new Shape(200, 4)));
      float[] train = e.forward(new ParameterStore(m, false), in, true).head().toFloatArray();
      // the mean of the tokens kept is 1 whatever was dropped; a row that lost all four is 0
      assertThat(train).containsOnly(0f, 1f).contains(0f, 1f);
      float[] infer = e.forward(new ParameterStore(m, false), in, false).head().toFloatArray();
      assertThat(infer).containsOnly(1f);
    }
  }

  @Test
  void tokenDropoutDropsTokensAtTheRateAskedAndSqrtnPoolsTheKeptOnes() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(7);
      PooledEmbedding e =
          new PooledEmbedding(
              2, 1, Pooling.SQRT_N, new ai.djl.training.initializer.NormalInitializer(0.1f), 0.25f);
      e.initialize(m, DataType.FLOAT32, new Shape(1000, 16));
      e.getParameters().get("weight").getArray().set(new float[] {0, 1});
      long[] ids = new long[16_000];
      java.util.Arrays.fill(ids, 1);
      NDList in = new NDList(m.create(ids, new Shape(1000, 16)));
      // each row pools k kept tokens of weight 1 to k / sqrt(k) = sqrt(k): k = pooled^2
      float[] train = e.forward(new ParameterStore(m, false), in, true).head().toFloatArray();
      double kept = 0;
      for (float v : train) {
        kept += Math.round(v * v);
      }
      // 16,000 Bernoulli(0.75) draws: sd 0.0034, the bound is 6 sd
      assertThat(kept / ids.length).isCloseTo(0.75, within(0.02));
      float[] infer = e.forward(new ParameterStore(m, false), in, false).head().toFloatArray();
      assertThat(infer).containsOnly(4f);
    }
  }

  @Test
  void usedRowSquaresCountEveryOccurrenceOfANonPaddingToken() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      PooledEmbedding e = new PooledEmbedding(4, 2, Pooling.MEAN, 0.1f);
      e.initialize(m, DataType.FLOAT32, new Shape(2, 3));
      e.getParameters().get("weight").getArray().set(new float[] {7, 7, 1, 2, 0, 3, 2, 2});
      var params = new PairList<String, Object>();
      params.add(PooledEmbedding.USED_ROW_SQUARES, true);
      NDList in = new NDList(m.create(new long[] {1, 3, 0, 3, 3, 0}, new Shape(2, 3)));
      NDList train = e.forward(new ParameterStore(m, false), in, true, params);
      // rows used: 1 once (1 + 4), 3 three times (3 * 8); padding row 0 never
      assertThat(train.get(1).getFloat()).isEqualTo(29f);
      assertThat(e.forward(new ParameterStore(m, false), in, false, params)).hasSize(1);
    }
  }

  @Test
  void wideDeepAddsTheWideTokenWeightsToTheDeepLogit() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      long[] sizes = {3, 4};
      NetworkConfig c = NetworkConfig.wideDeep().withEmbeddingDim(2).withHiddenSizes(List.of(3));
      DeepScoreNetwork wd = new DeepScoreNetwork(c, sizes);
      Shape[] shapes = {new Shape(2, 2), new Shape(2, 3)};
      wd.initialize(m, DataType.FLOAT32, shapes);
      NDList in =
          new NDList(
              m.create(new long[] {1, 2, 0, 0}, new Shape(2, 2)),
              m.create(new long[] {3, 3, 0, 0, 0, 0}, new Shape(2, 3)));
      ParameterStore store = new ParameterStore(m, false);
      param(wd, "wide0_weight").getArray().set(new float[] {0, 0, 0});
      param(wd, "wide1_weight").getArray().set(new float[] {0, 0, 0, 0});
      float[] deepOnly = wd.forward(store, in, false).head().toFloatArray();
      param(wd, "wide0_weight").getArray().set(new float[] {9, 0.5f, 0.25f});
      param(wd, "wide1_weight").getArray().set(new float[] {9, 1, 2, 4});
      float[] both = wd.forward(store, in, false).head().toFloatArray();
      assertThat(both)
          .containsExactly(new float[] {deepOnly[0] + 8.75f, deepOnly[1]}, within(1e-5f));
      // the embedding tables are still field<i> (the bundle's table check reads them), wide<i>
      // apart
      assertThat(wd.getParameters().keys()).anyMatch(k -> k.endsWith("field1_weight"));
    }
  }

  @Test
  void logisticIsTheSumOfTokenWeightsPlusBias() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      DeepScoreNetwork net = new DeepScoreNetwork(NetworkConfig.logistic(), new long[] {3, 4});
      net.initialize(m, DataType.FLOAT32, new Shape(2, 2), new Shape(2, 3));
      param(net, "field0_weight").getArray().set(new float[] {9, 0.5f, 0.25f});
      param(net, "field1_weight").getArray().set(new float[] {9, 1, 2, 4});
      param(net, "bias").getArray().set(new float[] {-1});
      NDList in =
          new NDList(
              m.create(new long[] {1, 2, 0, 0}, new Shape(2, 2)),
              m.create(new long[] {3, 3, 0, 0, 0, 0}, new Shape(2, 3)));
      float[] out = net.forward(new ParameterStore(m, false), in, false).head().toFloatArray();
      assertThat(out).containsExactly(new float[] {0.5f + 0.25f + 8 - 1, -1}, within(1e-6f));
    }
  }

  @Test
  void configRoundTripsAndRejectsUnknownKeys() {
    NetworkConfig c =
        NetworkConfig.wideDeep()
            .withHiddenSizes(List.of(64))
            .withDropout(0.25f)
            .withPooling(Pooling.SQRT_N)
            .withPooledDropout(0.5f)
            .withTokenDropout(0.25f);
    assertThat(NetworkConfig.fromMap(c.toMap())).isEqualTo(c);
    // manifests written before pooling and pooled_dropout existed read as mean, 0
    var old = new java.util.HashMap<>(NetworkConfig.dnn().toMap());
    old.remove("pooling");
    old.remove("pooled_dropout");
    old.remove("token_dropout");
    // a manifest from before pooling existed was trained with mean pooling, whatever today's
    // default
    assertThat(NetworkConfig.fromMap(old))
        .isEqualTo(
            new NetworkConfig(
                Architecture.DNN,
                NetworkConfig.DEFAULT_EMBEDDING_DIM,
                NetworkConfig.DEFAULT_HIDDEN,
                0f));
    var bad = new java.util.HashMap<>(c.toMap());
    bad.put("hiden", List.of(3));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NetworkConfig.fromMap(bad))
        .hasMessageContaining("unknown network key 'hiden'");
  }

  /** DJL prefixes child parameter names with the child's index; match on the suffix. */
  private static ai.djl.nn.Parameter param(DeepScoreNetwork net, String suffix) {
    return net.getParameters().stream()
        .filter(p -> p.getKey().endsWith(suffix))
        .map(p -> p.getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError(suffix + " not in " + net.getParameters().keys()));
  }
}
