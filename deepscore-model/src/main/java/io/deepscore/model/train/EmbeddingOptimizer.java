package io.deepscore.model.train;

import io.deepscore.errors.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the embedding tables (deep and wide) are updated; every other parameter always gets Adam. See
 * docs/model.md for why it matters: a token seen in few rows must not move as far per step as a
 * frequent one.
 */
public enum EmbeddingOptimizer {
  /** DJL's Adam on whole tables every step (dense gradients; rows of absent tokens drift). */
  ADAM("adam"),
  /** Adam on the rows a batch uses only (TensorFlow's LazyAdam). */
  LAZY_ADAM("lazy-adam"),
  /**
   * AdaGrad on the rows a batch uses, accumulators starting at {@value
   * TableUpdates#ADAGRAD_INITIAL_ACCUMULATOR}: steps proportional to the gradient for rare tokens,
   * shrinking as a token's evidence accumulates (the optimizer of Wide &amp; Deep's deep part).
   */
  ADAGRAD("adagrad");

  private final String id;

  EmbeddingOptimizer(String id) {
    this.id = id;
  }

  /** The lower-case name used in options and provenance. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code adam}, {@code lazy-adam} or {@code adagrad} (case-insensitive).
   *
   * @throws InvalidInputException naming the accepted values
   */
  public static EmbeddingOptimizer parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (EmbeddingOptimizer o : values()) {
        if (o.id.equals(v)) {
          return o;
        }
      }
    }
    throw new InvalidInputException(
        "unknown embedding optimizer '"
            + value
            + "': expected one of "
            + Arrays.stream(values())
                .map(EmbeddingOptimizer::id)
                .collect(Collectors.joining(", ")));
  }
}
