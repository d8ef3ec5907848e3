package io.deepscore.model.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.ModelOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * Turns an {@link EncodedBatch} into the model input contract and the model output into
 * probabilities.
 *
 * <p>Input: per field one int64 {@code [n, max_length]} array ({@code n = batch.size()}), built
 * from one reused direct buffer per field (native byte order, allocated once at the batch
 * capacity), so scoring allocates no direct memory per batch. The arrays belong to the translator
 * context's manager, which DJL closes after every batch. Output: the model's float {@code [n]} (or
 * {@code [n, 1]}), through a sigmoid if the model outputs logits, copied to a new {@code float[n]}.
 *
 * <p>Not thread-safe (it owns the buffers): one translator per {@link ai.djl.inference.Predictor}.
 */
public final class EncodedBatchTranslator implements NoBatchifyTranslator<EncodedBatch, float[]> {

  private final int[] maxLengths;
  private final ModelOutput output;
  private ByteBuffer[] buffers;
  private int capacityRows;
  private int rows;

  /**
   * @param maxLengths per field the model's max length, in contract order
   * @param output whether the model returns probabilities or logits
   */
  public EncodedBatchTranslator(int[] maxLengths, ModelOutput output) {
    this.maxLengths = maxLengths.clone();
    this.output = output;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EncodedBatch batch) {
    int fields = maxLengths.length;
    if (batch.fieldCount() != fields) {
      throw new IllegalArgumentException(
          "the batch has "
              + batch.fieldCount()
              + " fields but the model expects "
              + fields
              + ": encode with the feature spec of the model bundle");
    }
    for (int f = 0; f < fields; f++) {
      if (batch.maxLength(f) != maxLengths[f]) {
        throw new IllegalArgumentException(
            "field "
                + f
                + ": the batch has max length "
                + batch.maxLength(f)
                + " but the model expects "
                + maxLengths[f]
                + ": encode with the feature spec of the model bundle");
      }
    }
    int n = batch.size();
    ensureCapacity(Math.max(n, batch.capacity()));
    NDManager manager = ctx.getNDManager();
    NDList list = new NDList(fields);
    for (int f = 0; f < fields; f++) {
      int len = maxLengths[f];
      int count = n * len;
      int[] src = batch.field(f);
      LongBuffer dst = buffers[f].clear().asLongBuffer();
      for (int i = 0; i < count; i++) {
        dst.put(src[i]);
      }
      // a view of exactly n rows; the array reads the buffer, which stays valid for the batch
      ByteBuffer view = buffers[f].duplicate().order(ByteOrder.nativeOrder());
      view.position(0).limit(count * Long.BYTES);
      list.add(
          manager.create(
              view.slice().order(ByteOrder.nativeOrder()), new Shape(n, len), DataType.INT64));
    }
    rows = n;
    return list;
  }

  private void ensureCapacity(int capacity) {
    if (buffers != null && capacity <= capacityRows) {
      return;
    }
    buffers = new ByteBuffer[maxLengths.length];
    for (int f = 0; f < maxLengths.length; f++) {
      buffers[f] =
          ByteBuffer.allocateDirect(Math.multiplyExact(capacity * maxLengths[f], Long.BYTES))
              .order(ByteOrder.nativeOrder());
    }
    capacityRows = capacity;
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    NDArray out = scores(list, rows);
    if (output == ModelOutput.LOGIT) {
      out = Activation.sigmoid(out);
    }
    if (out.getDataType() != DataType.FLOAT32) {
      out = out.toType(DataType.FLOAT32, false);
    }
    return out.toFloatArray();
  }

  /**
   * The model's output array for a batch of {@code rows}, checked against the output contract: one
   * value per row, {@code [B]} or {@code [B, 1]}.
   *
   * @throws ModelContractException naming the shape the model returned
   */
  public static NDArray scores(NDList outputs, int rows) {
    NDArray out = outputs.head();
    if (out.size() != rows) {
      throw new ModelContractException(
          "the model returned shape "
              + out.getShape()
              + " for "
              + rows
              + " rows: the model output contract is one float32 value per row, shape [B]");
    }
    return out;
  }

  /** Rows of the currently allocated buffers (0 before the first batch). */
  int capacityRows() {
    return capacityRows;
  }
}
