package io.deepscore.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutable token counts for one field; {@link #build} makes the immutable {@link Vocabulary}. Feed
 * it with {@code FieldAnalyzer.analyze(raw, builder::add)} so counting uses the same path as
 * scoring.
 *
 * <p>Not thread-safe: use one per thread (or partition) and {@link #merge} them.
 */
public final class VocabularyBuilder {
  /** A mutable count, so adding a token does not box a Long. */
  private static final class Count {
    long n;
  }

  private final Map<String, Count> counts = new HashMap<>();
  private long total;

  /** Counts one occurrence of {@code token}. */
  public VocabularyBuilder add(String token) {
    return add(token, 1);
  }

  /**
   * Counts {@code count} occurrences of {@code token}.
   *
   * @throws IllegalArgumentException if the token is null or empty or the count is below 1
   */
  public VocabularyBuilder add(String token, long count) {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("token must not be null or empty");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count of '" + token + "' must be >= 1, was " + count);
    }
    counts.computeIfAbsent(token, t -> new Count()).n += count;
    total += count;
    return this;
  }

  /** Adds all counts of {@code other} (left unchanged) to this builder. */
  public VocabularyBuilder merge(VocabularyBuilder other) {
    for (Map.Entry<String, Count> e : other.counts.entrySet()) {
      add(e.getKey(), e.getValue().n);
    }
    return this;
  }

  /** Number of distinct tokens counted so far. */
  public long distinct() {
    return counts.size();
  }

  /** Number of occurrences counted so far. */
  public long totalOccurrences() {
    return total;
  }

  /** The current count of {@code token} (0 if never seen). */
  public long count(String token) {
    Count c = counts.get(token);
    return c == null ? 0 : c.n;
  }

  /**
   * Builds the vocabulary: tokens counted at least {@code minCount} times, at most {@code maxSize}
   * of them, ids by descending count then ascending token.
   */
  public Vocabulary build(String field, int minCount, int maxSize) {
    List<TokenCount> all = new ArrayList<>(counts.size());
    for (Map.Entry<String, Count> e : counts.entrySet()) {
      all.add(new TokenCount(e.getKey(), e.getValue().n));
    }
    return Vocabulary.fromTopCounts(field, all, minCount, maxSize, counts.size(), total);
  }

  /** Builds with the field name, {@code min_count} and {@code max_size} of {@code spec}. */
  public Vocabulary build(FieldSpec spec) {
    return build(spec.name(), spec.minCount(), spec.maxSize());
  }
}
