package io.deepscore.spark.generate;

import io.deepscore.errors.InvalidInputException;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Immutable, validated settings of one {@link UserDataGenerator} run. Build with {@link
 * #builder()}; {@link Builder#build()} validates and throws {@link InvalidInputException} naming
 * the offending parameter.
 */
public final class GeneratorConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default PRNG seed. */
  public static final long DEFAULT_SEED = 42L;

  /** Default {@code event_day}. */
  public static final LocalDate DEFAULT_EVENT_DAY = LocalDate.of(2026, 11, 1);

  /** Upper bound of {@link #badRowFraction()}. */
  public static final double MAX_BAD_ROW_FRACTION = 0.5;

  /** Users per partition above which the default partition count grows. */
  public static final long USERS_PER_PARTITION = 250_000L;

  /** Minimum default partition count, so two to eight cores are never starved. */
  public static final int MIN_DEFAULT_PARTITIONS = 8;

  private final long users;
  private final long seed;
  private final int partitions;
  private final double badRowFraction;
  private final LocalDate eventDay;

  private GeneratorConfig(Builder b) {
    this.users = b.users;
    this.seed = b.seed;
    this.partitions = b.partitions != null ? b.partitions : defaultPartitions(b.users);
    this.badRowFraction = b.badRowFraction;
    this.eventDay = b.eventDay;
  }

  /** {@code max(8, users / 250_000)}: cores are never starved and each partition stays bounded. */
  public static int defaultPartitions(long users) {
    return (int)
        Math.min(Integer.MAX_VALUE, Math.max(MIN_DEFAULT_PARTITIONS, users / USERS_PER_PARTITION));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of users (rows) to generate, {@code > 0}. */
  public long users() {
    return users;
  }

  /** PRNG seed; the output is a pure function of (seed, users, badRowFraction, eventDay). */
  public long seed() {
    return seed;
  }

  /** Number of Spark partitions (does not change the rows, only how they are split). */
  public int partitions() {
    return partitions;
  }

  /** Fraction of rows, in {@code [0, 0.5]}, that get one {@link DefectKind} each. */
  public double badRowFraction() {
    return badRowFraction;
  }

  /** The {@code event_day} of every row. */
  public LocalDate eventDay() {
    return eventDay;
  }

  @Override
  public String toString() {
    return "GeneratorConfig{users="
        + users
        + ", seed="
        + seed
        + ", partitions="
        + partitions
        + ", badRowFraction="
        + badRowFraction
        + ", eventDay="
        + eventDay
        + "}";
  }

  /** Builder: {@link #users} is required, the rest optional. Not thread-safe. */
  public static final class Builder {
    private Long usersSet;
    private long users;
    private long seed = DEFAULT_SEED;
    private Integer partitions;
    private double badRowFraction = 0.0;
    private LocalDate eventDay = DEFAULT_EVENT_DAY;

    private Builder() {}

    /** Required: number of users, {@code > 0}. */
    public Builder users(long users) {
      this.usersSet = users;
      this.users = users;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Spark partitions, {@code > 0}; default {@link GeneratorConfig#defaultPartitions}. */
    public Builder partitions(int partitions) {
      this.partitions = partitions;
      return this;
    }

    /** Fraction of defective rows in {@code [0, 0.5]}; default 0. */
    public Builder badRowFraction(double badRowFraction) {
      this.badRowFraction = badRowFraction;
      return this;
    }

    /** Default {@link GeneratorConfig#DEFAULT_EVENT_DAY}. */
    public Builder eventDay(LocalDate eventDay) {
      this.eventDay = eventDay;
      return this;
    }

    /** Validates every setting and builds the config. */
    public GeneratorConfig build() {
      if (usersSet == null) {
        throw new InvalidInputException("users is required: call users(n) with n > 0");
      }
      if (users <= 0) {
        throw new InvalidInputException("users must be > 0, got " + users);
      }
      if (partitions != null && partitions <= 0) {
        throw new InvalidInputException("partitions must be > 0, got " + partitions);
      }
      if (!(badRowFraction >= 0.0 && badRowFraction <= MAX_BAD_ROW_FRACTION)) {
        throw new InvalidInputException(
            "badRowFraction must be in [0, " + MAX_BAD_ROW_FRACTION + "], got " + badRowFraction);
      }
      Objects.requireNonNull(eventDay, "eventDay must not be null");
      return new GeneratorConfig(this);
    }
  }
}
