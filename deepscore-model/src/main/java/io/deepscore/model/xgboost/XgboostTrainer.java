package io.deepscore.model.xgboost;

import io.deepscore.eval.BinaryMetrics;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.train.EpochReport;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.train.TrainingResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
   * @param listener receives one {@link EpochReport} per boosting round after training (rounds run
   *     inside one native call, so reports are not live); {@code trainLoss} is NaN
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
      Map<String, DMatrix> watches = new LinkedHashMap<>();
      watches.put("valid", dvalid);
      float[][] metrics = new float[1][params.maxRounds()];
      booster =
          XGBoost.train(
              dtrain,
              params.boosterParams(),
              params.maxRounds(),
              watches,
              metrics,
              null,
              null,
              params.earlyStoppingRounds());
      int rounds = booster.getNumBoostedRound();
      double seconds = (System.nanoTime() - start) / 1e9;
      // The best round by validation AUC, the first one on ties (fewer trees).
      int best = 0;
      List<EpochReport> history = new ArrayList<>();
      for (int i = 0; i < rounds; i++) {
        boolean improved = i == 0 || metrics[0][i] > metrics[0][best];
        if (improved) {
          best = i;
        }
        history.add(
            new EpochReport(
                i + 1,
                Double.NaN,
                metrics[0][i],
                (double) train.rows() * rounds / seconds,
                seconds / rounds,
                improved,
                0));
      }
      booster.setAttr(XgboostScoringModel.BEST_ITERATION, Integer.toString(best));
      byte[] bytes = booster.toByteArray(XgboostScoringModel.FORMAT);
      float[][] p = booster.predict(dvalid, false, best + 1);
      float[] validScores = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        validScores[i] = p[i][0];
      }
      double validAuc = BinaryMetrics.rocAuc(validScores, valid.labels());
      for (EpochReport r : history) {
        listener.onEpoch(r);
      }
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
}
