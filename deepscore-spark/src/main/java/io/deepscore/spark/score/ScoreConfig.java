package io.deepscore.spark.score;

import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.io.TooManyRejectsException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What one {@link ScoreJob} run does. Immutable; every instance went through the one {@code
 * validate} of {@link Builder#build()}. Thread-safe.
 *
 * <ul>
 *   <li>{@code modelUri} (required): the bundle directory, see {@link BundleFetcher} for the URI
 *       forms; several, separated by commas, score every bundle in one pass ({@link #modelUris()};
 *       then the audience uses each bundle's own threshold, so no {@code threshold}, and no {@code
 *       incremental}).
 *   <li>{@code output} (required): the scores' Parquet directory; {@code rejects} defaults to
 *       {@code <output>.rejects}.
 *   <li>{@code batchSize}: rows per forward pass, 1..{@value #MAX_BATCH_SIZE}, default {@value
 *       #DEFAULT_BATCH_SIZE} (docs/tuning.md).
 *   <li>{@code threads}: libtorch intra-op threads per task, 0 (default) = derive from the executor
 *       cores and concurrent tasks ({@link ThreadPlan}).
 *   <li>{@code passThrough}: input columns copied to the output unchanged.
 *   <li>{@code audience}: add a boolean {@code audience} column, {@code score >= threshold}; the
 *       threshold defaults to the bundle's target-precision threshold; a {@code threshold} needs
 *       {@code audience}.
 *   <li>{@code bundleCacheDir}: local directory executors copy the bundle to; null = {@code
 *       <java.io.tmpdir>/deepscore-bundles} of each JVM.
 *   <li>{@code maxRejectFraction}: in [0, 1], default {@value #DEFAULT_MAX_REJECT_FRACTION}; a run
 *       that rejects more than this share of its rows, or every row, fails after writing its
 *       outputs (so the rejects can be inspected).
 *   <li>{@code input}: how the input is named in the outputs' run info; null = its files.
 * </ul>
 */
public final class ScoreConfig {

  /** The default rows per batch: robust on 2-32 core executors (docs/tuning.md). */
  public static final int DEFAULT_BATCH_SIZE = 1024;

  /** Larger batches only cost memory (an int64 copy of every field per batch). */
  public static final int MAX_BATCH_SIZE = 1 << 16;

  /** The default share of rejected rows above which a run fails (after writing its outputs). */
  public static final double DEFAULT_MAX_REJECT_FRACTION =
      TooManyRejectsException.DEFAULT_MAX_FRACTION;

  /** Output column names the job writes itself; pass-through columns must not use them. */
  public static final List<String> RESERVED_COLUMNS =
      List.of(ScoreJob.SCORE_COLUMN, ScoreJob.MODEL_VERSION_COLUMN, ScoreJob.AUDIENCE_COLUMN);

  private final String modelUri;
  private final String output;
  private final String rejects;
  private final int batchSize;
  private final int threads;
  private final InvalidRowPolicy policy;
  private final List<String> passThrough;
  private final boolean audience;
  private final Double threshold;
  private final boolean overwrite;
  private final String bundleCacheDir;
  private final double maxRejectFraction;
  private final String input;
  private final String incremental;

  private ScoreConfig(Builder b) {
    validate(b);
    this.modelUri = b.modelUri;
    this.output = b.output;
    this.rejects = b.rejects != null ? b.rejects : b.output + ".rejects";
    this.batchSize = b.batchSize;
    this.threads = b.threads;
    this.policy = b.policy;
    this.passThrough = List.copyOf(b.passThrough);
    this.audience = b.audience;
    this.threshold = b.threshold;
    this.overwrite = b.overwrite;
    this.bundleCacheDir = b.bundleCacheDir;
    this.maxRejectFraction = b.maxRejectFraction;
    this.input = b.input;
    this.incremental = b.incremental;
  }

  private static void validate(Builder b) {
    if (b.modelUri == null || b.modelUri.isBlank()) {
      throw new IllegalArgumentException("model URI is required (a bundle directory)");
    }
    List<String> models = split(b.modelUri);
    if (models.size() > 1) {
      if (b.threshold != null) {
        throw new IllegalArgumentException(
            "a threshold applies to one model: with several, each bundle's audience uses its own"
                + " threshold (drop the threshold, or score the bundles separately)");
      }
      if (b.incremental != null) {
        throw new IllegalArgumentException(
            "--incremental re-scores one model: score several models without it, or each"
                + " separately with --incremental");
      }
    }
    if (b.output == null || b.output.isBlank()) {
      throw new IllegalArgumentException("output path is required");
    }
    if (b.rejects != null && (b.rejects.isBlank() || b.rejects.equals(b.output))) {
      throw new IllegalArgumentException(
          "rejects path must be non-blank and differ from the output path, got '"
              + b.rejects
              + "'");
    }
    if (b.batchSize < 1 || b.batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batch size must be in [1, " + MAX_BATCH_SIZE + "], got " + b.batchSize);
    }
    if (b.threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = derive), got " + b.threads);
    }
    Objects.requireNonNull(b.policy, "invalid row policy");
    Set<String> seen = new HashSet<>();
    for (String c : b.passThrough) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException("pass-through column names must not be blank");
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("pass-through column '" + c + "' is listed twice");
      }
      if (RESERVED_COLUMNS.contains(c)) {
        throw new IllegalArgumentException(
            "pass-through column '" + c + "' clashes with an output column " + RESERVED_COLUMNS);
      }
    }
    if (b.threshold != null) {
      if (!b.audience) {
        throw new IllegalArgumentException(
            "a threshold is only used for the audience column: also ask for the audience");
      }
      if (!(b.threshold >= 0.0 && b.threshold <= 1.0)) {
        throw new IllegalArgumentException(
            "threshold must be a probability in [0, 1], got " + b.threshold);
      }
    }
    if (b.bundleCacheDir != null && b.bundleCacheDir.isBlank()) {
      throw new IllegalArgumentException("bundle cache dir must not be blank (null = default)");
    }
    if (!(b.maxRejectFraction >= 0.0 && b.maxRejectFraction <= 1.0)) {
      throw new IllegalArgumentException(
          "max reject fraction must be in [0, 1], got " + b.maxRejectFraction);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bundle URIs, in the order given: {@link #modelUri()} split at commas. More than one scores
   * every bundle in one pass.
   */
  public List<String> modelUris() {
    return split(modelUri);
  }

  private static List<String> split(String uris) {
    List<String> out = new ArrayList<>();
    for (String u : uris.split(",", -1)) {
      String t = u.trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(
            "empty bundle URI in '" + uris + "': separate bundles with single commas");
      }
      if (out.contains(t)) {
        throw new IllegalArgumentException("bundle " + t + " is listed twice in '" + uris + "'");
      }
      out.add(t);
    }
    return List.copyOf(out);
  }

  /** The previous score output of {@code --incremental}, or null. */
  public String incremental() {
    return incremental;
  }

  /** A builder holding this config's values. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .modelUri(modelUri)
            .output(output)
            .rejects(rejects)
            .batchSize(batchSize)
            .threads(threads)
            .invalidRowPolicy(policy)
            .passThrough(passThrough)
            .audience(audience)
            .overwrite(overwrite)
            .bundleCacheDir(bundleCacheDir)
            .maxRejectFraction(maxRejectFraction)
            .input(input)
            .incremental(incremental);
    b.threshold = threshold;
    return b;
  }

  public String modelUri() {
    return modelUri;
  }

  public String output() {
    return output;
  }

  public String rejects() {
    return rejects;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Intra-op threads per task; 0 = derive. */
  public int threads() {
    return threads;
  }

  public InvalidRowPolicy invalidRowPolicy() {
    return policy;
  }

  public List<String> passThrough() {
    return passThrough;
  }

  public boolean audience() {
    return audience;
  }

  /** The audience threshold override; empty = the bundle's threshold. */
  public OptionalDouble threshold() {
    return threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold);
  }

  public boolean overwrite() {
    return overwrite;
  }

  /** The local bundle cache dir, or null for each JVM's default. */
  public String bundleCacheDir() {
    return bundleCacheDir;
  }

  /** The share of rejected rows above which the run fails, after writing. */
  public double maxRejectFraction() {
    return maxRejectFraction;
  }

  /** How the input is named in the run info, or null for its files. */
  public String input() {
    return input;
  }

  @Override
  public String toString() {
    return "ScoreConfig{model="
        + modelUri
        + ", output="
        + output
        + ", rejects="
        + rejects
        + ", batchSize="
        + batchSize
        + ", threads="
        + (threads == 0 ? "derive" : threads)
        + ", invalidRows="
        + policy.id()
        + ", passThrough="
        + passThrough
        + ", audience="
        + audience
        + (threshold == null ? "" : ", threshold=" + threshold)
        + ", overwrite="
        + overwrite
        + ", maxRejectFraction="
        + maxRejectFraction
        + "}";
  }

  /** Collects a {@link ScoreConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private String modelUri;
    private String output;
    private String rejects;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int threads;
    private InvalidRowPolicy policy = InvalidRowPolicy.DEFAULT;
    private List<String> passThrough = new ArrayList<>();
    private boolean audience;
    private Double threshold;
    private boolean overwrite;
    private String bundleCacheDir;
    private double maxRejectFraction = DEFAULT_MAX_REJECT_FRACTION;
    private String input;
    private String incremental;

    private Builder() {}

    public Builder modelUri(String v) {
      this.modelUri = v;
      return this;
    }

    public Builder output(String v) {
      this.output = v;
      return this;
    }

    /** Null = {@code <output>.rejects}. */
    public Builder rejects(String v) {
      this.rejects = v;
      return this;
    }

    public Builder batchSize(int v) {
      this.batchSize = v;
      return this;
    }

    public Builder threads(int v) {
      this.threads = v;
      return this;
    }

    public Builder invalidRowPolicy(InvalidRowPolicy v) {
      this.policy = v;
      return this;
    }

    public Builder passThrough(List<String> columns) {
      this.passThrough = new ArrayList<>(columns);
      return this;
    }

    public Builder audience(boolean v) {
      this.audience = v;
      return this;
    }

    public Builder threshold(double v) {
      this.threshold = v;
      return this;
    }

    public Builder overwrite(boolean v) {
      this.overwrite = v;
      return this;
    }

    public Builder bundleCacheDir(String v) {
      this.bundleCacheDir = v;
      return this;
    }

    public Builder maxRejectFraction(double v) {
      this.maxRejectFraction = v;
      return this;
    }

    /** How the input is named in the run info; null = its files. */
    public Builder input(String v) {
      this.input = v;
      return this;
    }

    /**
     * A previous score output whose scores are reused for users with unchanged features (same
     * bundle); null = score every user.
     */
    public Builder incremental(String previousOutput) {
      this.incremental = previousOutput;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the invalid setting
     */
    public ScoreConfig build() {
      return new ScoreConfig(this);
    }
  }
}
