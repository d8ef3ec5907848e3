package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;
import java.util.Locale;

/** The network family a {@link NetworkConfig} builds. */
public enum Architecture {
  /**
   * One embedding table per field, pooled over the non-padding tokens ({@link Pooling}), field
   * vectors concatenated, an MLP and one output logit.
   */
  DNN("dnn"),
  /**
   * Logistic regression over the same multi-hot tokens: one scalar weight per token, summed over
   * the non-padding tokens of every field, plus a bias. The baseline the DNN has to beat.
   */
  LOGISTIC("logistic"),
  /**
   * Wide &amp; Deep: the {@link #DNN} plus a linear "wide" part over the same tokens (one scalar
   * weight per token of every field, summed), trained jointly; the two logits are added.
   */
  WIDE_DEEP("wide-deep");

  private final String id;

  Architecture(String id) {
    this.id = id;
  }

  /**
   * The lower-case name used in configuration files and manifests ({@code dnn}, {@code logistic},
   * {@code wide-deep}).
   */
  public String id() {
    return id;
  }

  /** Whether this architecture has the deep part (per-field embedding tables and an MLP). */
  public boolean hasDeepPart() {
    return this != LOGISTIC;
  }

  /** Whether this architecture has the wide part (one scalar weight per token). */
  public boolean hasWidePart() {
    return this != DNN;
  }

  /**
   * Parses {@code dnn}, {@code logistic} or {@code wide-deep} (case-insensitive).
   *
   * @throws InvalidInputException naming the accepted values
   */
  public static Architecture parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (Architecture a : values()) {
        if (a.id.equals(v)) {
          return a;
        }
      }
    }
    throw new InvalidInputException(
        "unknown architecture '" + value + "': expected one of dnn, logistic, wide-deep");
  }
}
