package io.deepscore.model.train;

import io.deepscore.errors.InvalidInputException;
import java.util.Objects;

/**
 * How {@link DnnTrainer} trains: epochs, early stopping, batch size, Adam learning rate and its
 * schedule, regularization of the embedding tables, initialization, seed and engine threads.
 * Immutable; every construction path (canonical constructor, {@link #builder()}, the {@code with*}
 * copies) runs the same validation.
 *
 * @param maxEpochs at most this many passes over the training rows, &gt; 0 (default 40)
 * @param patience stop after this many consecutive epochs without a better validation AUC, &gt; 0
 *     (default 15)
 * @param batchSize rows per mini-batch, &gt; 0 (default 1024: chosen on validation with pretrained
 *     tables, docs/model.md round 5)
 * @param learningRate Adam's peak learning rate, &gt; 0 (default 1e-3)
 * @param seed seeds the mini-batch shuffling, the weight initialization and dropout; the same seed
 *     on the same machine and thread count gives the same model
 * @param threads libtorch intra- and inter-op threads, 0 = leave the engine's setting (see {@link
 *     io.deepscore.model.EngineSettings})
 * @param weightDecay Adam's L2 weight decay on every parameter, &gt;= 0 (default 0). DJL's
 *     embedding gradients are dense and Adam normalizes steps, so on a row of a token absent from
 *     the batch the decay alone moves the row towards zero by about the learning rate per step: it
 *     erases rare tokens rather than shrinking them, which is what holds the tables back from
 *     memorizing the training users (default 3e-4, chosen on validation: docs/model.md, rounds 2
 *     and 3)
 * @param embeddingInitStd standard deviation of the normal initializer of the deep part's embedding
 *     tables, &gt; 0 (default 0.1)
 * @param embeddingL2 L2 penalty on the deep embedding rows <em>used</em> by a batch, per
 *     occurrence, averaged over the batch's rows and added to the loss, &gt;= 0 (default 0): a
 *     token is regularized in proportion to how often it is seen, absent tokens are left alone
 * @param wideL2 the same penalty on the wide part's token weights ({@code logistic}, {@code
 *     wide-deep}), &gt;= 0 (default 0)
 * @param warmupSteps the learning rate rises linearly from {@code learningRate / warmupSteps} to
 *     {@code learningRate} over the first this many steps, &gt;= 0 (default 0: no warm-up)
 * @param plateauDecay after an epoch without a better validation AUC the learning rate is
 *     multiplied by this, in (0, 1] (default 1: constant)
 * @param epochDecay after every epoch the learning rate is multiplied by this, in (0, 1] (default
 *     1: constant); 0.5 halves it per epoch, so the later epochs refine what the first ones learned
 *     instead of fitting the training rows further
 * @param embeddingOptimizer how the embedding tables are updated (default {@code adam}: dense, as
 *     every other parameter)
 * @param embeddingLearningRate the learning rate of {@link EmbeddingOptimizer#ADAGRAD}, &gt; 0
 *     (default 0.05; the Adam variants use {@code learningRate})
 * @param tableDecay with {@code lazy-adam} or {@code adagrad}: every embedding row shrinks by the
 *     factor {@code 1 - tableDecay} per step whether the batch uses it or not (applied lazily), in
 *     [0, 1) (default 0). A token seen rarely fades back to zero between its rows, a frequent one
 *     is held up by its gradients: a soft, frequency-aware minimum count. With {@code adam} the
 *     tables get {@code weightDecay} like every parameter instead.
 * @param tableShrink with {@code lazy-adam} or {@code adagrad}: every embedding entry moves towards
 *     zero by this much per step whether the batch uses it or not, stopping at zero (the proximal
 *     step of an L1 penalty, applied lazily), &gt;= 0 (default 0). Tokens whose gradients do not
 *     consistently push them away from zero end at exactly zero: uninformative tokens drop out.
 * @param freshTablesEachEpoch whether every epoch after the first starts with the embedding tables
 *     (deep and wide) drawn afresh, the MLP keeping its weights (default false). An embedding
 *     trained on a row in an earlier epoch carries that row's label into the next one; fresh tables
 *     learn from each row once, with an MLP that already knows how to combine them.
 * @param pretrainTables how the deep embedding tables start: {@code none} (random) or {@code cooc}
 *     (label-free co-occurrence pretraining on the training rows; the default since round 4, chosen
 *     on validation: docs/model.md). A recorded config without the key predates it and reads as
 *     {@code none} ({@link #recordedDefaults()})
 * @param pretrainEpochs with {@code cooc}: passes over the training rows, &gt; 0 (default 3)
 * @param pretrainNegatives with {@code cooc}: negatives per positive pair, &gt; 0 (default 5)
 * @param pretrainContexts with {@code cooc}: context tokens drawn per token of a row, &gt; 0
 *     (default 4)
 * @param pretrainScale with {@code cooc}: the pretrained rows' root mean square entry as a multiple
 *     of {@code embeddingInitStd}, &gt; 0 (default 1: the scale of the random init)
 */
public record TrainingConfig(
    int maxEpochs,
    int patience,
    int batchSize,
    float learningRate,
    long seed,
    int threads,
    float weightDecay,
    float embeddingInitStd,
    float embeddingL2,
    float wideL2,
    int warmupSteps,
    float plateauDecay,
    float epochDecay,
    EmbeddingOptimizer embeddingOptimizer,
    float embeddingLearningRate,
    float tableDecay,
    float tableShrink,
    boolean freshTablesEachEpoch,
    TablePretrain pretrainTables,
    int pretrainEpochs,
    int pretrainNegatives,
    int pretrainContexts,
    float pretrainScale) {

  /** Validates the ranges given in the record javadoc. */
  public TrainingConfig {
    atLeastOne("max_epochs", maxEpochs);
    atLeastOne("patience", patience);
    atLeastOne("batch_size", batchSize);
    positive("learning_rate", learningRate);
    positive("embedding_learning_rate", embeddingLearningRate);
    Objects.requireNonNull(embeddingOptimizer, "embeddingOptimizer");
    if (!(tableDecay >= 0f && tableDecay < 1f)) {
      throw new InvalidInputException("table_decay must be in [0, 1), got " + tableDecay);
    }
    nonNegative("table_shrink", tableShrink);
    if ((tableDecay > 0f || tableShrink > 0f) && embeddingOptimizer == EmbeddingOptimizer.ADAM) {
      throw new InvalidInputException(
          "table_decay and table_shrink need the embedding optimizer lazy-adam or adagrad (with"
              + " adam the tables get weight_decay like every parameter)");
    }
    nonNegative("weight_decay", weightDecay);
    positive("embedding_init_std", embeddingInitStd);
    nonNegative("embedding_l2", embeddingL2);
    nonNegative("wide_l2", wideL2);
    if (threads < 0) {
      throw new InvalidInputException("threads must be >= 0 (0 = engine default), got " + threads);
    }
    if (warmupSteps < 0) {
      throw new InvalidInputException("warmup_steps must be >= 0, got " + warmupSteps);
    }
    if (!(plateauDecay > 0f && plateauDecay <= 1f)) {
      throw new InvalidInputException("plateau_decay must be in (0, 1], got " + plateauDecay);
    }
    if (!(epochDecay > 0f && epochDecay <= 1f)) {
      throw new InvalidInputException("epoch_decay must be in (0, 1], got " + epochDecay);
    }
    Objects.requireNonNull(pretrainTables, "pretrainTables");
    atLeastOne("pretrain_epochs", pretrainEpochs);
    atLeastOne("pretrain_negatives", pretrainNegatives);
    atLeastOne("pretrain_contexts", pretrainContexts);
    positive("pretrain_scale", pretrainScale);
  }

  private static void atLeastOne(String key, int v) {
    if (v <= 0) {
      throw new InvalidInputException(key + " must be > 0, got " + v);
    }
  }

  private static void positive(String key, float v) {
    if (!(v > 0f) || Float.isInfinite(v)) {
      throw new InvalidInputException(key + " must be > 0, got " + v);
    }
  }

  private static void nonNegative(String key, float v) {
    if (!(v >= 0f) || Float.isInfinite(v)) {
      throw new InvalidInputException(key + " must be >= 0, got " + v);
    }
  }

  /**
   * The defaults: 40 epochs, patience 15 (the published case), batch 1024, lr 1e-3, weight decay
   * 3e-4, co-occurrence pretraining of the tables, seed 42; see the record javadoc for the others.
   */
  public static TrainingConfig defaults() {
    return new Builder().build();
  }

  /**
   * The values for keys a recorded config (a bundle's provenance) lacks: today's defaults, except
   * the knobs whose default changed after they were added, which take the value such a bundle was
   * trained with. Round 4 made {@code cooc} pretraining the default; a config recorded before has
   * no {@code pretrain_tables} and trained with random tables, so it reads as {@code none}.
   */
  public static TrainingConfig recordedDefaults() {
    return new Builder().pretrainTables(TablePretrain.NONE).build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with another epoch limit. */
  public TrainingConfig withMaxEpochs(int v) {
    return toBuilder().maxEpochs(v).build();
  }

  /** A copy with another patience. */
  public TrainingConfig withPatience(int v) {
    return toBuilder().patience(v).build();
  }

  /** A copy with another batch size. */
  public TrainingConfig withBatchSize(int v) {
    return toBuilder().batchSize(v).build();
  }

  /** A copy with another learning rate. */
  public TrainingConfig withLearningRate(float v) {
    return toBuilder().learningRate(v).build();
  }

  /** A copy with another seed. */
  public TrainingConfig withSeed(long v) {
    return toBuilder().seed(v).build();
  }

  /** A copy with another thread count. */
  public TrainingConfig withThreads(int v) {
    return toBuilder().threads(v).build();
  }

  /** A copy with another weight decay. */
  public TrainingConfig withWeightDecay(float v) {
    return toBuilder().weightDecay(v).build();
  }

  /** Gathers the components; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private int maxEpochs = 40;
    private int patience = 15;
    private int batchSize = 1024;
    private float learningRate = 1e-3f;
    private long seed = 42L;
    private int threads;
    private float weightDecay = 3e-4f;
    private float embeddingInitStd = 0.1f;
    private float embeddingL2;
    private float wideL2;
    private int warmupSteps;
    private float plateauDecay = 1f;
    private float epochDecay = 1f;
    private EmbeddingOptimizer embeddingOptimizer = EmbeddingOptimizer.ADAM;
    private float embeddingLearningRate = 0.05f;
    private float tableDecay;
    private float tableShrink;
    private boolean freshTablesEachEpoch;
    private TablePretrain pretrainTables = TablePretrain.COOC;
    private int pretrainEpochs = 3;
    private int pretrainNegatives = 5;
    private int pretrainContexts = 4;
    private float pretrainScale = 2f;

    private Builder() {}

    private Builder(TrainingConfig c) {
      maxEpochs = c.maxEpochs;
      patience = c.patience;
      batchSize = c.batchSize;
      learningRate = c.learningRate;
      seed = c.seed;
      threads = c.threads;
      weightDecay = c.weightDecay;
      embeddingInitStd = c.embeddingInitStd;
      embeddingL2 = c.embeddingL2;
      wideL2 = c.wideL2;
      warmupSteps = c.warmupSteps;
      plateauDecay = c.plateauDecay;
      epochDecay = c.epochDecay;
      embeddingOptimizer = c.embeddingOptimizer;
      embeddingLearningRate = c.embeddingLearningRate;
      tableDecay = c.tableDecay;
      tableShrink = c.tableShrink;
      freshTablesEachEpoch = c.freshTablesEachEpoch;
      pretrainTables = c.pretrainTables;
      pretrainEpochs = c.pretrainEpochs;
      pretrainNegatives = c.pretrainNegatives;
      pretrainContexts = c.pretrainContexts;
      pretrainScale = c.pretrainScale;
    }

    public Builder maxEpochs(int v) {
      maxEpochs = v;
      return this;
    }

    public Builder patience(int v) {
      patience = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder learningRate(float v) {
      learningRate = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder weightDecay(float v) {
      weightDecay = v;
      return this;
    }

    public Builder embeddingInitStd(float v) {
      embeddingInitStd = v;
      return this;
    }

    public Builder embeddingL2(float v) {
      embeddingL2 = v;
      return this;
    }

    public Builder wideL2(float v) {
      wideL2 = v;
      return this;
    }

    public Builder warmupSteps(int v) {
      warmupSteps = v;
      return this;
    }

    public Builder plateauDecay(float v) {
      plateauDecay = v;
      return this;
    }

    public Builder epochDecay(float v) {
      epochDecay = v;
      return this;
    }

    public Builder embeddingOptimizer(EmbeddingOptimizer v) {
      embeddingOptimizer = v;
      return this;
    }

    public Builder embeddingLearningRate(float v) {
      embeddingLearningRate = v;
      return this;
    }

    public Builder tableDecay(float v) {
      tableDecay = v;
      return this;
    }

    public Builder tableShrink(float v) {
      tableShrink = v;
      return this;
    }

    public Builder freshTablesEachEpoch(boolean v) {
      freshTablesEachEpoch = v;
      return this;
    }

    public Builder pretrainTables(TablePretrain v) {
      pretrainTables = v;
      return this;
    }

    public Builder pretrainEpochs(int v) {
      pretrainEpochs = v;
      return this;
    }

    public Builder pretrainNegatives(int v) {
      pretrainNegatives = v;
      return this;
    }

    public Builder pretrainContexts(int v) {
      pretrainContexts = v;
      return this;
    }

    public Builder pretrainScale(float v) {
      pretrainScale = v;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws InvalidInputException naming the first component out of range
     */
    public TrainingConfig build() {
      return new TrainingConfig(
          maxEpochs,
          patience,
          batchSize,
          learningRate,
          seed,
          threads,
          weightDecay,
          embeddingInitStd,
          embeddingL2,
          wideL2,
          warmupSteps,
          plateauDecay,
          epochDecay,
          embeddingOptimizer,
          embeddingLearningRate,
          tableDecay,
          tableShrink,
          freshTablesEachEpoch,
          pretrainTables,
          pretrainEpochs,
          pretrainNegatives,
          pretrainContexts,
          pretrainScale);
    }
  }
}
