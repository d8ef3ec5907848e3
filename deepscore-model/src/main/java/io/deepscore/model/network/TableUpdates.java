package io.deepscore.model.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.deepscore.model.train.EmbeddingOptimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The trainer's optimizer: DJL's dense Adam (with L2 weight decay) for every parameter except the
 * embedding tables, which get the {@link EmbeddingOptimizer} of the configuration:
 *
 * <ul>
 *   <li>{@link EmbeddingOptimizer#ADAM}: the same dense Adam as the rest (whole tables every step);
 *   <li>{@link EmbeddingOptimizer#LAZY_ADAM}: Adam on the rows the batch uses only (TensorFlow's
 *       LazyAdam, PyTorch's SparseAdam; bias correction by the global step count);
 *   <li>{@link EmbeddingOptimizer#ADAGRAD}: AdaGrad on the rows the batch uses, with its own
 *       learning rate and accumulators starting at {@value #ADAGRAD_INITIAL_ACCUMULATOR}.
 * </ul>
 *
 * <p>Why: DJL's embedding gradients are dense, so dense Adam costs work proportional to the
 * vocabularies instead of the batch and moves the rows of absent tokens by their stale momentum.
 * And Adam's steps are about the learning rate whatever the gradient's size, so a token seen in one
 * row moves as far as a frequent one: it memorizes that row's label (see docs/model.md). AdaGrad's
 * first steps are proportional to the gradient and shrink as a token's evidence accumulates.
 *
 * <p>Before every {@code step()} the trainer hands the rows each field's batch uses with {@link
 * #useRows}; those arrays must stay open until the step ends. One instance per training run, used
 * from one thread.
 */
final class TableUpdates extends Optimizer {

  /** AdaGrad's initial accumulator value (TensorFlow's default). */
  static final float ADAGRAD_INITIAL_ACCUMULATOR = 0.1f;

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final Tracker learningRate;
  private final EmbeddingOptimizer tables;
  private final float tableLearningRate;
  private final Map<String, Integer> tableFields;
  private final Map<String, NDArray> means = new HashMap<>();
  private final Map<String, NDArray> variances = new HashMap<>();
  private final float tableDecay;
  private final float tableShrink;
  private final Map<String, int[]> decayedUpTo = new HashMap<>();
  private final Map<String, NDArray> decayingTables = new HashMap<>();
  private NDArray[] rows;
  private int[][] rowIds;
  private int step;

  /**
   * @param learningRate the learning rate per step of Adam
   * @param weightDecay L2 weight decay of the parameters updated by dense Adam
   * @param tables how the embedding tables are updated
   * @param tableLearningRate AdaGrad's learning rate (used by {@link EmbeddingOptimizer#ADAGRAD}
   *     only)
   * @param tableDecay with the lazy optimizers: every table row shrinks by the factor {@code 1 -
   *     tableDecay} per step, used or not (applied when the row is next used, and to every row by
   *     {@link #catchUp()}); 0 = none
   * @param tableShrink with the lazy optimizers: every table entry moves towards zero by this much
   *     per step, used or not, stopping at zero (the proximal step of an L1 penalty; applied like
   *     the decay); 0 = none
   * @param tableFields parameter id of every embedding table to the index of the input field whose
   *     ids select its rows
   */
  TableUpdates(
      Tracker learningRate,
      float weightDecay,
      EmbeddingOptimizer tables,
      float tableLearningRate,
      float tableDecay,
      float tableShrink,
      Map<String, Integer> tableFields) {
    super(new Builder().optWeightDecays(weightDecay));
    this.learningRate = learningRate;
    this.tables = tables;
    this.tableLearningRate = tableLearningRate;
    this.tableDecay = tableDecay;
    this.tableShrink = tableShrink;
    this.tableFields = tables == EmbeddingOptimizer.ADAM ? Map.of() : Map.copyOf(tableFields);
  }

  /**
   * Whether {@link #useRows} must be called before every step: true for the lazy optimizers; with
   * {@link EmbeddingOptimizer#ADAM} every table is updated densely and the rows are not read.
   */
  boolean needsRows() {
    return !tableFields.isEmpty();
  }

  /**
   * Starts a step: the distinct ids each field's batch uses, as int64 {@code [U]} arrays (a null
   * entry: the batch uses none of that field's rows, its tables are left alone this step) and as
   * Java ints (the first {@code U} entries of {@code ids[f]}).
   */
  void useRows(NDArray[] rowsPerField, int[][] ids) {
    this.rows = rowsPerField;
    this.rowIds = ids;
    step++;
  }

  /**
   * Applies the decay every table row has pending, so that the tables are what dense decay would
   * have made them after the steps so far: call before reading the weights (validation, snapshot).
   */
  void catchUp() {
    if (!regularized()) {
      return;
    }
    decayingTables.forEach(
        (id, weight) -> {
          int[] upTo = decayedUpTo.get(id);
          int[] pending = new int[upTo.length];
          for (int r = 0; r < upTo.length; r++) {
            pending[r] = step - upTo[r];
            upTo[r] = step;
          }
          try (NDScope scope = new NDScope()) {
            weight.set(new NDIndex(":"), regularize(weight, pending, upTo.length));
          }
        });
  }

  /** Forgets the state of every embedding table (its rows were drawn afresh). */
  void resetTables(java.util.Set<String> tableIds) {
    for (String id : tableIds) {
      closeState(means.remove(id));
      closeState(variances.remove(id));
      decayedUpTo.remove(id);
      decayingTables.remove(id);
    }
  }

  private static void closeState(NDArray state) {
    if (state != null) {
      state.close();
    }
  }

  private boolean regularized() {
    return tableDecay > 0f || tableShrink > 0f;
  }

  /**
   * {@code rows} after {@code pending[i]} steps of decay and shrinkage for row {@code i}: {@code
   * shrink(w * (1 - decay)^n, shrink * n)}, where {@code shrink(x, a) = sign(x) * max(|x| - a, 0)}.
   */
  private NDArray regularize(NDArray rows, int[] pending, int n) {
    float[] factors = new float[n];
    float[] amounts = new float[n];
    for (int i = 0; i < n; i++) {
      factors[i] = tableDecay == 0f ? 1f : (float) Math.pow(1 - tableDecay, pending[i]);
      amounts[i] = tableShrink * pending[i];
    }
    NDArray out = rows;
    if (tableDecay > 0f) {
      out = out.mul(rows.getManager().create(factors, new Shape(n, 1)));
    }
    if (tableShrink > 0f) {
      NDArray a = rows.getManager().create(amounts, new Shape(n, 1));
      out = out.abs().sub(a).maximum(0f).mul(out.sign());
    }
    return out;
  }

  /** The used rows of a table after their pending regularization, which is then up to date. */
  private NDArray caughtUp(String parameterId, NDArray weight, NDArray rows, int field, int used) {
    decayingTables.putIfAbsent(parameterId, weight);
    int[] upTo =
        decayedUpTo.computeIfAbsent(parameterId, k -> new int[(int) weight.getShape().get(0)]);
    int[] pending = new int[used];
    int[] ids = rowIds[field];
    for (int i = 0; i < used; i++) {
      pending[i] = step - upTo[ids[i]];
      upTo[ids[i]] = step;
    }
    return regularize(rows, pending, used);
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    int t = updateCount(parameterId);
    Integer field = tableFields.get(parameterId);
    if (field == null) {
      // DJL's adamUpdate also zeroes the weight's gradient for the next step
      denseAdam(parameterId, weight, grad, t);
      return;
    }
    try {
      lazyUpdate(parameterId, weight, grad, t, field);
    } finally {
      // nothing else zeroes it: DJL's PyTorch engine leaves that to the optimizer, and libtorch
      // adds every backward into the existing gradient (the batch's own, as PyTorch's zero_grad)
      JniUtils.zeroGrad((PtNDArray) weight);
    }
  }

  private void lazyUpdate(String parameterId, NDArray weight, NDArray grad, int t, int field) {
    if (rows == null) {
      throw new IllegalStateException("the rows of the batch were not given before the step");
    }
    NDArray used = rows[field];
    if (used == null) {
      return;
    }
    NDIndex index = new NDIndex("{}", used);
    // State arrays first: they outlive the scope that closes this step's temporaries.
    boolean adagrad = tables == EmbeddingOptimizer.ADAGRAD;
    NDArray first =
        adagrad
            ? means.computeIfAbsent(
                parameterId, k -> weight.zerosLike().addi(ADAGRAD_INITIAL_ACCUMULATOR))
            : state(means, parameterId, weight);
    NDArray second = adagrad ? null : state(variances, parameterId, weight);
    try (NDScope scope = new NDScope()) {
      NDArray g = grad.get(index);
      if (rescaleGrad != 1f) {
        g = g.mul(rescaleGrad);
      }
      NDArray w = weight.get(index);
      if (regularized()) {
        w = caughtUp(parameterId, weight, w, field, (int) used.getShape().get(0));
      }
      if (adagrad) {
        NDArray h = first.get(index).add(g.square());
        first.set(index, h);
        weight.set(index, w.sub(g.mul(tableLearningRate).div(h.sqrt())));
      } else {
        float lr = biasCorrected(learningRate.getNewValue(t), t);
        NDArray m = first.get(index).mul(BETA1).add(g.mul(1 - BETA1));
        NDArray v = second.get(index).mul(BETA2).add(g.square().mul(1 - BETA2));
        first.set(index, m);
        second.set(index, v);
        weight.set(index, w.sub(m.mul(lr).div(v.sqrt().add(EPSILON))));
      }
    }
  }

  private void denseAdam(String parameterId, NDArray weight, NDArray grad, int t) {
    float base = learningRate.getNewValue(t);
    weight
        .getNDArrayInternal()
        .adamUpdate(
            new NDList(
                weight,
                grad,
                state(means, parameterId, weight),
                state(variances, parameterId, weight)),
            new NDList(weight),
            base,
            biasCorrected(base, t),
            getWeightDecay(),
            rescaleGrad,
            clipGrad,
            BETA1,
            BETA2,
            EPSILON,
            false,
            false);
  }

  private static NDArray state(Map<String, NDArray> states, String id, NDArray weight) {
    return states.computeIfAbsent(id, k -> weight.zerosLike());
  }

  private static float biasCorrected(float lr, int t) {
    return (float) (lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t)));
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
