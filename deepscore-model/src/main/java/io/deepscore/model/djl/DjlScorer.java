package io.deepscore.model.djl;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.deepscore.errors.DeepScoreException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringException;

/**
 * A {@link Scorer} over one DJL {@link Predictor} of any engine (PyTorch, TorchScript, ONNX
 * Runtime); one per thread. Closing it closes the predictor.
 */
public final class DjlScorer implements Scorer {

  private final Predictor<EncodedBatch, float[]> predictor;
  private final String modelName;
  private boolean closed;

  /**
   * @param predictor owned by this scorer from now on
   * @param modelName how errors name the model, e.g. {@code ONNX model deepscore-1a2b}
   */
  public DjlScorer(Predictor<EncodedBatch, float[]> predictor, String modelName) {
    this.predictor = predictor;
    this.modelName = modelName;
  }

  @Override
  public void score(EncodedBatch batch, float[] probabilitiesOut) {
    if (closed) {
      throw new IllegalStateException("scorer of model " + modelName + " is closed");
    }
    int n = batch.size();
    if (probabilitiesOut.length < n) {
      throw new IllegalArgumentException(
          "output array holds " + probabilitiesOut.length + " values for a batch of " + n);
    }
    if (n == 0) {
      return;
    }
    float[] scores;
    try {
      scores = predictor.predict(batch);
    } catch (DeepScoreException e) {
      // a typed failure from the translator (e.g. the model broke the output contract)
      throw e.withContext("model " + modelName + ", batch of " + n + " rows: ");
    } catch (TranslateException | RuntimeException e) {
      throw new ScoringException(
          "model " + modelName + " failed on a batch of " + n + " rows: " + rootMessage(e), e);
    }
    System.arraycopy(scores, 0, probabilitiesOut, 0, n);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      predictor.close();
    }
  }
}
