package io.deepscore.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import io.deepscore.model.train.EmbeddingOptimizer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableUpdatesTest {

  @Test
  void tablesMoveOnlyTheRowsTheBatchUsesByAdamsFirstStep() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] start = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
      NDArray table = m.create(start, new Shape(5, 2));
      // a dense gradient whose rows 0, 2 and 4 are zero, as the embedding backward makes it
      NDArray grad = m.create(new float[] {0, 0, 0.5f, -2, 0, 0, -0.25f, 4, 0, 0}, new Shape(5, 2));
      TableUpdates adam =
          new TableUpdates(
              Tracker.fixed(0.01f),
              0f,
              EmbeddingOptimizer.LAZY_ADAM,
              1f,
              0f,
              0f,
              Map.of("table", 0));
      adam.useRows(new NDArray[] {m.create(new long[] {1, 3})}, new int[][] {{1, 3}});
      int arrays = m.getManagedArrays().size();
      adam.update("table", table, grad);
      float[] w = table.toFloatArray();
      // Adam's bias-corrected first step moves each used coordinate by lr * sign(g)
      float[] expected = {1, 2, 3 - 0.01f, 4 + 0.01f, 5, 6, 7 + 0.01f, 8 - 0.01f, 9, 10};
      assertThat(w).containsExactly(expected, within(1e-5f));
      // a step whose batch uses no row of the table leaves it alone
      adam.useRows(new NDArray[] {null}, new int[][] {{}});
      adam.update("table", table, grad);
      assertThat(table.toFloatArray()).containsExactly(expected, within(1e-5f));
      // temporaries are closed: only the two moment arrays were added
      assertThat(m.getManagedArrays().size()).isEqualTo(arrays + 2);
    }
  }

  /** d/dw sum(w * w) = 2w into w's gradient, by one backward pass. */
  private static void backward(NDArray w) {
    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      gc.backward(w.mul(w).sum());
    }
  }

  @Test
  void everyStepLeavesTheGradientsZeroForTheNext() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray table = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
      NDArray dense = m.create(new float[] {0.5f, -1});
      table.setRequiresGradient(true);
      dense.setRequiresGradient(true);
      TableUpdates lazy =
          new TableUpdates(
              Tracker.fixed(0.01f),
              0f,
              EmbeddingOptimizer.LAZY_ADAM,
              1f,
              0f,
              0f,
              Map.of("table", 0));
      backward(table);
      backward(table);
      // DJL's PyTorch engine adds a second backward into the first one's gradient
      assertThat(table.getGradient().toFloatArray()).containsExactly(4, 8, 12, 16);
      lazy.useRows(new NDArray[] {m.create(new long[] {1})}, new int[][] {{1}});
      lazy.update("table", table, table.getGradient());
      assertThat(table.getGradient().toFloatArray()).containsOnly(0f);
      backward(dense);
      lazy.update("dense", dense, dense.getGradient());
      assertThat(dense.getGradient().toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void otherParametersGetDjlsAdamWithWeightDecay() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] start = {0.5f, -1, 2};
      float[] g = {0.1f, 0.2f, -0.3f};
      NDArray a = m.create(start);
      NDArray b = m.create(start);
      TableUpdates lazy =
          new TableUpdates(
              Tracker.fixed(0.05f),
              0.01f,
              EmbeddingOptimizer.LAZY_ADAM,
              1f,
              0f,
              0f,
              Map.of("table", 0));
      Adam djl =
          Adam.builder()
              .optLearningRateTracker(Tracker.fixed(0.05f))
              .optWeightDecays(0.01f)
              .build();
      for (int step = 0; step < 3; step++) {
        lazy.update("dense", a, m.create(g));
        djl.update("dense", b, m.create(g));
      }
      assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
    }
  }

  @Test
  void adagradStepsAreProportionalToTheGradientOfTheUsedRows() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray table = m.create(new float[] {1, 1, 1, 1, 1, 1}, new Shape(3, 2));
      NDArray grad = m.create(new float[] {0, 0, 0.3f, -0.4f, 0, 0}, new Shape(3, 2));
      TableUpdates adagrad =
          new TableUpdates(
              Tracker.fixed(1f), 0f, EmbeddingOptimizer.ADAGRAD, 0.5f, 0f, 0f, Map.of("t", 0));
      adagrad.useRows(new NDArray[] {m.create(new long[] {1})}, new int[][] {{1}});
      adagrad.update("t", table, grad);
      // w -= lr * g / sqrt(0.1 + g^2)
      float a = 1 - 0.5f * 0.3f / (float) Math.sqrt(0.1 + 0.09);
      float b = 1 + 0.5f * 0.4f / (float) Math.sqrt(0.1 + 0.16);
      assertThat(table.toFloatArray())
          .containsExactly(new float[] {1, 1, a, b, 1, 1}, within(1e-6f));
    }
  }

  @Test
  void tableDecayShrinksEveryRowPerStepUsedOrNot() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray table = m.create(new float[] {1, 1, 1}, new Shape(3, 1));
      NDArray zero = m.zeros(new Shape(3, 1));
      TableUpdates decay =
          new TableUpdates(
              Tracker.fixed(1f), 0f, EmbeddingOptimizer.ADAGRAD, 0.5f, 0.1f, 0f, Map.of("t", 0));
      // steps 1..3 use row 1, row 2 once at step 3; row 0 never (zero gradients: decay only)
      for (int step = 1; step <= 3; step++) {
        long[] used = step == 3 ? new long[] {1, 2} : new long[] {1};
        decay.useRows(new NDArray[] {m.create(used)}, new int[][] {{1, 2}});
        decay.update("t", table, zero);
      }
      float[] w = table.toFloatArray();
      assertThat(w[1]).isCloseTo(0.729f, within(1e-6f)); // 0.9^3, one step at a time
      assertThat(w[2]).isCloseTo(0.729f, within(1e-6f)); // 0.9^3 at once
      assertThat(w[0]).isEqualTo(1f); // pending until caught up
      decay.catchUp();
      assertThat(table.toFloatArray())
          .containsExactly(new float[] {0.729f, 0.729f, 0.729f}, within(1e-6f));
    }
  }

  @Test
  void tableShrinkMovesEntriesTowardsZeroAndStopsThere() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray table = m.create(new float[] {0.5f, -0.5f, 0.05f, -0.05f}, new Shape(2, 2));
      NDArray zero = m.zeros(new Shape(2, 2));
      TableUpdates shrink =
          new TableUpdates(
              Tracker.fixed(1f), 0f, EmbeddingOptimizer.ADAGRAD, 0.5f, 0f, 0.02f, Map.of("t", 0));
      for (int step = 1; step <= 4; step++) {
        shrink.useRows(new NDArray[] {m.create(new long[] {0})}, new int[][] {{0}});
        shrink.update("t", table, zero);
      }
      shrink.catchUp();
      // 4 steps of 0.02: 0.5 -> 0.42 (row 0, step by step), 0.05 -> 0 (row 1, at once, not past 0)
      assertThat(table.toFloatArray())
          .containsExactly(new float[] {0.42f, -0.42f, 0f, 0f}, within(1e-6f));
    }
  }
}
