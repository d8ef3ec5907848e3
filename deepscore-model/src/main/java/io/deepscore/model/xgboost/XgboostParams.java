package io.deepscore.model.xgboost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link XgboostTrainer} trains the gradient-boosted-trees baseline. The defaults are the usual
 * fair starting point for sparse one-hot data (not tuned to make the DNN look good): depth 6,
 * learning rate 0.1, 80% row and column subsampling, histogram trees, at most 500 rounds with early
 * stopping after 20 rounds without a better validation AUC.
 *
 * @param maxRounds at most this many boosting rounds, &gt; 0 (default 500)
 * @param earlyStoppingRounds stop after this many rounds without a better validation AUC, &gt; 0
 *     (default 20)
 * @param maxDepth tree depth, &gt; 0 (default 6)
 * @param eta learning rate, in (0, 1] (default 0.1)
 * @param subsample fraction of rows sampled per tree, in (0, 1] (default 0.8)
 * @param colsampleBytree fraction of columns sampled per tree, in (0, 1] (default 0.8)
 * @param minChildWeight minimum hessian sum in a leaf, &gt;= 0 (default 1)
 * @param lambda L2 regularization of leaf weights, &gt;= 0 (default 1)
 * @param threads XGBoost threads while training, 0 = one per available core (default)
 * @param seed seeds the row and column sampling; the same seed and thread count give the same model
 */
public record XgboostParams(
    int maxRounds,
    int earlyStoppingRounds,
    int maxDepth,
    double eta,
    double subsample,
    double colsampleBytree,
    double minChildWeight,
    double lambda,
    int threads,
    long seed) {

  /** Validates the ranges given in the record javadoc. */
  public XgboostParams {
    positive("max_rounds", maxRounds);
    positive("early_stopping_rounds", earlyStoppingRounds);
    positive("max_depth", maxDepth);
    fraction("eta", eta);
    fraction("subsample", subsample);
    fraction("colsample_bytree", colsampleBytree);
    if (!(minChildWeight >= 0) || Double.isInfinite(minChildWeight)) {
      throw new IllegalArgumentException("min_child_weight must be >= 0, got " + minChildWeight);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = all cores), got " + threads);
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
  }

  private static void fraction(String name, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new IllegalArgumentException(name + " must be in (0, 1], got " + v);
    }
  }

  /** 500 rounds, patience 20, depth 6, eta 0.1, subsample 0.8, colsample 0.8, seed 42. */
  public static XgboostParams defaults() {
    return new XgboostParams(500, 20, 6, 0.1, 0.8, 0.8, 1.0, 1.0, 0, 42L);
  }

  public XgboostParams withMaxRounds(int v) {
    return new XgboostParams(
        v,
        earlyStoppingRounds,
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withEarlyStoppingRounds(int v) {
    return new XgboostParams(
        maxRounds,
        v,
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withMaxDepth(int v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        v,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withEta(double v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        v,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withSubsample(double v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        eta,
        v,
        colsampleBytree,
        minChildWeight,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withColsampleBytree(double v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        eta,
        subsample,
        v,
        minChildWeight,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withMinChildWeight(double v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        v,
        lambda,
        threads,
        seed);
  }

  public XgboostParams withLambda(double v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        v,
        threads,
        seed);
  }

  public XgboostParams withThreads(int v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        v,
        seed);
  }

  public XgboostParams withSeed(long v) {
    return new XgboostParams(
        maxRounds,
        earlyStoppingRounds,
        maxDepth,
        eta,
        subsample,
        colsampleBytree,
        minChildWeight,
        lambda,
        threads,
        v);
  }

  /** The threads XGBoost will use: {@link #threads()}, or the available cores when 0. */
  public int effectiveThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** The booster parameters (XGBoost's names), objective {@code binary:logistic}, metric auc. */
  public Map<String, Object> boosterParams() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("objective", "binary:logistic");
    p.put("eval_metric", "auc");
    p.put("tree_method", "hist");
    p.put("max_depth", maxDepth);
    p.put("eta", eta);
    p.put("subsample", subsample);
    p.put("colsample_bytree", colsampleBytree);
    p.put("min_child_weight", minChildWeight);
    p.put("lambda", lambda);
    p.put("nthread", effectiveThreads());
    p.put("seed", seed);
    return p;
  }

  /** For the bundle manifest: the booster parameters plus the round limits. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>(boosterParams());
    m.put("max_rounds", maxRounds);
    m.put("early_stopping_rounds", earlyStoppingRounds);
    return m;
  }
}
