package io.deepscore.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.deepscore.model.Architecture;
import io.deepscore.model.NetworkConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The deepscore network as a DJL {@link ai.djl.nn.Block}.
 *
 * <p>Input (the model input contract, see docs/model-contract.md): an {@link NDList} of one int64
 * array per field, shape {@code [B, max_length]}, in the feature spec's field order; id 0 is
 * padding, id 1 is out-of-vocabulary. Output: one float32 array {@code [B]} of <b>logits</b> (apply
 * a sigmoid for probabilities; the scorers do).
 *
 * <ul>
 *   <li>{@code dnn}: per field a {@link PooledEmbedding} (mean), concatenated to {@code [B, F *
 *       dim]}, then Linear+ReLU(+Dropout) per hidden size, then Linear to one logit.
 *   <li>{@code logistic}: per field a scalar weight per token summed over the non-padding tokens,
 *       summed over fields, plus a bias.
 * </ul>
 *
 * <p>Every intermediate array is derived from the input arrays, so it is owned by the caller's
 * manager (a per-batch sub-manager in training, the translator context in scoring).
 */
public final class DeepScoreNetwork extends AbstractBlock {

  private static final byte VERSION = 1;

  private final NetworkConfig config;
  private final long[] vocabSizes;
  private final List<PooledEmbedding> fields = new ArrayList<>();
  private final SequentialBlock mlp;
  private final Parameter bias;

  /**
   * @param config architecture and sizes
   * @param vocabSizes rows of each field's table in field order (vocabulary size incl. ids 0 and 1)
   */
  public DeepScoreNetwork(NetworkConfig config, long[] vocabSizes) {
    super(VERSION);
    if (vocabSizes.length == 0) {
      throw new IllegalArgumentException("a network needs at least one field");
    }
    this.config = config;
    this.vocabSizes = vocabSizes.clone();
    boolean dnn = config.architecture() == Architecture.DNN;
    for (int f = 0; f < vocabSizes.length; f++) {
      PooledEmbedding e =
          dnn
              ? new PooledEmbedding(
                  vocabSizes[f], config.embeddingDim(), PooledEmbedding.Pooling.MEAN, 0.1f)
              : new PooledEmbedding(vocabSizes[f], 1, PooledEmbedding.Pooling.SUM, 0.01f);
      fields.add(addChildBlock("field" + f, e));
    }
    if (dnn) {
      SequentialBlock seq = new SequentialBlock();
      for (int h : config.hiddenSizes()) {
        seq.add(Linear.builder().setUnits(h).build()).add(Activation.reluBlock());
        if (config.dropout() > 0f) {
          seq.add(Dropout.builder().optRate(config.dropout()).build());
        }
      }
      seq.add(Linear.builder().setUnits(1).build());
      mlp = addChildBlock("mlp", seq);
      bias = null;
    } else {
      mlp = null;
      bias =
          addParameter(
              Parameter.builder()
                  .setName("bias")
                  .setType(Parameter.Type.BIAS)
                  .optShape(new Shape(1))
                  .optInitializer(Initializer.ZEROS)
                  .build());
    }
  }

  /** The configuration this network was built from. */
  public NetworkConfig config() {
    return config;
  }

  /** Rows of each field's table, in field order. */
  public long[] vocabSizes() {
    return vocabSizes.clone();
  }

  /** Number of input fields. */
  public int fieldCount() {
    return vocabSizes.length;
  }

  void setFormulation(PooledEmbedding.Formulation formulation) {
    fields.forEach(f -> f.setFormulation(formulation));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() != fields.size()) {
      throw new IllegalArgumentException(
          "the model expects "
              + fields.size()
              + " int64 inputs [B, max_length] (one per field, spec order), got "
              + inputs.size());
    }
    NDList pooled = new NDList(fields.size());
    for (int f = 0; f < fields.size(); f++) {
      pooled.add(fields.get(f).forward(store, new NDList(inputs.get(f)), training, params).head());
    }
    NDArray logits;
    if (mlp != null) {
      NDArray x = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 1);
      logits = mlp.forward(store, new NDList(x), training, params).head();
    } else {
      NDArray sum = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 1);
      NDArray b = store.getValue(bias, sum.getDevice(), training);
      logits = sum.sum(new int[] {1}, true).add(b);
    }
    return new NDList(logits.reshape(-1));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (inputShapes.length != fields.size()) {
      throw new IllegalArgumentException(
          "expected " + fields.size() + " input shapes, got " + inputShapes.length);
    }
    long width = 0;
    for (int f = 0; f < fields.size(); f++) {
      fields.get(f).initialize(manager, dataType, inputShapes[f]);
      width += fields.get(f).dim();
    }
    if (mlp != null) {
      mlp.initialize(manager, dataType, new Shape(inputShapes[0].get(0), width));
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }
}
