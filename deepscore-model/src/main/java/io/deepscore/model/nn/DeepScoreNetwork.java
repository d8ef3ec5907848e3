package io.deepscore.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.deepscore.model.Architecture;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.Pooling;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deepscore network as a DJL {@link ai.djl.nn.Block}.
 *
 * <p>Input (the model input contract, see docs/model-contract.md): an {@link NDList} of one int64
 * array per field, shape {@code [B, max_length]}, in the feature spec's field order; id 0 is
 * padding, id 1 is out-of-vocabulary. Output: one float32 array {@code [B]} of <b>logits</b> (apply
 * a sigmoid for probabilities; the scorers do).
 *
 * <ul>
 *   <li>{@code dnn} (the deep part): per field a {@link PooledEmbedding} ({@link
 *       NetworkConfig#pooling()}), concatenated to {@code [B, F * dim]}, Dropout if {@code
 *       pooled_dropout > 0}, then Linear+ReLU(+Dropout) per hidden size, then Linear to one logit.
 *   <li>{@code logistic} (the wide part): per field a scalar weight per token summed over the
 *       non-padding tokens, summed over fields, plus a bias.
 *   <li>{@code wide-deep}: the deep part's logit plus the wide part's sum (the deep part's output
 *       layer holds the bias).
 * </ul>
 *
 * <p>A network made by {@link #forTraining} also returns, from training forwards, the used-row
 * squared norms of the deep tables ({@link #DEEP_SQUARES}) and of the wide weights ({@link
 * #WIDE_SQUARES}), summed over the batch, as named scalars after the logits (for the L2 penalty on
 * the rows used; see {@link PooledEmbedding}).
 *
 * <p>Every intermediate array is derived from the input arrays, so it is owned by the caller's
 * manager (a per-batch sub-manager in training, the translator context in scoring).
 */
public final class DeepScoreNetwork extends AbstractBlock {

  /** Name of the output holding the deep tables' used-row squared norms. */
  public static final String DEEP_SQUARES = "deep_squares";

  /** Name of the output holding the wide weights' used-row squares. */
  public static final String WIDE_SQUARES = "wide_squares";

  /** Default standard deviation of the deep tables' normal initializer. */
  public static final float DEFAULT_EMBEDDING_INIT_STD = 0.1f;

  private static final float WIDE_INIT_STD = 0.01f;
  private static final byte VERSION = 1;

  private final NetworkConfig config;
  private final long[] vocabSizes;
  private final List<PooledEmbedding> deep = new ArrayList<>();
  private final List<PooledEmbedding> wide = new ArrayList<>();
  private final Block pooledDropout;
  private final SequentialBlock mlp;
  private final Parameter bias;
  private final PairList<String, Object> childParams;

  /**
   * A network whose deep tables are initialized from N(0, {@value #DEFAULT_EMBEDDING_INIT_STD})
   * (the initialization does not matter when the weights are loaded).
   *
   * @param config architecture and sizes
   * @param vocabSizes rows of each field's table in field order (vocabulary size incl. ids 0 and 1)
   */
  public DeepScoreNetwork(NetworkConfig config, long[] vocabSizes) {
    this(config, vocabSizes, DEFAULT_EMBEDDING_INIT_STD, false);
  }

  /**
   * A network to train.
   *
   * @param config architecture and sizes
   * @param vocabSizes rows of each field's table in field order (vocabulary size incl. ids 0 and 1)
   * @param embeddingInitStd standard deviation of the deep tables' normal initializer, &gt; 0
   * @param usedRowSquares whether training forwards return the used-row squared norms after the
   *     logits (costs one pass over the gathered rows per field)
   */
  public static DeepScoreNetwork forTraining(
      NetworkConfig config, long[] vocabSizes, float embeddingInitStd, boolean usedRowSquares) {
    return new DeepScoreNetwork(config, vocabSizes, embeddingInitStd, usedRowSquares);
  }

  private DeepScoreNetwork(
      NetworkConfig config, long[] vocabSizes, float embeddingInitStd, boolean usedRowSquares) {
    super(VERSION);
    if (vocabSizes.length == 0) {
      throw new IllegalArgumentException("a network needs at least one field");
    }
    this.config = config;
    this.vocabSizes = vocabSizes.clone();
    childParams = new PairList<>();
    if (usedRowSquares) {
      childParams.add(PooledEmbedding.USED_ROW_SQUARES, Boolean.TRUE);
    }
    Architecture arch = config.architecture();
    if (arch == Architecture.LOGISTIC) {
      // the first bundles named the logistic tables field<i>: kept, the manifest check reads them
      addWide("field");
    } else {
      for (int f = 0; f < vocabSizes.length; f++) {
        PooledEmbedding e =
            new PooledEmbedding(
                vocabSizes[f],
                config.embeddingDim(),
                config.pooling(),
                new NormalInitializer(embeddingInitStd),
                config.tokenDropout());
        deep.add(addChildBlock("field" + f, e));
      }
      if (arch.hasWidePart()) {
        addWide("wide");
      }
    }
    if (arch.hasDeepPart()) {
      pooledDropout =
          config.pooledDropout() > 0f
              ? addChildBlock(
                  "pooled_dropout", Dropout.builder().optRate(config.pooledDropout()).build())
              : null;
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
      pooledDropout = null;
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

  private void addWide(String prefix) {
    for (int f = 0; f < vocabSizes.length; f++) {
      wide.add(
          addChildBlock(
              prefix + f, new PooledEmbedding(vocabSizes[f], 1, Pooling.SUM, WIDE_INIT_STD)));
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

  /**
   * Every embedding table (deep and wide) by {@link Parameter#getId() parameter id}, mapped to the
   * index of the input field whose ids select its rows. For optimizers that update only the rows a
   * batch uses.
   */
  public Map<String, Integer> tableFields() {
    Map<String, Integer> out = new HashMap<>();
    for (List<PooledEmbedding> part : List.of(deep, wide)) {
      for (int f = 0; f < part.size(); f++) {
        out.put(part.get(f).weight().getId(), f);
      }
    }
    return out;
  }

  /**
   * Draws every embedding table (deep and wide) afresh from its initializer, in place; the rest of
   * the network keeps its weights. For training that gives the MLP fresh embeddings every epoch.
   */
  public void reinitializeTables() {
    for (List<PooledEmbedding> part : List.of(deep, wide)) {
      for (PooledEmbedding e : part) {
        Parameter p = e.weight();
        NDArray table = p.getArray();
        try (NDManager scratch = table.getManager().newSubManager()) {
          p.getInitializer()
              .initialize(scratch, table.getShape(), table.getDataType())
              .copyTo(table);
        }
      }
    }
  }

  /**
   * Overwrites rows of field {@code field}'s deep embedding table (after initialization), in place;
   * the other rows keep their values. For tables started from pretrained vectors.
   *
   * @param vectors row-major {@code [vocabSize, dim]} values
   * @param rows which rows to take from {@code vectors}
   */
  public void setDeepTableRows(int field, float[] vectors, boolean[] rows) {
    NDArray table = deep.get(field).weight().getArray();
    int dim = config.embeddingDim();
    float[] values = table.toFloatArray();
    for (int r = 0; r < rows.length; r++) {
      if (rows[r]) {
        System.arraycopy(vectors, r * dim, values, r * dim, dim);
      }
    }
    table.set(values);
  }

  void setFormulation(PooledEmbedding.Formulation formulation) {
    deep.forEach(f -> f.setFormulation(formulation));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() != vocabSizes.length) {
      throw new IllegalArgumentException(
          "the model expects "
              + vocabSizes.length
              + " int64 inputs [B, max_length] (one per field, spec order), got "
              + inputs.size());
    }
    NDList extra = new NDList(2);
    NDArray logits = null;
    if (!deep.isEmpty()) {
      NDList pooled = pool(deep, store, inputs, training, childParams, extra, DEEP_SQUARES);
      NDArray x = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 1);
      if (pooledDropout != null) {
        x = pooledDropout.forward(store, new NDList(x), training, params).head();
      }
      logits = mlp.forward(store, new NDList(x), training, params).head().reshape(-1);
    }
    if (!wide.isEmpty()) {
      NDList weights = pool(wide, store, inputs, training, childParams, extra, WIDE_SQUARES);
      NDArray sum = weights.size() == 1 ? weights.head() : NDArrays.concat(weights, 1);
      NDArray w = sum.sum(new int[] {1});
      if (logits == null) {
        w = w.add(store.getValue(bias, w.getDevice(), training));
      }
      logits = logits == null ? w : logits.add(w);
    }
    NDList out = new NDList(logits);
    out.addAll(extra);
    return out;
  }

  /**
   * Pools every field with its block; when the blocks return used-row squares, adds their sum to
   * {@code extra} under {@code name}.
   */
  private static NDList pool(
      List<PooledEmbedding> blocks,
      ParameterStore store,
      NDList inputs,
      boolean training,
      PairList<String, Object> params,
      NDList extra,
      String name) {
    NDList pooled = new NDList(blocks.size());
    NDArray squares = null;
    for (int f = 0; f < blocks.size(); f++) {
      NDList o = blocks.get(f).forward(store, new NDList(inputs.get(f)), training, params);
      pooled.add(o.head());
      if (o.size() > 1) {
        squares = squares == null ? o.get(1) : squares.add(o.get(1));
      }
    }
    if (squares != null) {
      squares.setName(name);
      extra.add(squares);
    }
    return pooled;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    if (inputShapes.length != vocabSizes.length) {
      throw new IllegalArgumentException(
          "expected " + vocabSizes.length + " input shapes, got " + inputShapes.length);
    }
    long width = 0;
    for (int f = 0; f < deep.size(); f++) {
      deep.get(f).initialize(manager, dataType, inputShapes[f]);
      width += deep.get(f).dim();
    }
    for (int f = 0; f < wide.size(); f++) {
      wide.get(f).initialize(manager, dataType, inputShapes[f]);
    }
    Shape pooled = new Shape(inputShapes[0].get(0), width);
    if (pooledDropout != null) {
      pooledDropout.initialize(manager, dataType, pooled);
    }
    if (mlp != null) {
      mlp.initialize(manager, dataType, pooled);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0))};
  }
}
