package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;
import java.util.Locale;

/** The network family a {@link NetworkConfig} builds. */
public enum Architecture {
  /**
   * One embedding table per field, mean over non-padding tokens, field vectors concatenated, an MLP
   * and one output logit.
   */
  DNN("dnn"),
  /**
   * Logistic regression over the same multi-hot tokens: one scalar weight per token, summed over
   * the non-padding tokens of every field, plus a bias. The baseline the DNN has to beat.
   */
  LOGISTIC("logistic");

  private final String id;

  Architecture(String id) {
    this.id = id;
  }

  /**
   * The lower-case name used in configuration files and manifests ({@code dnn}, {@code logistic}).
   */
  public String id() {
    return id;
  }

  /**
   * Parses {@code dnn} or {@code logistic} (case-insensitive).
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
        "unknown architecture '" + value + "': expected one of dnn, logistic");
  }
}
