package io.deepscore.spark.features;

import io.deepscore.features.EncodedBatch;
import io.deepscore.spark.io.TaggedRows;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.RowWriter;
import io.deepscore.spark.partition.TaggedWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The tagged rows of {@link FeaturizeJob} ({@link TaggedRows}): id, the label when the input has
 * one, and one {@code array<int>} of exactly {@code max_length} ids per field, straight from the
 * encoded batch; the rejects columns for a rejected row. Immutable; travels in the task closure.
 */
final class EncodedRows implements RowWriter.Factory {
  private static final long serialVersionUID = 1L;

  private final TaggedRows tagged;
  private final RawRowLayout layout;

  EncodedRows(TaggedRows tagged, RawRowLayout layout) {
    this.tagged = tagged;
    this.layout = layout;
  }

  @Override
  public RowWriter open(int capacity) {
    return new Writer(capacity);
  }

  private final class Writer extends TaggedWriter {
    private final UTF8String[] ids;
    private final int[] labels;

    Writer(int capacity) {
      super(tagged, layout, capacity);
      ids = new UTF8String[capacity];
      labels = new int[capacity];
    }

    @Override
    protected void keepOutput(InternalRow input, int slot) {
      ids[slot] = layout.id(input).clone();
      if (layout.hasLabel()) {
        labels[slot] = layout.label(input); // checked by the pipeline
      }
    }

    @Override
    protected void writeOutput(Object[] out, int slot, EncodedBatch batch, float score) {
      int c = 0;
      out[c++] = ids[slot];
      if (layout.hasLabel()) {
        out[c++] = labels[slot];
      }
      for (int f = 0; f < batch.fieldCount(); f++) {
        int ml = batch.maxLength(f);
        out[c++] =
            UnsafeArrayData.fromPrimitiveArray(
                batch.field(f), Platform.INT_ARRAY_OFFSET + slot * ml * 4, ml, 4);
      }
    }
  }
}
