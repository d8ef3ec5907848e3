package io.deepscore.model.xgboost;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Scores encoded batches with its own {@code Booster} (see {@link XgboostScoringModel} for why one
 * per scorer). Each batch becomes a CSR {@code DMatrix} that is disposed in {@code finally}, so
 * native memory never outlives a call. Not thread-safe, as every {@link Scorer}.
 */
final class XgboostScorer implements Scorer {

  private final XgboostScoringModel model;
  private Booster booster;

  XgboostScorer(XgboostScoringModel model, Booster booster) {
    this.model = model;
    this.booster = booster;
  }

  @Override
  public void score(EncodedBatch batch, float[] probabilitiesOut) {
    if (booster == null) {
      throw new IllegalStateException("scorer is closed");
    }
    int n = batch.size();
    if (probabilitiesOut.length < n) {
      throw new IllegalArgumentException(
          "output array of " + probabilitiesOut.length + " floats for a batch of " + n + " rows");
    }
    if (n == 0) {
      return;
    }
    CsrRows csr;
    try {
      csr = model.scoringRows(batch);
    } catch (InvalidInputException e) {
      throw e.withContext("batch does not fit the XGBoost model: ");
    }
    DMatrix matrix = null;
    try {
      matrix =
          new DMatrix(
              csr.rowHeaders(),
              csr.columns(),
              csr.values(),
              DMatrix.SparseType.CSR,
              model.scoringColumns(),
              // XGBoost's default (-1) is every core: an OpenMP team per batch whose idle
              // worker spins after it; the scorer's own thread budget, as for predict.
              Float.NaN,
              model.threads());
      model.matrixCreated();
      float[][] predictions = booster.predict(matrix, false, model.treeLimit());
      if (predictions.length != n) {
        throw new ScoringException(
            "XGBoost returned " + predictions.length + " predictions for " + n + " rows");
      }
      for (int i = 0; i < n; i++) {
        probabilitiesOut[i] = predictions[i][0];
      }
    } catch (XGBoostError e) {
      throw new ScoringException("XGBoost failed to score a batch: " + e.getMessage(), e);
    } finally {
      if (matrix != null) {
        matrix.dispose();
        model.matrixFreed();
      }
    }
  }

  @Override
  public void close() {
    if (booster != null) {
      booster.dispose();
      booster = null;
    }
  }
}
