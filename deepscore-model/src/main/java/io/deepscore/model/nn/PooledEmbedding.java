package io.deepscore.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * One field's embedding table pooled over the non-padding tokens of each row.
 *
 * <p>Input: one int64 array {@code [B, L]} of token ids, id 0 = padding. Output: float32 {@code [B,
 * dim]}. {@link Pooling#MEAN} divides the sum of the non-padding rows of the table by their count
 * (a row of only padding gives the zero vector, never NaN); {@link Pooling#SUM} returns the sum.
 * Row 0 of the table exists but never contributes (it is masked out, so it also gets no gradient).
 *
 * <p>DJL has no {@code EmbeddingBag} and no {@code padding_idx}, hence the explicit mask. All
 * intermediate arrays are created from the input array, so they live in the caller's (per-batch)
 * manager and never in the model's.
 */
public final class PooledEmbedding extends AbstractBlock {

  /** How a field's token vectors are combined. */
  public enum Pooling {
    /** Mean over the non-padding tokens. */
    MEAN,
    /** Sum over the non-padding tokens. */
    SUM
  }

  /** Alternative tensor formulations, kept to measure them (see docs/model.md). */
  enum Formulation {
    /** {@code sum(emb * mask[..., None], 1) / max(count, 1)}. */
    MASK_MUL_SUM,
    /** {@code bmm((mask / max(count, 1))[:, None, :], emb)}. */
    BATCH_MATMUL
  }

  private static final byte VERSION = 1;

  private final long vocabSize;
  private final int dim;
  private final Pooling pooling;
  private final Parameter weight;
  private Formulation formulation = Formulation.BATCH_MATMUL;

  /**
   * @param vocabSize rows of the table, including id 0 (padding) and id 1 (out of vocabulary)
   * @param dim width of a token vector
   * @param pooling mean or sum over the non-padding tokens
   * @param initStd standard deviation of the normal initializer of the table
   */
  public PooledEmbedding(long vocabSize, int dim, Pooling pooling, float initStd) {
    super(VERSION);
    if (vocabSize < 2) {
      throw new IllegalArgumentException(
          "vocabulary size must be >= 2 (ids 0=<pad>, 1=<oov>), got " + vocabSize);
    }
    this.vocabSize = vocabSize;
    this.dim = dim;
    this.pooling = pooling;
    this.weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocabSize, dim))
                .optInitializer(new NormalInitializer(initStd))
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

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.singletonOrThrow();
    NDArray table = store.getValue(weight, ids.getDevice(), training);
    NDArray emb = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).head();
    NDArray mask = ids.gt(0).toType(DataType.FLOAT32, false); // [B, L]
    NDArray pooled;
    if (formulation == Formulation.BATCH_MATMUL) {
      NDArray w = mask;
      if (pooling == Pooling.MEAN) {
        w = mask.div(mask.sum(new int[] {1}, true).maximum(1f));
      }
      pooled = w.expandDims(1).batchMatMul(emb).squeeze(1);
    } else {
      pooled = emb.mul(mask.expandDims(2)).sum(new int[] {1});
      if (pooling == Pooling.MEAN) {
        pooled = pooled.div(mask.sum(new int[] {1}, true).maximum(1f));
      }
    }
    return new NDList(pooled);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), dim)};
  }
}
