package io.deepscore.spark.ml;

import io.deepscore.features.FeatureSpec;
import io.deepscore.spark.score.DeepScorer;
import io.deepscore.spark.score.ScorerParams;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/**
 * The typed params of {@link DeepScoreEstimator}, with their validators, defaults, accessors (Spark
 * ML finds a stage's params through its public no-argument accessors) and setters. Unset algorithm
 * params take the algorithm's own defaults.
 */
public abstract class DeepScoreEstimatorParams extends Estimator<DeepScorer> {
  private static final long serialVersionUID = 1L;

  final String uid;
  final Param<String> featureSpec;
  final Param<String> algorithm;
  final Param<String> bundleDir;
  final Param<String> bundleName;
  final IntParam maxIter;
  final IntParam patience;
  final DoubleParam stepSize;
  final LongParam seed;
  final IntParam batchSize;
  final IntParam embeddingDim;
  final IntArrayParam hiddenLayers;
  final DoubleParam dropout;
  final DoubleParam weightDecay;
  final IntParam maxDepth;
  final IntParam threads;
  final DoubleParam validFraction;
  final DoubleParam testFraction;
  final DoubleParam targetPrecision;
  final Param<String> outputCol;
  final Param<String> rejectReasonCol;
  final Param<String> handleInvalid;

  DeepScoreEstimatorParams(String uid) {
    this.uid = uid;
    featureSpec = new Param<>(this, "featureSpec", "the feature spec as JSON (required)");
    algorithm =
        new Param<>(
            this,
            "algorithm",
            "dnn, logistic or xgboost",
            ParamValidators.inArray(List.of("dnn", "logistic", "xgboost")));
    bundleDir = new Param<>(this, "bundleDir", "local directory the bundles go to (required)");
    bundleName = new Param<>(this, "bundleName", "bundle name (default: the spec's name)");
    maxIter = positive("maxIter", "epochs (networks) or boosting rounds (xgboost)");
    patience = positive("patience", "epochs or rounds without a better validation AUC to stop");
    stepSize = new DoubleParam(this, "stepSize", "learning rate (or eta)", ParamValidators.gt(0));
    seed = new LongParam(this, "seed", "seed of every random choice of the training");
    batchSize = positive("batchSize", "rows per training mini-batch (networks)");
    embeddingDim = positive("embeddingDim", "embedding width (dnn)");
    hiddenLayers = new IntArrayParam(this, "hiddenLayers", "MLP hidden sizes (dnn)");
    dropout =
        new DoubleParam(
            this, "dropout", "dropout in [0, 1) (dnn)", ParamValidators.inRange(0, 1, true, false));
    weightDecay =
        new DoubleParam(this, "weightDecay", "Adam's L2 weight decay", ParamValidators.gtEq(0));
    maxDepth = positive("maxDepth", "tree depth (xgboost)");
    threads = new IntParam(this, "threads", "training threads, 0 = all", ParamValidators.gtEq(0));
    validFraction =
        new DoubleParam(
            this, "validFraction", "validation share", ParamValidators.inRange(0, 1, false, false));
    testFraction =
        new DoubleParam(
            this, "testFraction", "held-out share", ParamValidators.inRange(0, 1, true, false));
    targetPrecision =
        new DoubleParam(
            this,
            "targetPrecision",
            "precision the bundle's threshold reaches on validation",
            ParamValidators.inRange(0, 1, false, false));
    outputCol = ScorerParams.outputCol(this);
    rejectReasonCol = ScorerParams.rejectReasonCol(this);
    handleInvalid = ScorerParams.handleInvalid(this);
    setDefault(algorithm, "dnn");
    setDefault(seed, 42L);
    setDefault(threads, 0);
    setDefault(validFraction, 0.1);
    setDefault(testFraction, 0.0);
    setDefault(targetPrecision, 0.5);
    setDefault(outputCol, "score");
    setDefault(rejectReasonCol, DeepScorer.REJECT_REASON_COLUMN);
    setDefault(handleInvalid, "keep");
  }

  private IntParam positive(String name, String doc) {
    return new IntParam(this, name, doc + " (> 0)", ParamValidators.gt(0));
  }

  @Override
  public String uid() {
    return uid;
  }

  // Spark ML finds a stage's params through public no-argument accessors like these.

  /** The feature spec (JSON). */
  public Param<String> featureSpec() {
    return featureSpec;
  }

  /** {@code dnn}, {@code logistic} or {@code xgboost}. */
  public Param<String> algorithm() {
    return algorithm;
  }

  /** Where fitted bundles go. */
  public Param<String> bundleDir() {
    return bundleDir;
  }

  /** The bundle name. */
  public Param<String> bundleName() {
    return bundleName;
  }

  /** Epochs or boosting rounds. */
  public IntParam maxIter() {
    return maxIter;
  }

  /** Early-stopping patience. */
  public IntParam patience() {
    return patience;
  }

  /** Learning rate or eta. */
  public DoubleParam stepSize() {
    return stepSize;
  }

  /** The training seed. */
  public LongParam seed() {
    return seed;
  }

  /** Training mini-batch rows. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Embedding width. */
  public IntParam embeddingDim() {
    return embeddingDim;
  }

  /** MLP hidden sizes. */
  public IntArrayParam hiddenLayers() {
    return hiddenLayers;
  }

  /** Dropout. */
  public DoubleParam dropout() {
    return dropout;
  }

  /** Adam's weight decay. */
  public DoubleParam weightDecay() {
    return weightDecay;
  }

  /** XGBoost tree depth. */
  public IntParam maxDepth() {
    return maxDepth;
  }

  /** Training threads. */
  public IntParam threads() {
    return threads;
  }

  /** Validation share. */
  public DoubleParam validFraction() {
    return validFraction;
  }

  /** Held-out share. */
  public DoubleParam testFraction() {
    return testFraction;
  }

  /** The threshold's precision. */
  public DoubleParam targetPrecision() {
    return targetPrecision;
  }

  /** The fitted scorer's score column. */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** The fitted scorer's reason column. */
  public Param<String> rejectReasonCol() {
    return rejectReasonCol;
  }

  /** The fitted scorer's bad-row policy. */
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  public DeepScoreEstimator setFeatureSpec(FeatureSpec spec) {
    return (DeepScoreEstimator) set(featureSpec, spec.toJson());
  }

  public DeepScoreEstimator setAlgorithm(String v) {
    return (DeepScoreEstimator) set(algorithm, v);
  }

  public DeepScoreEstimator setBundleDir(String v) {
    return (DeepScoreEstimator) set(bundleDir, v);
  }

  public DeepScoreEstimator setBundleName(String v) {
    return (DeepScoreEstimator) set(bundleName, v);
  }

  public DeepScoreEstimator setMaxIter(int v) {
    return (DeepScoreEstimator) set(maxIter, v);
  }

  public DeepScoreEstimator setPatience(int v) {
    return (DeepScoreEstimator) set(patience, v);
  }

  public DeepScoreEstimator setStepSize(double v) {
    return (DeepScoreEstimator) set(stepSize, v);
  }

  public DeepScoreEstimator setSeed(long v) {
    return (DeepScoreEstimator) set(seed, v);
  }

  public DeepScoreEstimator setBatchSize(int v) {
    return (DeepScoreEstimator) set(batchSize, v);
  }

  public DeepScoreEstimator setEmbeddingDim(int v) {
    return (DeepScoreEstimator) set(embeddingDim, v);
  }

  public DeepScoreEstimator setHiddenLayers(int[] v) {
    return (DeepScoreEstimator) set(hiddenLayers, v);
  }

  public DeepScoreEstimator setDropout(double v) {
    return (DeepScoreEstimator) set(dropout, v);
  }

  public DeepScoreEstimator setWeightDecay(double v) {
    return (DeepScoreEstimator) set(weightDecay, v);
  }

  public DeepScoreEstimator setMaxDepth(int v) {
    return (DeepScoreEstimator) set(maxDepth, v);
  }

  public DeepScoreEstimator setThreads(int v) {
    return (DeepScoreEstimator) set(threads, v);
  }

  public DeepScoreEstimator setValidFraction(double v) {
    return (DeepScoreEstimator) set(validFraction, v);
  }

  public DeepScoreEstimator setTestFraction(double v) {
    return (DeepScoreEstimator) set(testFraction, v);
  }

  public DeepScoreEstimator setTargetPrecision(double v) {
    return (DeepScoreEstimator) set(targetPrecision, v);
  }

  public DeepScoreEstimator setOutputCol(String v) {
    return (DeepScoreEstimator) set(outputCol, v);
  }

  public DeepScoreEstimator setHandleInvalid(String v) {
    return (DeepScoreEstimator) set(handleInvalid, v);
  }
}
