package io.deepscore.model.xgboost;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import java.util.Arrays;

/**
 * How encoded rows become XGBoost's sparse feature vectors: one column per (field, token id), the
 * value being how often the token occurs in the row's field (1 for a single-valued field).
 *
 * <p>Column of token {@code id} of field {@code f} = {@code offset(f) + id}, where {@code
 * offset(f)} is the sum of the vocabulary sizes of the fields before {@code f} (spec order). Ids
 * {@value Vocabulary#PAD_ID} (padding) and {@value Vocabulary#OOV_ID} (out of vocabulary) are never
 * emitted, so their columns stay empty: an unknown token carries no signal, exactly like an absent
 * one. Absent tokens are <em>missing</em> entries for XGBoost (not zeros), in training and scoring
 * alike.
 *
 * <p>Immutable and thread-safe; the conversion methods allocate their output.
 */
public final class MultiHotLayout {

  private final int[] maxLengths;
  private final int[] vocabSizes;
  private final int[] offsets;
  private final int columnCount;
  private final int rowWidth;

  private MultiHotLayout(int[] maxLengths, int[] vocabSizes) {
    this.maxLengths = maxLengths;
    this.vocabSizes = vocabSizes;
    this.offsets = new int[vocabSizes.length];
    long total = 0;
    int width = 0;
    for (int f = 0; f < vocabSizes.length; f++) {
      offsets[f] = (int) total;
      total += vocabSizes[f];
      width += maxLengths[f];
    }
    if (total > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          "the vocabularies have " + total + " ids in all; XGBoost columns are int-indexed");
    }
    this.columnCount = (int) total;
    this.rowWidth = width;
  }

  /**
   * @param maxLengths per field (spec order) the fixed row length, each &gt; 0
   * @param vocabSizes per field the vocabulary size (reserved ids included), each &gt;= 2
   */
  public static MultiHotLayout of(int[] maxLengths, long[] vocabSizes) {
    if (maxLengths.length != vocabSizes.length || maxLengths.length == 0) {
      throw new InvalidInputException(
          "need one vocabulary size per field: "
              + maxLengths.length
              + " max lengths, "
              + vocabSizes.length
              + " vocabulary sizes");
    }
    int[] sizes = new int[vocabSizes.length];
    for (int f = 0; f < sizes.length; f++) {
      if (maxLengths[f] <= 0) {
        throw new InvalidInputException("field " + f + ": max length must be > 0");
      }
      if (vocabSizes[f] < Vocabulary.RESERVED || vocabSizes[f] > Integer.MAX_VALUE) {
        throw new InvalidInputException(
            "field " + f + ": vocabulary size " + vocabSizes[f] + " is out of range");
      }
      sizes[f] = (int) vocabSizes[f];
    }
    return new MultiHotLayout(maxLengths.clone(), sizes);
  }

  /** Number of feature columns: the sum of the vocabulary sizes. */
  public int columnCount() {
    return columnCount;
  }

  /** Per field the vocabulary size (a copy). */
  public long[] vocabSizes() {
    return java.util.Arrays.stream(vocabSizes).asLongStream().toArray();
  }

  /** Number of fields. */
  public int fieldCount() {
    return maxLengths.length;
  }

  /** Per field the fixed row length (a copy). */
  public int[] maxLengths() {
    return maxLengths.clone();
  }

  /** The first column of field {@code f}. */
  public int offset(int f) {
    return offsets[f];
  }

  /** The column of token {@code id} of field {@code f}. */
  public int column(int f, int id) {
    return offsets[f] + id;
  }

  /** The first {@code batch.size()} rows of an encoded batch. */
  public CsrRows csr(EncodedBatch batch) {
    return csr(batch, null);
  }

  /**
   * The first {@code batch.size()} rows of an encoded batch, each column {@code c} written as
   * {@code columnMap[c]} and dropped where that is negative ({@code null}: every column as it is).
   * The map must keep the order of the columns it keeps.
   */
  CsrRows csr(EncodedBatch batch, int[] columnMap) {
    if (batch.fieldCount() != maxLengths.length) {
      throw new InvalidInputException(
          "the batch has " + batch.fieldCount() + " fields, the model " + maxLengths.length);
    }
    int[][] buffers = new int[maxLengths.length][];
    for (int f = 0; f < buffers.length; f++) {
      if (batch.maxLength(f) != maxLengths[f]) {
        throw new InvalidInputException(
            "field "
                + f
                + " of the batch has max length "
                + batch.maxLength(f)
                + ", the model "
                + maxLengths[f]
                + ": encode with the bundle's own spec");
      }
      buffers[f] = batch.field(f);
    }
    return csr(batch.size(), buffers, columnMap);
  }

  /** All rows of a dataset. */
  public CsrRows csr(EncodedDataset data) {
    if (!Arrays.equals(data.maxLengths(), maxLengths)) {
      throw new InvalidInputException(
          "the dataset's max lengths "
              + Arrays.toString(data.maxLengths())
              + " differ from the layout's "
              + Arrays.toString(maxLengths));
    }
    int[][] buffers = new int[maxLengths.length][];
    for (int f = 0; f < buffers.length; f++) {
      buffers[f] = data.field(f);
    }
    return csr(data.rows(), buffers);
  }

  /**
   * Rows {@code [0, rows)} of row-major per-field id buffers ({@code buffers[f]} holds at least
   * {@code rows * maxLength(f)} ids).
   *
   * @throws InvalidInputException naming the field, row and id when an id is negative or not below
   *     the field's vocabulary size
   */
  public CsrRows csr(int rows, int[][] buffers) {
    return csr(rows, buffers, null);
  }

  private CsrRows csr(int rows, int[][] buffers, int[] columnMap) {
    long[] headers = new long[rows + 1];
    // Upper bound on entries; trimmed at the end.
    int[] columns = new int[Math.max(1, rows * rowWidth)];
    float[] values = new float[columns.length];
    int[] scratch = new int[rowWidth];
    int n = 0;
    for (int r = 0; r < rows; r++) {
      int k = 0;
      for (int f = 0; f < buffers.length; f++) {
        int len = maxLengths[f];
        int base = r * len;
        int[] src = buffers[f];
        for (int j = 0; j < len; j++) {
          int id = src[base + j];
          if (id == Vocabulary.PAD_ID || id == Vocabulary.OOV_ID) {
            continue;
          }
          if (id < 0 || id >= vocabSizes[f]) {
            throw new InvalidInputException(
                "field "
                    + f
                    + ", row "
                    + r
                    + ": token id "
                    + id
                    + " is outside the vocabulary of "
                    + vocabSizes[f]
                    + " ids (rows encoded with another vocabulary?)");
          }
          int column = offsets[f] + id;
          if (columnMap != null) {
            column = columnMap[column];
            if (column < 0) {
              continue;
            }
          }
          scratch[k++] = column;
        }
      }
      // Sorted columns, repeated tokens merged into a count.
      Arrays.sort(scratch, 0, k);
      for (int i = 0; i < k; i++) {
        if (i > 0 && scratch[i] == scratch[i - 1]) {
          values[n - 1] += 1f;
        } else {
          columns[n] = scratch[i];
          values[n] = 1f;
          n++;
        }
      }
      headers[r + 1] = n;
    }
    return new CsrRows(headers, Arrays.copyOf(columns, n), Arrays.copyOf(values, n), rows);
  }

  @Override
  public String toString() {
    return "MultiHotLayout[fields="
        + maxLengths.length
        + ", columns="
        + columnCount
        + ", offsets="
        + Arrays.toString(offsets)
        + "]";
  }
}
