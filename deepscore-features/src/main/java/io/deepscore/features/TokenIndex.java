package io.deepscore.features;

/**
 * An open-addressing hash table token -> id over a vocabulary's tokens: lookups neither allocate
 * nor box. Immutable once built; thread-safe.
 */
final class TokenIndex {
  private final String[] slots;
  private final int[] slotIds;
  private final int mask;
  private final int shift;

  /**
   * Indexes {@code tokens[id]} for every id except {@code skipA} and {@code skipB} (the reserved
   * ids, which data tokens never map to).
   *
   * @param what prefix of the error message, e.g. {@code vocabulary of field 'apps': }
   * @throws VocabularyException naming both ids if a token appears twice
   */
  TokenIndex(String[] tokens, int skipA, int skipB, String what) {
    int capacity = Integer.highestOneBit(Math.max(4, tokens.length * 2 - 1)) << 1;
    this.slots = new String[capacity];
    this.slotIds = new int[capacity];
    this.mask = capacity - 1;
    this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (int id = 0; id < tokens.length; id++) {
      if (id == skipA || id == skipB) {
        continue;
      }
      String t = tokens[id];
      int i = slot(t);
      while (slots[i] != null) {
        if (slots[i].equals(t)) {
          throw new VocabularyException(
              what
                  + "token '"
                  + VocabularyFile.escape(t)
                  + "' appears twice (ids "
                  + slotIds[i]
                  + " and "
                  + id
                  + ")",
              id,
              null);
        }
        i = (i + 1) & mask;
      }
      slots[i] = t;
      slotIds[i] = id;
    }
  }

  /** The id of {@code token}, or {@code absent} when it is not indexed. Allocation-free. */
  int get(String token, int absent) {
    int i = slot(token);
    String s;
    while ((s = slots[i]) != null) {
      if (s == token || s.equals(token)) {
        return slotIds[i];
      }
      i = (i + 1) & mask;
    }
    return absent;
  }

  private int slot(String token) {
    // Fibonacci hashing: spreads String.hashCode (cached by String) over the top bits.
    return (token.hashCode() * 0x9E3779B9) >>> shift;
  }
}
