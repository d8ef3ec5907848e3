package io.deepscore.model.onnx;

import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.djl.EncodedBatchTranslator;
import java.util.List;

/**
 * The {@link EncodedBatchTranslator} input (int64 {@code [n, max_length]} per field from reused
 * direct buffers) with each array named after the graph input at its position (ONNX Runtime binds
 * inputs by name; the contract is positional, see {@code InputNames}). Output: float32 {@code [n]}
 * or {@code [n, 1]}; logits go through a sigmoid computed in Java (ONNX Runtime arrays in DJL have
 * no sigmoid).
 *
 * <p>Not thread-safe: one per predictor.
 */
final class OnnxBatchTranslator implements NoBatchifyTranslator<EncodedBatch, float[]> {

  private final EncodedBatchTranslator input;
  private final List<String> names;
  private final ModelOutput output;
  private int rows;

  OnnxBatchTranslator(int[] maxLengths, List<String> names, ModelOutput output) {
    // the delegate returns the raw output: probabilities are handled here
    this.input = new EncodedBatchTranslator(maxLengths, ModelOutput.PROBABILITY);
    this.names = List.copyOf(names);
    this.output = output;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, EncodedBatch batch) {
    NDList list = input.processInput(ctx, batch);
    for (int f = 0; f < list.size(); f++) {
      list.get(f).setName(names.get(f));
    }
    rows = batch.size();
    return list;
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    float[] values = EncodedBatchTranslator.scores(list, rows).toFloatArray();
    if (output == ModelOutput.LOGIT) {
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (1.0 / (1.0 + Math.exp(-values[i])));
      }
    }
    return values;
  }
}
