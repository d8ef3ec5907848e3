package io.deepscore.model.xgboost;

import io.deepscore.errors.InvalidBundleException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * An XGBoost model (engine {@value XgboostEngine#ID}) behind the {@link ScoringModel} interface:
 * encoded batches become sparse multi-hot rows ({@link MultiHotLayout}), scored by a {@code
 * Booster}.
 *
 * <p>Thread safety: XGBoost4J's {@code Booster.predict} is {@code synchronized} on the booster, so
 * one shared booster would serialize all task threads of an executor. This model therefore keeps
 * only the serialized model bytes (a few MB at most) and every {@link #newScorer()} loads its own
 * booster from them (milliseconds): scorers on different threads predict in parallel. The model
 * itself holds no native memory; each scorer frees its booster on close and every per-batch {@code
 * DMatrix} before {@code score} returns.
 *
 * <p>Trees used: the model file's {@code best_iteration} attribute (set by {@link XgboostTrainer}
 * to the round of the best validation AUC) limits prediction to the first {@code best_iteration +
 * 1} rounds, as XGBoost's Python package does; without the attribute all trees are used.
 */
public final class XgboostScoringModel implements ScoringModel {

  /** The model file's format, XGBoost's universal binary JSON. */
  public static final String FORMAT = "ubj";

  /** The booster attribute holding the 0-based best round. */
  public static final String BEST_ITERATION = "best_iteration";

  private final byte[] model;
  private final MultiHotLayout layout;
  private final int threads;
  private final int treeLimit;
  private final long featureCount;
  // The model the scorers load and the columns they feed it: the model rewritten over the
  // columns its splits read (UsedFeatures), or the model itself with every layout column.
  private final byte[] scoringModel;
  private final int[] columnMap;
  private final int scoringColumns;
  private final AtomicLong matricesCreated = new AtomicLong();
  private final AtomicLong matricesFreed = new AtomicLong();
  private volatile boolean closed;

  private XgboostScoringModel(byte[] model, MultiHotLayout layout, int threads) {
    this.model = model;
    this.layout = layout;
    this.threads = threads;
    // Load once up front: a corrupt file or a model wider than the vocabularies fails here, on
    // the driver, not in the first task.
    Booster probe = loadBooster(model);
    byte[] json;
    try {
      featureCount = probe.getNumFeature();
      String best = probe.getAttr(BEST_ITERATION);
      treeLimit = best == null ? 0 : Integer.parseInt(best.trim()) + 1;
      json = probe.toByteArray("json");
    } catch (XGBoostError | NumberFormatException e) {
      throw new InvalidBundleException("cannot read the XGBoost model: " + e.getMessage(), e);
    } finally {
      probe.dispose();
    }
    if (featureCount > layout.columnCount()) {
      throw new InvalidBundleException(
          "the XGBoost model uses "
              + featureCount
              + " feature columns but the vocabularies give "
              + layout.columnCount()
              + ": model and vocabularies are from different trainings");
    }
    UsedFeatures used = UsedFeatures.of(json, layout.columnCount()).orElse(null);
    byte[] rewritten = used == null ? null : asUbj(used.model());
    boolean narrowed = rewritten != null;
    scoringModel = narrowed ? rewritten : model;
    columnMap = narrowed ? used.columnMap() : null;
    scoringColumns = narrowed ? used.count() : layout.columnCount();
  }

  /**
   * Loads a model file written by {@link XgboostTrainedModel#save}.
   *
   * @param settings {@code numThreads} is XGBoost's {@code nthread} per scorer (0 = XGBoost's
   *     default, all cores; in a Spark executor with one task per core use 1)
   * @throws IOException if the file cannot be read
   * @throws InvalidBundleException if it is not an XGBoost model or does not fit the layout
   */
  public static XgboostScoringModel load(
      Path file, int[] maxLengths, long[] vocabSizes, EngineSettings settings) throws IOException {
    return fromBytes(
        Files.readAllBytes(file), MultiHotLayout.of(maxLengths, vocabSizes), settings.numThreads());
  }

  /** A model of serialized booster bytes (JSON or UBJ); {@code threads} as in {@link #load}. */
  public static XgboostScoringModel fromBytes(byte[] model, MultiHotLayout layout, int threads) {
    if (threads < 0) {
      throw new InvalidInputException("threads must be >= 0, got " + threads);
    }
    return new XgboostScoringModel(model.clone(), layout, threads);
  }

  /**
   * The rewritten model in XGBoost's binary format (each scorer parses it), or null when XGBoost
   * does not load it: the model is then scored as it is.
   */
  private static byte[] asUbj(byte[] json) {
    try {
      Booster b = XGBoost.loadModel(json);
      try {
        return b.toByteArray(FORMAT);
      } finally {
        b.dispose();
      }
    } catch (XGBoostError | IOException e) {
      return null;
    }
  }

  /** A booster of the scoring model (see {@link UsedFeatures}), the caller disposes it. */
  Booster loadBooster() {
    return loadBooster(scoringModel);
  }

  private Booster loadBooster(byte[] bytes) {
    Booster b;
    try {
      b = XGBoost.loadModel(bytes);
    } catch (XGBoostError | IOException e) {
      throw new InvalidBundleException("cannot load the XGBoost model: " + e.getMessage(), e);
    }
    if (threads > 0) {
      try {
        b.setParam("nthread", threads);
      } catch (XGBoostError | RuntimeException e) {
        // The booster holds native memory: free it before the error leaves.
        b.dispose();
        throw new InvalidBundleException(
            "cannot set the XGBoost model's nthread to " + threads + ": " + e.getMessage(), e);
      }
    }
    return b;
  }

  @Override
  public Scorer newScorer() {
    if (closed) {
      throw new IllegalStateException("the XGBoost model is closed");
    }
    return new XgboostScorer(this, loadBooster());
  }

  @Override
  public int[] maxLengths() {
    return layout.maxLengths();
  }

  @Override
  public ModelOutput output() {
    return ModelOutput.PROBABILITY;
  }

  @Override
  public String engine() {
    return XgboostEngine.ID;
  }

  @Override
  public String runtime() {
    return "xgboost nthread=" + (threads == 0 ? "default" : threads);
  }

  /** The feature layout. */
  public MultiHotLayout layout() {
    return layout;
  }

  /** Rounds used for prediction ({@code best_iteration + 1}), 0 = all. */
  public int treeLimit() {
    return treeLimit;
  }

  /**
   * Feature columns the scorers' boosters read: the columns the trees split on (fewer than the
   * layout's when the model could be rewritten over them, {@link UsedFeatures}).
   */
  public int scoringColumns() {
    return scoringColumns;
  }

  /** A batch as the scorers' boosters read it: only the columns the trees split on. */
  CsrRows scoringRows(EncodedBatch batch) {
    return layout.csr(batch, columnMap);
  }

  /** XGBoost's {@code nthread} of each scorer, 0 = XGBoost's default. */
  public int threads() {
    return threads;
  }

  /** Per-batch {@code DMatrix} objects created by this model's scorers so far. */
  public long matricesCreated() {
    return matricesCreated.get();
  }

  /** Per-batch {@code DMatrix} objects freed ({@code dispose}) by this model's scorers so far. */
  public long matricesFreed() {
    return matricesFreed.get();
  }

  void matrixCreated() {
    matricesCreated.incrementAndGet();
  }

  void matrixFreed() {
    matricesFreed.incrementAndGet();
  }

  /** Marks the model closed; scorers already handed out keep working until they are closed. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "XgboostScoringModel["
        + layout
        + ", treeLimit="
        + treeLimit
        + ", scoringColumns="
        + scoringColumns
        + "]";
  }
}
