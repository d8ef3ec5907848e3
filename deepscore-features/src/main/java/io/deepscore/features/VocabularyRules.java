package io.deepscore.features;

import java.util.ArrayList;
import java.util.List;

/**
 * The one validation of each {@link Vocabulary} origin, and the factories that run it: counted (ids
 * by descending count, reserved ids 0 and 1) and imported (ids exactly as the table gave them).
 */
final class VocabularyRules {

  private VocabularyRules() {}

  /**
   * A counted vocabulary from its kept tokens in id order (ids start at {@link
   * Vocabulary#RESERVED}); the one validation of the counted rules.
   */
  static Vocabulary counted(
      String field,
      int minCount,
      int maxSize,
      long distinctSeen,
      long totalOccurrences,
      String[] kept,
      long[] keptCounts) {
    checkFieldName(field);
    String of = Vocabulary.of(field);
    if (minCount < 1) {
      throw new VocabularyException(of + "min_count " + minCount + " must be >= 1");
    }
    if (maxSize < 1 || maxSize > FieldSpec.MAX_SIZE_LIMIT) {
      throw new VocabularyException(
          of + "max_size " + maxSize + " is out of range [1, " + FieldSpec.MAX_SIZE_LIMIT + "]");
    }
    if (kept.length > maxSize) {
      throw new VocabularyException(
          of + "has " + kept.length + " tokens, more than max_size " + maxSize,
          maxSize + Vocabulary.RESERVED,
          null);
    }
    if (distinctSeen < kept.length) {
      throw new VocabularyException(
          of
              + "distinct_seen "
              + distinctSeen
              + " is less than the "
              + kept.length
              + " kept tokens");
    }
    long sum = 0;
    for (int i = 0; i < kept.length; i++) {
      int id = i + Vocabulary.RESERVED;
      String t = kept[i];
      if (t == null || t.isEmpty()) {
        throw new VocabularyException(of + "id " + id + ": token is empty", id, null);
      }
      if (t.equals(Vocabulary.PAD) || t.equals(Vocabulary.OOV)) {
        throw new VocabularyException(
            of + "id " + id + ": reserved token '" + t + "' cannot have a real id", id, null);
      }
      if (keptCounts[i] < minCount) {
        throw new VocabularyException(
            of + "id " + id + ": count " + keptCounts[i] + " is below min_count " + minCount,
            id,
            null);
      }
      if (i > 0
          && TokenCount.compareForVocabulary(kept[i - 1], keptCounts[i - 1], t, keptCounts[i])
              >= 0) {
        throw new VocabularyException(
            of
                + "id "
                + id
                + ": token '"
                + VocabularyFile.escape(t)
                + "' is out of order (ids go by descending count, then ascending token)",
            id,
            null);
      }
      sum += keptCounts[i];
    }
    if (sum > totalOccurrences) {
      throw new VocabularyException(
          of
              + "kept tokens occur "
              + sum
              + " times, more than total_occurrences "
              + totalOccurrences);
    }
    int size = kept.length + Vocabulary.RESERVED;
    String[] tokens = new String[size];
    long[] counts = new long[size];
    tokens[Vocabulary.PAD_ID] = Vocabulary.PAD;
    tokens[Vocabulary.OOV_ID] = Vocabulary.OOV;
    counts[Vocabulary.OOV_ID] = totalOccurrences - sum;
    System.arraycopy(kept, 0, tokens, Vocabulary.RESERVED, kept.length);
    System.arraycopy(keptCounts, 0, counts, Vocabulary.RESERVED, kept.length);
    return new Vocabulary(
        field,
        Vocabulary.Origin.COUNTED,
        Vocabulary.PAD_ID,
        Vocabulary.OOV_ID,
        minCount,
        maxSize,
        new long[] {distinctSeen, totalOccurrences, sum},
        tokens,
        counts,
        null);
  }

  private static void checkFieldName(String field) {
    if (field == null || !FieldSpec.NAME_PATTERN.matcher(field).matches()) {
      throw new VocabularyException(
          "field name '" + field + "' must match " + FieldSpec.NAME_PATTERN.pattern());
    }
  }

  /** See {@link Vocabulary#imported}: the one validation of an imported table. */
  static Vocabulary imported(
      String field, List<String> tokens, long[] counts, int padId, int unknownId, String source) {
    checkFieldName(field);
    String of = Vocabulary.of(field);
    int size = tokens.size();
    if (size < Vocabulary.RESERVED) {
      throw new VocabularyException(
          of + "has " + size + " ids; it needs at least a padding and an unknown id");
    }
    if (padId < 0 || padId >= size || unknownId < 0 || unknownId >= size || padId == unknownId) {
      throw new VocabularyException(
          of
              + "padding id "
              + padId
              + " and unknown id "
              + unknownId
              + " must be two different ids in [0, "
              + size
              + ")");
    }
    if (counts != null && counts.length != size) {
      throw new VocabularyException(of + counts.length + " counts for " + size + " tokens");
    }
    String[] t = tokens.toArray(new String[0]);
    long[] c = new long[size];
    for (int id = 0; id < size; id++) {
      boolean reserved = id == padId || id == unknownId;
      if (t[id] == null || (!reserved && t[id].isEmpty())) {
        throw new VocabularyException(of + "id " + id + ": token is empty", id, null);
      }
      c[id] = counts == null ? Vocabulary.UNKNOWN_COUNT : counts[id];
      if (c[id] < Vocabulary.UNKNOWN_COUNT) {
        throw new VocabularyException(
            of + "id " + id + ": count " + c[id] + " is negative", id, null);
      }
    }
    return new Vocabulary(
        field,
        Vocabulary.Origin.IMPORTED,
        padId,
        unknownId,
        0,
        0,
        new long[] {-1, -1, -1},
        t,
        c,
        source == null ? "" : source);
  }

  /** See {@link Vocabulary#fromTopCounts}: the counting rules of {@link VocabularyBuilder}. */
  static Vocabulary fromTopCounts(
      String field,
      List<TokenCount> topCountsAnyOrder,
      int minCount,
      int maxSize,
      long distinctSeen,
      long totalOccurrences) {
    if (topCountsAnyOrder == null) {
      throw new VocabularyException("topCountsAnyOrder must not be null");
    }
    if (topCountsAnyOrder.size() > distinctSeen) {
      throw new VocabularyException(
          Vocabulary.of(field)
              + topCountsAnyOrder.size()
              + " token counts given but distinct_seen is only "
              + distinctSeen);
    }
    List<TokenCount> candidates = new ArrayList<>();
    long sum = 0;
    for (TokenCount tc : topCountsAnyOrder) {
      if (tc == null) {
        throw new VocabularyException(Vocabulary.of(field) + "null token count");
      }
      sum += tc.count();
      if (tc.count() >= minCount
          && !tc.token().equals(Vocabulary.PAD)
          && !tc.token().equals(Vocabulary.OOV)) {
        candidates.add(tc);
      }
    }
    if (sum > totalOccurrences) {
      throw new VocabularyException(
          Vocabulary.of(field)
              + "the given counts sum to "
              + sum
              + ", more than total_occurrences "
              + totalOccurrences);
    }
    candidates.sort(
        (a, b) -> TokenCount.compareForVocabulary(a.token(), a.count(), b.token(), b.count()));
    int n = Math.min(candidates.size(), Math.max(maxSize, 0));
    String[] kept = new String[n];
    long[] keptCounts = new long[n];
    for (int i = 0; i < n; i++) {
      kept[i] = candidates.get(i).token();
      keptCounts[i] = candidates.get(i).count();
    }
    return counted(field, minCount, maxSize, distinctSeen, totalOccurrences, kept, keptCounts);
  }
}
