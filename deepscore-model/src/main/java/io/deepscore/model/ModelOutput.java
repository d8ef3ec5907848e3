package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;
import java.util.Locale;

/** What a model's single float32 {@code [B]} output holds. */
public enum ModelOutput {
  /** Probabilities in [0, 1]; returned as they are. */
  PROBABILITY("probability"),
  /** Logits; the scorer applies a sigmoid. */
  LOGIT("logit");

  private final String id;

  ModelOutput(String id) {
    this.id = id;
  }

  /** The manifest name: {@code probability} or {@code logit}. */
  public String id() {
    return id;
  }

  /** Parses {@code probability} or {@code logit}. */
  public static ModelOutput parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (ModelOutput o : values()) {
        if (o.id.equals(v)) {
          return o;
        }
      }
    }
    throw new InvalidInputException(
        "unknown model output '" + value + "': expected probability or logit");
  }
}
