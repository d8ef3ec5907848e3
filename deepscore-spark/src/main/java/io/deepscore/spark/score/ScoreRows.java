package io.deepscore.spark.score;

import io.deepscore.features.EncodedBatch;
import io.deepscore.spark.io.TaggedRows;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.RowWriter;
import io.deepscore.spark.partition.TaggedWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The tagged rows of {@link ScoreJob} ({@link TaggedRows}): id, score, model_version, the
 * pass-through columns and the audience flag for a scored row; the rejects columns for a rejected
 * one; the null flags of the input row for both. Immutable; travels in the task closure.
 */
final class ScoreRows implements RowWriter.Factory {
  private static final long serialVersionUID = 1L;

  private final TaggedRows tagged;
  private final RawRowLayout layout;
  private final String modelVersion;
  private final int[] passIndex;
  private final DataType[] passTypes;
  private final boolean audience;
  private final float threshold;

  ScoreRows(
      TaggedRows tagged,
      RawRowLayout layout,
      String modelVersion,
      int[] passIndex,
      DataType[] passTypes,
      boolean audience,
      float threshold) {
    this.tagged = tagged;
    this.layout = layout;
    this.modelVersion = modelVersion;
    this.passIndex = passIndex;
    this.passTypes = passTypes;
    this.audience = audience;
    this.threshold = threshold;
  }

  @Override
  public RowWriter open(int capacity) {
    return new Writer(capacity);
  }

  private final class Writer extends TaggedWriter {
    private final UTF8String version = UTF8String.fromString(modelVersion);
    private final UTF8String[] ids;
    private final InternalRow[] kept;

    Writer(int capacity) {
      super(tagged, layout, capacity);
      ids = new UTF8String[capacity];
      kept = new InternalRow[capacity];
    }

    @Override
    protected void keepOutput(InternalRow input, int slot) {
      ids[slot] = layout.id(input).clone();
      if (passIndex.length > 0) {
        kept[slot] = input.copy();
      }
    }

    @Override
    protected void writeOutput(Object[] out, int slot, EncodedBatch batch, float score) {
      int c = 0;
      out[c++] = ids[slot];
      out[c++] = score;
      out[c++] = version;
      for (int k = 0; k < passIndex.length; k++) {
        InternalRow in = kept[slot];
        out[c++] = in.isNullAt(passIndex[k]) ? null : in.get(passIndex[k], passTypes[k]);
      }
      if (audience) {
        // compared as float: the score is a float, so the same rows pass in any reader
        out[c] = score >= threshold;
      }
    }
  }
}
