package io.deepscore.features;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An open-addressing hash table from a token's bytes to its id, over the ASCII tokens of a
 * vocabulary: the ASCII fast path of {@link Utf8Analyzer} looks pieces of a byte buffer up without
 * building a {@link String}. Only ASCII tokens are indexed because only ASCII pieces are looked up
 * (a non-ASCII value takes the exact {@link String} path), so a byte match is a token match.
 * Immutable once built; thread-safe.
 */
final class ByteTokenIndex {
  private final byte[] pool;
  private final int[] slotStart;
  private final int[] slotLength;
  private final int[] slotId;
  private final int mask;
  private final int shift;

  /** Indexes the ASCII tokens of {@code vocabulary}, its reserved ids excepted. */
  ByteTokenIndex(Vocabulary vocabulary) {
    int n = vocabulary.size();
    int capacity = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
    slotStart = new int[capacity];
    slotLength = new int[capacity];
    slotId = new int[capacity];
    Arrays.fill(slotStart, -1);
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
      int i = slot(pool, at, b.length); // tokens are unique (the vocabulary checked it)
      while (slotStart[i] >= 0) {
        i = (i + 1) & mask;
      }
      slotStart[i] = at;
      slotLength[i] = b.length;
      slotId[i] = id;
      at += b.length;
    }
  }

  /** The id of the token spelled by {@code b[from, to)}, or {@code absent}. Allocation-free. */
  int get(byte[] b, int from, int to, int absent) {
    int len = to - from;
    int i = slot(b, from, len);
    int start;
    while ((start = slotStart[i]) >= 0) {
      if (slotLength[i] == len && Arrays.equals(pool, start, start + len, b, from, to)) {
        return slotId[i];
      }
      i = (i + 1) & mask;
    }
    return absent;
  }

  private int slot(byte[] b, int from, int len) {
    int h = 0;
    for (int k = from, end = from + len; k < end; k++) {
      h = 31 * h + b[k]; // String.hashCode's polynomial over ASCII
    }
    return (h * 0x9E3779B9) >>> shift;
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
