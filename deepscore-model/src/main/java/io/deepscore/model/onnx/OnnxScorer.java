package io.deepscore.model.onnx;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringException;

/** A {@link Scorer} over one DJL OnnxRuntime {@link Predictor}; one per thread. */
final class OnnxScorer implements Scorer {

  private final Predictor<EncodedBatch, float[]> predictor;
  private final String modelName;
  private boolean closed;

  OnnxScorer(Predictor<EncodedBatch, float[]> predictor, String modelName) {
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
    try {
      float[] scores = predictor.predict(batch);
      System.arraycopy(scores, 0, probabilitiesOut, 0, n);
    } catch (TranslateException | RuntimeException e) {
      Throwable t = e;
      while (t.getCause() != null && t.getCause() != t) {
        t = t.getCause();
      }
      throw new ScoringException(
          "ONNX model " + modelName + " failed on a batch of " + n + " rows: " + t.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      predictor.close();
    }
  }
}
