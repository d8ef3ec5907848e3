package io.deepscore.model.xgboost;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.train.EpochReport;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.train.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains the XGBoost baseline in the JVM with XGBoost4J on the same encoded rows as the DNN, turned
 * into sparse multi-hot vectors by {@link MultiHotLayout}: {@code binary:logistic}, validation AUC
 * watched every round, early stopping after {@link XgboostParams#earlyStoppingRounds()} rounds
 * without improvement (XGBoost's own rule), and the round of the best validation AUC recorded in
 * the model as {@code best_iteration} so that scoring uses exactly the trees up to it.
 *
 * <p>Memory: the training and validation matrices live in native memory for the duration of {@link
 * #train} and are disposed before it returns, also on failure.
 */
public final class XgboostTrainer {

  private final XgboostParams params;

  public XgboostTrainer(XgboostParams params) {
    this.params = java.util.Objects.requireNonNull(params, "params");
  }

  /**
   * Trains on {@code train}, early-stopping on {@code valid}.
   *
   * @param vocabSizes per field (spec order) the vocabulary size, which fixes the column layout
   * @param listener receives one {@link EpochReport} per boosting round as it ends ({@code
   *     trainLoss} is NaN); early stopping: {@code earlyStoppingRounds} rounds without a better
   *     validation AUC
   * @return the trained model; {@link TrainingResult#bestEpoch()} is the 1-based best round
   * @throws IllegalArgumentException if a set lacks a class or the rows do not fit the layout
   * @throws IllegalStateException if XGBoost fails
   */
  public XgboostTrainedModel train(
      EncodedDataset train, EncodedDataset valid, long[] vocabSizes, TrainingListener listener) {
    requireBothClasses(train, "training");
    requireBothClasses(valid, "validation");
    MultiHotLayout layout = MultiHotLayout.of(train.maxLengths(), vocabSizes);
    long start = System.nanoTime();
    DMatrix dtrain = null;
    DMatrix dvalid = null;
    Booster booster = null;
    try {
      dtrain = matrix(layout.csr(train), layout, train.labels());
      dvalid = matrix(layout.csr(valid), layout, valid.labels());
      // Boost round by round (not XGBoost.train's loop, which prints every evaluation to stdout):
      // the validation AUC of each round comes from the same BinaryMetrics as the DNN's epochs,
      // and the listener sees every round as it happens.
      booster = XGBoost.train(dtrain, params.boosterParams(), 0, Map.of(), null, null);
      int best = 0;
      double bestAuc = Double.NEGATIVE_INFINITY;
      List<EpochReport> history = new ArrayList<>();
      int rounds = 0;
      while (rounds < params.maxRounds() && rounds - best < params.earlyStoppingRounds()) {
        long roundStart = System.nanoTime();
        booster.update(dtrain, rounds);
        double auc = BinaryMetrics.rocAuc(firstColumn(booster.predict(dvalid)), valid.labels());
        boolean improved = auc > bestAuc;
        if (improved) {
          best = rounds;
          bestAuc = auc;
        }
        double roundSeconds = (System.nanoTime() - roundStart) / 1e9;
        EpochReport report =
            new EpochReport(
                rounds + 1,
                Double.NaN,
                auc,
                train.rows() / roundSeconds,
                roundSeconds,
                improved,
                0);
        history.add(report);
        listener.onEpoch(report);
        rounds++;
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      booster.setAttr(XgboostScoringModel.BEST_ITERATION, Integer.toString(best));
      byte[] bytes = booster.toByteArray(XgboostScoringModel.FORMAT);
      float[] validScores = firstColumn(booster.predict(dvalid, false, best + 1));
      double validAuc = BinaryMetrics.rocAuc(validScores, valid.labels());
      TrainingResult result =
          new TrainingResult(
              best + 1,
              validAuc,
              rounds,
              rounds < params.maxRounds(),
              history,
              train.rows(),
              valid.rows(),
              validScores);
      return new XgboostTrainedModel(
          XgboostScoringModel.fromBytes(bytes, layout, 0), bytes, params, result, seconds);
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost training failed: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
      if (dvalid != null) {
        dvalid.dispose();
      }
      if (dtrain != null) {
        dtrain.dispose();
      }
    }
  }

  private static DMatrix matrix(CsrRows csr, MultiHotLayout layout, int[] labels)
      throws XGBoostError {
    DMatrix m =
        new DMatrix(
            csr.rowHeaders(),
            csr.columns(),
            csr.values(),
            DMatrix.SparseType.CSR,
            layout.columnCount());
    float[] y = new float[labels.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels[i];
    }
    m.setLabel(y);
    return m;
  }

  private static void requireBothClasses(EncodedDataset d, String what) {
    int pos = d.positives();
    if (d.rows() == 0 || pos == 0 || pos == d.rows()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " set has "
              + d.rows()
              + " rows and "
              + pos
              + " positives: XGBoost needs both classes");
    }
  }

  private static float[] firstColumn(float[][] predictions) {
    float[] out = new float[predictions.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = predictions[i][0];
    }
    return out;
  }
}
