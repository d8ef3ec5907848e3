package io.deepscore.spark.partition;

import io.deepscore.features.EncodedBatch;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * What one job writes for the rows of the {@link PartitionPipeline}: one writer per partition (not
 * thread-safe), opened from a {@link Factory} that travels in the task closure. Rows handed out may
 * be reused by the next call: Spark copies them into its own format at once.
 */
public interface RowWriter {

  /** Builds a partition's writer; serializable because it travels in the task closure. */
  interface Factory extends Serializable {
    /**
     * @param capacity the batch size: slots are {@code 0 .. capacity-1}
     */
    RowWriter open(int capacity);
  }

  /**
   * The input row was encoded into batch slot {@code slot}: keep what {@link #accepted} will need
   * (copies: the reader reuses the input row after this call).
   */
  void keep(InternalRow input, int slot);

  /**
   * The output row of an encoded (and, with a scorer, scored) row.
   *
   * @param batch the encoded batch; row {@code slot} holds this row's ids
   * @param score the row's score, NaN when the pipeline has no scorer
   */
  InternalRow accepted(int slot, EncodedBatch batch, float score);

  /**
   * The output row of an encoded and scored row when the pipeline runs several encoder groups and
   * models; by default, the first group's batch and the first model's score.
   *
   * @param batches per encoder group, the encoded batch; row {@code slot} holds this row's ids
   * @param scores per model, the batch's scores: {@code scores[m][slot]} is this row's
   */
  default InternalRow accepted(int slot, EncodedBatch[] batches, float[][] scores) {
    return accepted(slot, batches[0], scores[0][slot]);
  }

  /**
   * A batch was scored (every model's scores are in), before its rows are handed out: e.g. to
   * profile it. The batches are cleared after their rows.
   */
  default void scored(EncodedBatch[] batches, float[][] scores) {}

  /**
   * The row this writer handed out last (accepted or rejected, not yet passed on) is the
   * partition's last: a writer may add to it what it gathered over the partition.
   */
  default void lastRow() {}

  /** The output row of a rejected input row (still valid during this call). */
  InternalRow rejected(InternalRow input, Reject reject);
}
