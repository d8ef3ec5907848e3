package io.deepscore.model.xgboost;

import io.deepscore.errors.EngineFailureException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.train.EpochReport;
import io.deepscore.model.train.Provenance;
import io.deepscore.model.train.Trainer;
import io.deepscore.model.train.TrainingData;
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
public final class XgboostTrainer implements Trainer {

  private final XgboostParams params;

  /** The algorithm name. */
  public static final String ALGORITHM = "xgboost";

  public XgboostTrainer(XgboostParams params) {
    this.params = java.util.Objects.requireNonNull(params, "params");
  }

  @Override
  public String algorithm() {
    return ALGORITHM;
  }

  /**
   * Trains on rows without a recorded source.
   *
   * @param vocabSizes per field (spec order) the vocabulary size, which fixes the column layout
   * @see #train(TrainingData, TrainingListener)
   */
  public XgboostTrainedModel train(
      EncodedDataset train, EncodedDataset valid, long[] vocabSizes, TrainingListener listener) {
    return train(TrainingData.of(train, valid, vocabSizes), listener);
  }

  /**
   * Trains on {@code data.train()}, early-stopping on {@code data.valid()}.
   *
   * @param listener receives one {@link EpochReport} per boosting round as it ends ({@code
   *     trainLoss} is NaN); early stopping: {@code earlyStoppingRounds} rounds without a better
   *     validation AUC
   * @return the trained model; {@link TrainingResult#bestEpoch()} is the 1-based best round
   * @throws io.deepscore.errors.InvalidInputException if the rows do not fit the layout
   * @throws EngineFailureException if XGBoost fails
   */
  @Override
  public XgboostTrainedModel train(TrainingData data, TrainingListener listener) {
    EncodedDataset train = data.train();
    EncodedDataset valid = data.valid();
    MultiHotLayout layout = MultiHotLayout.of(train.maxLengths(), data.vocabSizes());
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
      Provenance provenance =
          Provenance.trained(
              this, params.seed(), params, null, data, result, summary(result, layout, seconds));
      return new XgboostTrainedModel(
          XgboostScoringModel.fromBytes(bytes, layout, 0), bytes, params, provenance, seconds);
    } catch (XGBoostError e) {
      throw new EngineFailureException("XGBoost training failed: " + e.getMessage(), e);
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

  /** The manifest's {@code training} entry (the keys XGBoost bundles have always carried). */
  private Map<String, Object> summary(TrainingResult r, MultiHotLayout layout, double seconds) {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("algorithm", ALGORITHM);
    training.put("best_round", r.bestEpoch());
    training.put("valid_auc", r.bestValidAuc());
    training.put("rounds_run", r.epochsRun());
    training.put("stopped_early", r.stoppedEarly());
    training.put("train_rows", r.trainRows());
    training.put("valid_rows", r.validRows());
    training.put("training_seconds", seconds);
    training.put("feature_columns", layout.columnCount());
    training.put("params", params.toMap());
    return training;
  }

  private static float[] firstColumn(float[][] predictions) {
    float[] out = new float[predictions.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = predictions[i][0];
    }
    return out;
  }
}
