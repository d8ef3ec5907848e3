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
 * The tagged rows of {@link ScoreJob} ({@link TaggedRows}): for a scored row the id, every model's
 * score, every model's version (bundle id), the pass-through columns and every model's audience
 * flag (one model: id, score, model_version, pass-through, audience); the rejects columns for a
 * rejected one; the null flags of the input row for both. Immutable; travels in the task closure.
 */
final class ScoreRows implements RowWriter.Factory {
  private static final long serialVersionUID = 1L;

  private final TaggedRows tagged;
  private final RawRowLayout layout;
  private final String[] modelVersions;
  private final int[] passIndex;
  private final DataType[] passTypes;
  private final boolean audience;
  private final float[] thresholds;

  /**
   * @param modelVersions per model, its bundle id
   * @param thresholds per model, its audience threshold (ignored without audience)
   */
  ScoreRows(
      TaggedRows tagged,
      RawRowLayout layout,
      String[] modelVersions,
      int[] passIndex,
      DataType[] passTypes,
      boolean audience,
      float[] thresholds) {
    this.tagged = tagged;
    this.layout = layout;
    this.modelVersions = modelVersions.clone();
    this.passIndex = passIndex;
    this.passTypes = passTypes;
    this.audience = audience;
    this.thresholds = thresholds.clone();
  }

  @Override
  public RowWriter open(int capacity) {
    return new Writer(capacity);
  }

  private final class Writer extends TaggedWriter {
    private final UTF8String[] versions = new UTF8String[modelVersions.length];
    private final UTF8String[] ids;
    private final InternalRow[] kept;

    Writer(int capacity) {
      super(tagged, layout, capacity);
      ids = new UTF8String[capacity];
      kept = new InternalRow[capacity];
      for (int m = 0; m < versions.length; m++) {
        versions[m] = UTF8String.fromString(modelVersions[m]);
      }
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
      throw new IllegalStateException("the scoring pipeline hands every model's scores");
    }

    @Override
    protected void writeOutputs(Object[] out, int slot, EncodedBatch[] batches, float[][] scores) {
      int c = 0;
      out[c++] = ids[slot];
      for (int m = 0; m < versions.length; m++) {
        out[c++] = scores[m][slot];
      }
      for (UTF8String v : versions) {
        out[c++] = v;
      }
      for (int k = 0; k < passIndex.length; k++) {
        InternalRow in = kept[slot];
        out[c++] = in.isNullAt(passIndex[k]) ? null : in.get(passIndex[k], passTypes[k]);
      }
      if (audience) {
        for (int m = 0; m < versions.length; m++) {
          // compared as float: the score is a float, so the same rows pass in any reader
          out[c++] = scores[m][slot] >= thresholds[m];
        }
      }
    }
  }
}
