package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.nn.PooledEmbedding;
import java.util.List;
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
  void maskedMeanIgnoresPaddingAndGivesZeroForAllPaddingRows() {
    // table rows: id -> (id, 10 * id); row 0 (padding) is non-zero on purpose
    float[] table = {5, 5, 1, 10, 2, 20, 3, 30};
    long[] ids = {2, 3, 0, 0, /* */ 0, 0, 0, 0, /* */ 1, 3, 3, 0};
    for (PooledEmbedding.Pooling pooling : PooledEmbedding.Pooling.values()) {
      try (NDManager m = NDManager.newBaseManager("PyTorch")) {
        PooledEmbedding e = new PooledEmbedding(4, 2, pooling, 0.1f);
        e.initialize(m, DataType.FLOAT32, new Shape(3, 4));
        e.getParameters().get("weight").getArray().set(table);
        NDArray out =
            e.forward(
                    new ParameterStore(m, false), new NDList(m.create(ids, new Shape(3, 4))), false)
                .head();
        assertThat(out.getShape()).isEqualTo(new Shape(3, 2));
        float[] v = out.toFloatArray();
        if (pooling == PooledEmbedding.Pooling.MEAN) {
          assertThat(v)
              .containsExactly(new float[] {2.5f, 25f, 0f, 0f, 7f / 3, 70f / 3}, within(1e-6f));
        } else {
          assertThat(v).containsExactly(new float[] {5f, 50f, 0f, 0f, 7f, 70f}, within(1e-6f));
        }
      }
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
    NetworkConfig c = NetworkConfig.dnn().withHiddenSizes(List.of(64)).withDropout(0.25f);
    assertThat(NetworkConfig.fromMap(c.toMap())).isEqualTo(c);
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
