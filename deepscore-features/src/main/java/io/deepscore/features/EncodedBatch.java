package io.deepscore.features;

import java.util.Arrays;

/**
 * A reusable batch of encoded rows: per field one row-major {@code int[capacity * maxLength]}
 * buffer of token ids. Rows {@code [0, size())} are valid; the content of later rows is
 * unspecified. Filled by {@link Encoder#encodeRow}; {@link #clear()} it after handing it to the
 * model.
 *
 * <p>Also keeps per-field counters (rows truncated, OOV tokens, tokens) over all rows appended
 * since creation or {@link #resetCounters()}; {@link #clear()} does not reset them.
 *
 * <p>Not thread-safe: one batch per task thread.
 */
public final class EncodedBatch {
  private final int[] maxLengths;
  private final int capacity;
  private final int[][] ids;
  private final long[] truncatedRows;
  private final long[] oovTokens;
  private final long[] tokens;
  private int size;

  /**
   * @param maxLengths per field, the number of ids per row (each >= 1)
   * @param capacity maximum number of rows (>= 1)
   */
  public EncodedBatch(int[] maxLengths, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    if (maxLengths.length == 0) {
      throw new IllegalArgumentException("a batch needs at least one field");
    }
    this.maxLengths = maxLengths.clone();
    this.capacity = capacity;
    this.ids = new int[maxLengths.length][];
    for (int f = 0; f < maxLengths.length; f++) {
      if (maxLengths[f] < 1) {
        throw new IllegalArgumentException(
            "maxLengths[" + f + "] must be >= 1, was " + maxLengths[f]);
      }
      long cells = (long) capacity * maxLengths[f];
      if (cells > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "capacity " + capacity + " x maxLength " + maxLengths[f] + " does not fit one array");
      }
      ids[f] = new int[(int) cells];
    }
    this.truncatedRows = new long[maxLengths.length];
    this.oovTokens = new long[maxLengths.length];
    this.tokens = new long[maxLengths.length];
  }

  /** Number of rows appended since the last {@link #clear()}. */
  public int size() {
    return size;
  }

  public int capacity() {
    return capacity;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public boolean isFull() {
    return size == capacity;
  }

  /** Forgets the rows (buffers are reused, counters are kept). */
  public void clear() {
    size = 0;
  }

  /**
   * Forgets the last row appended, e.g. when the same input row could not be encoded for another
   * batch it must stay aligned with. The counters keep the row.
   *
   * @throws IllegalStateException if the batch is empty
   */
  public void dropLast() {
    if (size == 0) {
      throw new IllegalStateException("the batch is empty: no row to drop");
    }
    size--;
  }

  public int fieldCount() {
    return maxLengths.length;
  }

  public int maxLength(int field) {
    return maxLengths[field];
  }

  /**
   * The live buffer of {@code field}: row {@code r} is at {@code [r * maxLength, (r + 1) *
   * maxLength)}; only rows below {@link #size()} are meaningful. Not a copy: read it before the
   * next {@link #clear()}.
   */
  public int[] field(int field) {
    return ids[field];
  }

  /** The id at position {@code pos} of row {@code row} of {@code field}. */
  public int id(int field, int row, int pos) {
    if (row < 0 || row >= size || pos < 0 || pos >= maxLengths[field]) {
      throw new IndexOutOfBoundsException(
          "row " + row + " pos " + pos + " outside size " + size + " x " + maxLengths[field]);
    }
    return ids[field][row * maxLengths[field] + pos];
  }

  /** Rows of {@code field} that had more tokens than max_length and were truncated. */
  public long truncatedRows(int field) {
    return truncatedRows[field];
  }

  /** Tokens of {@code field} not in the vocabulary (encoded as OOV), before truncation. */
  public long oovTokens(int field) {
    return oovTokens[field];
  }

  /** Tokens of {@code field} produced by analysis, before truncation. */
  public long tokens(int field) {
    return tokens[field];
  }

  public void resetCounters() {
    Arrays.fill(truncatedRows, 0);
    Arrays.fill(oovTokens, 0);
    Arrays.fill(tokens, 0);
  }

  /**
   * Appends one row that is already encoded (e.g. read back from a featurized dataset), one array
   * of exactly {@code maxLength(f)} ids per field. Counters are not touched: they describe
   * encoding, which happened elsewhere.
   *
   * @throws IllegalStateException if the batch is full
   * @throws IllegalArgumentException if a field's array has the wrong length or an id is negative
   */
  public void appendEncoded(int[]... idsByField) {
    if (isFull()) {
      throw new IllegalStateException("batch is full (capacity " + capacity + ")");
    }
    if (idsByField.length != maxLengths.length) {
      throw new IllegalArgumentException(
          "expected " + maxLengths.length + " fields, got " + idsByField.length);
    }
    for (int f = 0; f < maxLengths.length; f++) {
      if (idsByField[f].length != maxLengths[f]) {
        throw new IllegalArgumentException(
            "field "
                + f
                + ": expected "
                + maxLengths[f]
                + " ids (its max_length), got "
                + idsByField[f].length);
      }
      for (int id : idsByField[f]) {
        if (id < 0) {
          throw new IllegalArgumentException("field " + f + ": negative id " + id);
        }
      }
    }
    for (int f = 0; f < maxLengths.length; f++) {
      System.arraycopy(idsByField[f], 0, ids[f], size * maxLengths[f], maxLengths[f]);
    }
    size++;
  }

  boolean hasShape(int[] expectedMaxLengths) {
    return Arrays.equals(maxLengths, expectedMaxLengths);
  }

  /** Commits the row being written at index {@link #size()}. */
  void commitRow(boolean[] rowTruncated, int[] rowOov, int[] rowTokens) {
    for (int f = 0; f < maxLengths.length; f++) {
      if (rowTruncated[f]) {
        truncatedRows[f]++;
      }
      oovTokens[f] += rowOov[f];
      tokens[f] += rowTokens[f];
    }
    size++;
  }
}
