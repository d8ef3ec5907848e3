package io.deepscore.features;

/**
 * A token and how many times it occurred. Used to hand distributed counts to {@link
 * Vocabulary#fromTopCounts}.
 *
 * @param token non-empty
 * @param count at least 1
 */
public record TokenCount(String token, long count) {
  public TokenCount {
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("token must not be null or empty");
    }
    if (count < 1) {
      throw new IllegalArgumentException("count of '" + token + "' must be >= 1, was " + count);
    }
  }

  /**
   * The vocabulary order: descending count, then ascending token ({@link String#compareTo}). Ids
   * are assigned in this order, so the same data always yields the same ids.
   */
  static int compareForVocabulary(String t1, long c1, String t2, long c2) {
    int byCount = Long.compare(c2, c1);
    return byCount != 0 ? byCount : t1.compareTo(t2);
  }
}
