package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.hash.Sha256;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

/**
 * Encoded rows held in memory: per field a row-major {@code int[rows * maxLength(f)]} of token ids
 * (0 = padding, 1 = out of vocabulary) and one 0/1 label per row.
 *
 * <p>Immutable: accessors return copies; the fast paths ({@link #copyRowsAsLong}) read the internal
 * arrays directly. Build one with {@link #builder(int[])} (the Spark layer fills it from featurized
 * Parquet) or {@link #of}. Thread-safe because immutable.
 */
public final class EncodedDataset {

  private final int rows;
  private final int[] maxLengths;
  private final int[][] fields;
  private final int[] labels;

  private EncodedDataset(int rows, int[] maxLengths, int[][] fields, int[] labels) {
    this.rows = rows;
    this.maxLengths = maxLengths;
    this.fields = fields;
    this.labels = labels;
  }

  /**
   * Wraps copies of the given arrays after validating their sizes and values.
   *
   * @param maxLengths per field the fixed row length
   * @param fields per field a row-major {@code int[rows * maxLengths[f]]}, ids &gt;= 0
   * @param labels per row 0 or 1
   * @throws InvalidInputException naming the field or row that does not fit
   */
  public static EncodedDataset of(int[] maxLengths, int[][] fields, int[] labels) {
    Objects.requireNonNull(maxLengths, "maxLengths");
    if (fields.length != maxLengths.length) {
      throw new InvalidInputException(
          "got " + fields.length + " field arrays for " + maxLengths.length + " max lengths");
    }
    int rows = labels.length;
    int[][] copy = new int[fields.length][];
    for (int f = 0; f < fields.length; f++) {
      if (maxLengths[f] <= 0) {
        throw new InvalidInputException("field " + f + ": max length must be > 0");
      }
      if ((long) rows * maxLengths[f] != fields[f].length) {
        throw new InvalidInputException(
            "field "
                + f
                + ": expected rows * maxLength = "
                + rows
                + " * "
                + maxLengths[f]
                + " ids, got "
                + fields[f].length);
      }
      for (int i = 0; i < fields[f].length; i++) {
        if (fields[f][i] < 0) {
          throw new InvalidInputException(
              "field " + f + ", row " + i / maxLengths[f] + ": negative token id " + fields[f][i]);
        }
      }
      copy[f] = fields[f].clone();
    }
    for (int r = 0; r < rows; r++) {
      checkLabel(r, labels[r]);
    }
    return new EncodedDataset(rows, maxLengths.clone(), copy, labels.clone());
  }

  private static void checkLabel(int row, int label) {
    if (label != 0 && label != 1) {
      throw new InvalidInputException("row " + row + ": label must be 0 or 1, got " + label);
    }
  }

  /** A growable builder for datasets whose fields have the given fixed lengths. */
  public static Builder builder(int[] maxLengths) {
    return new Builder(maxLengths);
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of fields. */
  public int fieldCount() {
    return maxLengths.length;
  }

  /** Per field the fixed row length (a copy). */
  public int[] maxLengths() {
    return maxLengths.clone();
  }

  /** The fixed row length of field {@code f}. */
  public int maxLength(int f) {
    return maxLengths[f];
  }

  /** A copy of field {@code f}: row-major {@code int[rows * maxLength(f)]}. */
  public int[] field(int f) {
    return fields[f].clone();
  }

  /** A copy of the labels, one 0/1 per row. */
  public int[] labels() {
    return labels.clone();
  }

  /** The label of one row. */
  public int label(int row) {
    return labels[row];
  }

  /** Number of rows labelled 1. */
  public int positives() {
    int n = 0;
    for (int l : labels) {
      n += l;
    }
    return n;
  }

  /** Rows {@code [from, to)} as a new dataset. */
  public EncodedDataset slice(int from, int to) {
    Objects.checkFromToIndex(from, to, rows);
    int[] idx = new int[to - from];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = from + i;
    }
    return select(idx);
  }

  /** The given rows, in the given order, as a new dataset. */
  public EncodedDataset select(int[] rowIndices) {
    int[][] out = new int[fields.length][];
    for (int f = 0; f < fields.length; f++) {
      int len = maxLengths[f];
      out[f] = new int[rowIndices.length * len];
      for (int i = 0; i < rowIndices.length; i++) {
        System.arraycopy(fields[f], rowIndices[i] * len, out[f], i * len, len);
      }
    }
    int[] l = new int[rowIndices.length];
    for (int i = 0; i < rowIndices.length; i++) {
      l[i] = labels[rowIndices[i]];
    }
    return new EncodedDataset(rowIndices.length, maxLengths, out, l);
  }

  /**
   * Splits the rows at random into {@code [train, valid]}: a seeded shuffle, then the first {@code
   * round(rows * validFraction)} shuffled rows are the validation set.
   */
  public EncodedDataset[] split(double validFraction, long seed) {
    if (!(validFraction > 0 && validFraction < 1)) {
      throw new InvalidInputException("validFraction must be in (0, 1), got " + validFraction);
    }
    int[] perm = shuffledOrder(new Random(seed));
    int nValid = (int) Math.round(rows * validFraction);
    return new EncodedDataset[] {
      select(Arrays.copyOfRange(perm, nValid, rows)), select(Arrays.copyOf(perm, nValid))
    };
  }

  /** A uniformly random permutation of {@code 0..rows-1} drawn from {@code rng} (Fisher-Yates). */
  public int[] shuffledOrder(Random rng) {
    int[] perm = new int[rows];
    for (int i = 0; i < rows; i++) {
      perm[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  /**
   * Writes field {@code f} of the rows {@code order[from..to)} as int64 into {@code dst} starting
   * at its position (row-major {@code (to - from) * maxLength(f)} values); used to fill reusable
   * direct buffers for mini-batches.
   */
  public void copyRowsAsLong(int f, int[] order, int from, int to, LongBuffer dst) {
    int len = maxLengths[f];
    int[] src = fields[f];
    // widened in a heap array, then one bulk put per row: a put per value on a direct buffer's
    // view costs a bounds and scope check each (it was 13% of a training step's samples)
    long[] row = new long[len];
    for (int i = from; i < to; i++) {
      int base = order[i] * len;
      for (int j = 0; j < len; j++) {
        row[j] = src[base + j];
      }
      dst.put(row, 0, len);
    }
  }

  /** Writes the labels of rows {@code order[from..to)} as floats into {@code dst}. */
  public void copyLabels(int[] order, int from, int to, float[] dst) {
    for (int i = from; i < to; i++) {
      dst[i - from] = labels[order[i]];
    }
  }

  /**
   * A content hash of the rows in order: hex SHA-256 over the max lengths, then per field every
   * token id, then every label. Equal datasets (same rows, same order) have equal hashes; a
   * training run records it so a re-training can tell whether it saw the same data.
   */
  public String sha256() {
    Sha256 d = Sha256.newDigest().update(rows).update(maxLengths);
    for (int[] field : fields) {
      d.update(field);
    }
    return d.update(labels).hex();
  }

  /** Number of mini-batches of {@code batchSize} rows (the last one may be partial). */
  public int batchCount(int batchSize) {
    return (rows + batchSize - 1) / batchSize;
  }

  @Override
  public String toString() {
    return "EncodedDataset[rows="
        + rows
        + ", maxLengths="
        + Arrays.toString(maxLengths)
        + ", positives="
        + positives()
        + "]";
  }

  /** Appends rows; not thread-safe; {@link #build()} copies, so the builder can be reused. */
  public static final class Builder {
    private final int[] maxLengths;
    private int[][] fields;
    private int[] labels;
    private int rows;

    private Builder(int[] maxLengths) {
      this.maxLengths = maxLengths.clone();
      for (int f = 0; f < maxLengths.length; f++) {
        if (maxLengths[f] <= 0) {
          throw new InvalidInputException("field " + f + ": max length must be > 0");
        }
      }
      fields = new int[maxLengths.length][];
      for (int f = 0; f < maxLengths.length; f++) {
        fields[f] = new int[16 * maxLengths[f]];
      }
      labels = new int[16];
    }

    private void ensure(int extra) {
      int need = rows + extra;
      if (need <= labels.length) {
        return;
      }
      int cap = Math.max(need, labels.length * 2);
      labels = Arrays.copyOf(labels, cap);
      for (int f = 0; f < fields.length; f++) {
        fields[f] = Arrays.copyOf(fields[f], cap * maxLengths[f]);
      }
    }

    /**
     * Appends one row: per field its token ids (at most maxLength; shorter rows are padded with 0).
     */
    public Builder addRow(int label, int[]... tokensByField) {
      if (tokensByField.length != maxLengths.length) {
        throw new InvalidInputException(
            "row "
                + rows
                + ": expected "
                + maxLengths.length
                + " fields, got "
                + tokensByField.length);
      }
      checkLabel(rows, label);
      ensure(1);
      for (int f = 0; f < maxLengths.length; f++) {
        int[] t = tokensByField[f];
        if (t.length > maxLengths[f]) {
          throw new InvalidInputException(
              "row "
                  + rows
                  + ", field "
                  + f
                  + ": "
                  + t.length
                  + " ids > max length "
                  + maxLengths[f]);
        }
        int base = rows * maxLengths[f];
        for (int j = 0; j < t.length; j++) {
          if (t[j] < 0) {
            throw new InvalidInputException(
                "row " + rows + ", field " + f + ": negative token id " + t[j]);
          }
          fields[f][base + j] = t[j];
        }
        Arrays.fill(fields[f], base + t.length, base + maxLengths[f], 0);
      }
      labels[rows++] = label;
      return this;
    }

    /**
     * Appends {@code n} rows from row-major per-field buffers (the layout of an encoded batch:
     * {@code buffers[f]} holds at least {@code n * maxLength(f)} ids) and their labels.
     */
    public Builder addRows(int n, int[][] buffers, int[] batchLabels) {
      if (buffers.length != maxLengths.length) {
        throw new InvalidInputException(
            "expected " + maxLengths.length + " field buffers, got " + buffers.length);
      }
      ensure(n);
      for (int i = 0; i < n; i++) {
        checkLabel(rows + i, batchLabels[i]);
      }
      for (int f = 0; f < maxLengths.length; f++) {
        int len = n * maxLengths[f];
        for (int i = 0; i < len; i++) {
          if (buffers[f][i] < 0) {
            throw new InvalidInputException(
                "row " + (rows + i / maxLengths[f]) + ", field " + f + ": negative token id");
          }
        }
        System.arraycopy(buffers[f], 0, fields[f], rows * maxLengths[f], len);
      }
      System.arraycopy(batchLabels, 0, labels, rows, n);
      rows += n;
      return this;
    }

    /** Rows appended so far. */
    public int rows() {
      return rows;
    }

    /** An immutable dataset of the rows appended so far. */
    public EncodedDataset build() {
      int[][] out = new int[fields.length][];
      for (int f = 0; f < fields.length; f++) {
        out[f] = Arrays.copyOf(fields[f], rows * maxLengths[f]);
      }
      return new EncodedDataset(rows, maxLengths.clone(), out, Arrays.copyOf(labels, rows));
    }
  }
}
