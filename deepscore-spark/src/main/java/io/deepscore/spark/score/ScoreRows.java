package io.deepscore.spark.score;

import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.features.Reject;
import io.deepscore.spark.io.TaggedRows;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The tagged rows of {@link ScoreJob} ({@link TaggedRows}): id, score, model_version, the
 * pass-through columns and the audience flag for a scored row; the rejects columns for a rejected
 * one; the null flags of the input row for both. Immutable; travels in the task closure.
 */
final class ScoreRows implements ScoringIterator.RowOutput {
  private static final long serialVersionUID = 1L;

  private final TaggedRows tagged;
  private final RawRowLayout layout;
  private final String modelVersion;
  private final int[] passIndex;
  private final boolean audience;
  private final float threshold;

  ScoreRows(
      TaggedRows tagged,
      RawRowLayout layout,
      String modelVersion,
      int[] passIndex,
      boolean audience,
      float threshold) {
    this.tagged = tagged;
    this.layout = layout;
    this.modelVersion = modelVersion;
    this.passIndex = passIndex;
    this.audience = audience;
    this.threshold = threshold;
  }

  @Override
  public Row scored(Row input, String id, float score) {
    Object[] out = new Object[tagged.width()];
    int c = 0;
    out[c++] = id;
    out[c++] = score;
    out[c++] = modelVersion;
    for (int i : passIndex) {
      out[c++] = input.get(i);
    }
    if (audience) {
      // compared as float: the score is a float, so the same rows pass in any reader
      out[c] = score >= threshold;
    }
    layout.nullFlags(input, out, tagged.nullFlagsOffset());
    return RowFactory.create(out);
  }

  @Override
  public Row rejected(Row input, Reject r) {
    Object[] out = new Object[tagged.width()];
    r.writeTo(out, tagged.rejectsOffset());
    layout.nullFlags(input, out, tagged.nullFlagsOffset());
    return RowFactory.create(out);
  }
}
