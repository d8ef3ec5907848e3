package io.deepscore.model.xgboost;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.train.ConfigMaps;
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
      throw new InvalidInputException("min_child_weight must be >= 0, got " + minChildWeight);
    }
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new InvalidInputException("lambda must be >= 0, got " + lambda);
    }
    if (threads < 0) {
      throw new InvalidInputException("threads must be >= 0 (0 = all cores), got " + threads);
    }
  }

  private static void positive(String name, int v) {
    if (v <= 0) {
      throw new InvalidInputException(name + " must be > 0, got " + v);
    }
  }

  private static void fraction(String name, double v) {
    if (!(v > 0 && v <= 1)) {
      throw new InvalidInputException(name + " must be in (0, 1], got " + v);
    }
  }

  /** 500 rounds, patience 20, depth 6, eta 0.1, subsample 0.8, colsample 0.8, seed 42. */
  public static XgboostParams defaults() {
    return new XgboostParams(500, 20, 6, 0.1, 0.8, 0.8, 1.0, 1.0, 0, 42L);
  }

  /** A copy with another max_rounds. */
  public XgboostParams withMaxRounds(int v) {
    return with("max_rounds", v);
  }

  /** A copy with another early_stopping_rounds. */
  public XgboostParams withEarlyStoppingRounds(int v) {
    return with("early_stopping_rounds", v);
  }

  /** A copy with another max_depth. */
  public XgboostParams withMaxDepth(int v) {
    return with("max_depth", v);
  }

  /** A copy with another eta. */
  public XgboostParams withEta(double v) {
    return with("eta", v);
  }

  /** A copy with another subsample. */
  public XgboostParams withSubsample(double v) {
    return with("subsample", v);
  }

  /** A copy with another colsample_bytree. */
  public XgboostParams withColsampleBytree(double v) {
    return with("colsample_bytree", v);
  }

  /** A copy with another min_child_weight. */
  public XgboostParams withMinChildWeight(double v) {
    return with("min_child_weight", v);
  }

  /** A copy with another lambda. */
  public XgboostParams withLambda(double v) {
    return with("lambda", v);
  }

  /** A copy with another threads. */
  public XgboostParams withThreads(int v) {
    return with("threads", v);
  }

  /** A copy with another seed. */
  public XgboostParams withSeed(long v) {
    return with("seed", v);
  }

  /** A copy with one component changed, validated like any other construction. */
  private XgboostParams with(String key, Object value) {
    return ConfigMaps.fromMap(XgboostParams.class, Map.of(key, value), this);
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
