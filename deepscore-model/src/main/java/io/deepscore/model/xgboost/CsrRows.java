package io.deepscore.model.xgboost;

/**
 * Rows of a sparse matrix in compressed sparse row (CSR) layout, as XGBoost's {@code DMatrix} takes
 * them: the non-zero entries of row {@code r} are at {@code [rowHeaders[r], rowHeaders[r + 1])} of
 * {@code columns} and {@code values}, columns increasing within a row.
 *
 * @param rowHeaders {@code rows + 1} offsets, the first 0, the last the number of entries
 * @param columns the column of each entry
 * @param values the value of each entry (a token count, &gt; 0)
 * @param rows number of rows
 */
public record CsrRows(long[] rowHeaders, int[] columns, float[] values, int rows) {

  /** Number of stored (non-missing) entries. */
  public int entries() {
    return (int) rowHeaders[rows];
  }
}
