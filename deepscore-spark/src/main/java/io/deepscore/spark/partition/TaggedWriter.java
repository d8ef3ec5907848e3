package io.deepscore.spark.partition;

import io.deepscore.features.EncodedBatch;
import io.deepscore.spark.io.TaggedRows;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;

/**
 * A {@link RowWriter} of {@link TaggedRows}: the job's output columns for an accepted row, the
 * rejects columns for a rejected one, the input row's null flags for both. Subclasses write only
 * their output columns. One output row object, reused.
 */
public abstract class TaggedWriter implements RowWriter {
  private final TaggedRows tagged;
  private final RawRowLayout layout;
  private final boolean[][] nulls;
  private final boolean[] rejectNulls;
  private final Object[] values;
  private final GenericInternalRow row;

  protected TaggedWriter(TaggedRows tagged, RawRowLayout layout, int capacity) {
    this.tagged = tagged;
    this.layout = layout;
    this.nulls = new boolean[capacity][layout.fieldCount()];
    this.rejectNulls = new boolean[layout.fieldCount()];
    this.values = new Object[tagged.width()];
    this.row = new GenericInternalRow(values);
  }

  /** Keeps what {@link #writeOutput} needs of the input row in slot {@code slot}. */
  protected abstract void keepOutput(InternalRow input, int slot);

  /** Writes the output columns of slot {@code slot} into {@code out[0 ..)}. */
  protected abstract void writeOutput(Object[] out, int slot, EncodedBatch batch, float score);

  @Override
  public final void keep(InternalRow input, int slot) {
    layout.nullFlags(input, nulls[slot]);
    keepOutput(input, slot);
  }

  @Override
  public final InternalRow accepted(int slot, EncodedBatch batch, float score) {
    Arrays.fill(values, null);
    writeOutput(values, slot, batch, score);
    flags(nulls[slot]);
    return row;
  }

  @Override
  public final InternalRow accepted(int slot, EncodedBatch[] batches, float[][] scores) {
    Arrays.fill(values, null);
    writeOutputs(values, slot, batches, scores);
    flags(nulls[slot]);
    return row;
  }

  /**
   * Writes the output columns of slot {@code slot} when several groups or models ran; by default
   * those of the first group and model ({@link #writeOutput}).
   */
  protected void writeOutputs(Object[] out, int slot, EncodedBatch[] batches, float[][] scores) {
    writeOutput(out, slot, batches[0], scores[0][slot]);
  }

  @Override
  public final InternalRow rejected(InternalRow input, Reject reject) {
    Arrays.fill(values, null);
    reject.writeTo(values, tagged.rejectsOffset());
    layout.nullFlags(input, rejectNulls);
    flags(rejectNulls);
    return row;
  }

  @Override
  public final void lastRow() {
    writeLast(values); // the values of the row handed out last
  }

  /**
   * Writes what the writer gathered over the partition into the output columns of its last row
   * (accepted or rejected); by default nothing.
   */
  protected void writeLast(Object[] out) {}

  private void flags(boolean[] flags) {
    int at = tagged.nullFlagsOffset();
    for (int f = 0; f < flags.length; f++) {
      values[at + f] = flags[f];
    }
  }
}
