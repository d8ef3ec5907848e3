package io.deepscore.features;

import java.nio.charset.StandardCharsets;

/**
 * An open-addressing hash table from a token's bytes to its id, over the ASCII tokens of a
 * vocabulary: the ASCII fast path of {@link Utf8Analyzer} looks pieces of a byte buffer up without
 * building a {@link String}. Only ASCII tokens are indexed because only ASCII pieces are looked up
 * (a non-ASCII value takes the exact {@link String} path), so a byte match is a token match.
 * Immutable once built; thread-safe.
 */
final class ByteTokenIndex {
  /*
   * One int[] of 4-int slots {hash, start in pool, length, id}, empty when start is -1: a probe
   * reads one cache line, and a slot whose hash or length differs is passed over without touching
   * the pool. On the scoring pass a lookup is mostly cache misses (tens of thousands of tokens,
   * random order), so a probe costs what it touches: one slot line and, on a hash match, the
   * token's bytes. Load factor at most 1/2.
   */
  private static final int HASH = 0;
  private static final int START = 1;
  private static final int LENGTH = 2;
  private static final int ID = 3;
  private static final int SLOT = 4;

  private final byte[] pool;
  private final int[] slots;
  private final int mask;
  private final int shift;

  /** Indexes the ASCII tokens of {@code vocabulary}, its reserved ids excepted. */
  ByteTokenIndex(Vocabulary vocabulary) {
    int n = vocabulary.size();
    int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    slots = new int[capacity * SLOT];
    for (int i = 0; i < capacity; i++) {
      slots[i * SLOT + START] = -1;
    }
    mask = capacity - 1;
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    byte[][] bytes = new byte[n][];
    int total = 0;
    for (int id = 0; id < n; id++) {
      String t = vocabulary.token(id);
      if (id != vocabulary.padId() && id != vocabulary.unknownId() && isAscii(t)) {
        bytes[id] = t.getBytes(StandardCharsets.US_ASCII);
        total += bytes[id].length;
      }
    }
    pool = new byte[total];
    int at = 0;
    for (int id = 0; id < n; id++) {
      byte[] b = bytes[id];
      if (b == null) {
        continue;
      }
      System.arraycopy(b, 0, pool, at, b.length);
      int h = hash(pool, at, b.length);
      int i = slot(h); // tokens are unique (the vocabulary checked it)
      while (slots[i * SLOT + START] >= 0) {
        i = (i + 1) & mask;
      }
      int s = i * SLOT;
      slots[s + HASH] = h;
      slots[s + START] = at;
      slots[s + LENGTH] = b.length;
      slots[s + ID] = id;
      at += b.length;
    }
  }

  /** The id of the token spelled by {@code b[from, to)}, or {@code absent}. Allocation-free. */
  int get(byte[] b, int from, int to, int absent) {
    int len = to - from;
    int h = hash(b, from, len);
    int i = slot(h);
    int s;
    int start;
    while ((start = slots[(s = i * SLOT) + START]) >= 0) {
      if (slots[s + HASH] == h && slots[s + LENGTH] == len && sameBytes(start, b, from, len)) {
        return slots[s + ID];
      }
      i = (i + 1) & mask;
    }
    return absent;
  }

  /** Tokens are short (a few to a few dozen bytes): a plain loop, no range checks to pay for. */
  private boolean sameBytes(int start, byte[] b, int from, int len) {
    for (int k = 0; k < len; k++) {
      if (pool[start + k] != b[from + k]) {
        return false;
      }
    }
    return true;
  }

  /** {@link String#hashCode}'s polynomial over ASCII bytes. */
  private static int hash(byte[] b, int from, int len) {
    int h = 0;
    for (int k = from, end = from + len; k < end; k++) {
      h = 31 * h + b[k];
    }
    return h;
  }

  private int slot(int hash) {
    return (hash * 0x9E3779B9) >>> shift;
  }

  static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
