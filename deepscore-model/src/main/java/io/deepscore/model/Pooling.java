package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a field's token vectors are combined into one field vector. Padding (id 0) never takes part;
 * a row whose field holds only padding gets the zero vector under every pooling.
 */
public enum Pooling {
  /** Mean over the non-padding tokens (the published case's choice). */
  MEAN("mean"),
  /** Sum over the non-padding tokens: keeps "how many" and makes "at least one" easy to detect. */
  SUM("sum"),
  /** Sum divided by the square root of the token count: between mean and sum. */
  SQRT_N("sqrtn"),
  /** Element-wise maximum over the non-padding tokens: "does any token have this property". */
  MAX("max");

  private final String id;

  Pooling(String id) {
    this.id = id;
  }

  /** The lower-case name used in options and manifests. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code mean}, {@code sum}, {@code sqrtn} or {@code max} (case-insensitive).
   *
   * @throws InvalidInputException naming the accepted values
   */
  public static Pooling parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (Pooling p : values()) {
        if (p.id.equals(v)) {
          return p;
        }
      }
    }
    throw new InvalidInputException(
        "unknown pooling '"
            + value
            + "': expected one of "
            + Arrays.stream(values()).map(Pooling::id).collect(Collectors.joining(", ")));
  }
}
