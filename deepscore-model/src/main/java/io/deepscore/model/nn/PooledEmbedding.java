package io.deepscore.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.deepscore.model.Pooling;

/**
 * One field's embedding table pooled over the non-padding tokens of each row.
 *
 * <p>Input: one int64 array {@code [B, L]} of token ids, id 0 = padding. Output: float32 {@code [B,
 * dim]}, pooled as {@link Pooling} says; a row of only padding gives the zero vector under every
 * pooling, never NaN. Row 0 of the table exists but never contributes (it is masked out, so it also
 * gets no gradient).
 *
 * <p>With the forward parameter {@link #USED_ROW_SQUARES} (training only) a second output holds the
 * sum over the batch of the squared norms of every non-padding token's row, counted once per
 * occurrence: the L2 penalty "on the rows used", which regularizes a token in proportion to how
 * often it is seen and leaves the rows of absent tokens alone.
 *
 * <p>DJL has no {@code EmbeddingBag} and no {@code padding_idx}, hence the explicit mask. All
 * intermediate arrays are created from the input array, so they live in the caller's (per-batch)
 * manager and never in the model's.
 */
public final class PooledEmbedding extends AbstractBlock {

  /**
   * Forward parameter key: when present (any value), training forwards also return the used-row
   * squared norms as a second output.
   */
  public static final String USED_ROW_SQUARES = "used_row_squares";

  /** Alternative tensor formulations of mean and sum, kept to measure them (see docs/model.md). */
  enum Formulation {
    /** {@code sum(emb * mask[..., None], 1) / max(count, 1)}. */
    MASK_MUL_SUM,
    /** {@code bmm((mask / max(count, 1))[:, None, :], emb)}. */
    BATCH_MATMUL
  }

  private static final byte VERSION = 1;

  /** Added to padding positions before a max so that they never win (finite: no NaN gradients). */
  private static final float MAX_PADDING_OFFSET = -1e9f;

  private final long vocabSize;
  private final int dim;
  private final Pooling pooling;
  private final Parameter weight;
  private final float tokenDropout;
  private Formulation formulation = Formulation.BATCH_MATMUL;

  /**
   * A table initialized from N(0, initStd).
   *
   * @param vocabSize rows of the table, including id 0 (padding) and id 1 (out of vocabulary)
   * @param dim width of a token vector
   * @param pooling how the token vectors of a row are combined
   * @param initStd standard deviation of the normal initializer of the table
   */
  public PooledEmbedding(long vocabSize, int dim, Pooling pooling, float initStd) {
    this(vocabSize, dim, pooling, new NormalInitializer(initStd), 0f);
  }

  /**
   * @param vocabSize rows of the table, including id 0 (padding) and id 1 (out of vocabulary)
   * @param dim width of a token vector
   * @param pooling how the token vectors of a row are combined
   * @param initializer initializer of the table
   * @param tokenDropout in training, the probability that a token of a row is left out of its
   *     pooling (the mean is then over the tokens kept), in [0, 1)
   */
  public PooledEmbedding(
      long vocabSize, int dim, Pooling pooling, Initializer initializer, float tokenDropout) {
    super(VERSION);
    if (vocabSize < 2) {
      throw new IllegalArgumentException(
          "vocabulary size must be >= 2 (ids 0=<pad>, 1=<oov>), got " + vocabSize);
    }
    this.vocabSize = vocabSize;
    this.dim = dim;
    this.pooling = pooling;
    this.tokenDropout = tokenDropout;
    this.weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, dim))
                .optInitializer(initializer)
                .build());
  }

  void setFormulation(Formulation formulation) {
    this.formulation = formulation;
  }

  /** Rows of the table. */
  public long vocabSize() {
    return vocabSize;
  }

  /** Width of a token vector. */
  public int dim() {
    return dim;
  }

  /** The table parameter, {@code [vocabSize, dim]}. */
  Parameter weight() {
    return weight;
  }

  /** How token vectors are combined. */
  public Pooling pooling() {
    return pooling;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    NDArray table = store.getValue(weight, ids.getDevice(), training);
    NDArray emb = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
    NDArray mask = ids.gt(0).toType(DataType.FLOAT32, false); // [B, L]
    if (training && tokenDropout > 0f) {
      NDArray keep =
          ids.getManager()
              .randomUniform(0f, 1f, ids.getShape(), DataType.FLOAT32)
              .gte(tokenDropout)
              .toType(DataType.FLOAT32, false);
      mask = mask.mul(keep);
    }
    NDArray pooled = pooling == Pooling.MAX ? max(emb, mask) : weightedSum(emb, mask);
    if (training && params != null && params.contains(USED_ROW_SQUARES)) {
      NDArray squares = emb.square().sum(new int[] {2}).mul(mask).sum();
      return new NDList(pooled, squares);
    }
    return new NDList(pooled);
  }

  /** Mean, sum or sum / sqrt(count) as one weighted sum of the token vectors. */
  private NDArray weightedSum(NDArray emb, NDArray mask) {
    NDArray w = mask;
    if (pooling == Pooling.MEAN) {
      w = mask.div(mask.sum(new int[] {1}, true).maximum(1f));
    } else if (pooling == Pooling.SQRT_N) {
      w = mask.div(mask.sum(new int[] {1}, true).maximum(1f).sqrt());
    }
    if (formulation == Formulation.BATCH_MATMUL) {
      return w.expandDims(1).batchMatMul(emb).squeeze(1);
    }
    return emb.mul(w.expandDims(2)).sum(new int[] {1});
  }

  /** Element-wise max over the non-padding tokens; zero for an all-padding row. */
  private static NDArray max(NDArray emb, NDArray mask) {
    NDArray offset = mask.sub(1f).mul(-MAX_PADDING_OFFSET).expandDims(2); // 0 or -1e9
    NDArray any = mask.sum(new int[] {1}, true).gt(0f).toType(DataType.FLOAT32, false); // [B, 1]
    return emb.add(offset).max(new int[] {1}).mul(any);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
  }
}
