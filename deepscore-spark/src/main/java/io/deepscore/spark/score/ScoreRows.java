package io.deepscore.spark.score;

import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.spark.io.TaggedRows;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.RowWriter;
import io.deepscore.spark.partition.TaggedWriter;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The tagged rows of {@link ScoreJob} ({@link TaggedRows}): for a scored row the id, every model's
 * score, every model's version (bundle id), the pass-through columns and every model's audience
 * flag (one model: id, score, model_version, pass-through, audience); the rejects columns for a
 * rejected one; the null flags of the input row for both. Immutable; travels in the task closure.
 */
final class ScoreRows implements RowWriter.Factory {
  private static final long serialVersionUID = 1L;

  /** The internal features hash column (not written to the scores). */
  static final String INTERNAL_HASH = "_deepscore_features_hash";

  /** The internal partial profile columns' prefix, then the model index. */
  static final String INTERNAL_PROFILE = "_deepscore_profile_";

  private final TaggedRows tagged;
  private final RawRowLayout layout;
  private final String[] modelVersions;
  private final int[] passIndex;
  private final DataType[] passTypes;
  private final boolean audience;
  private final float[] thresholds;
  private final ModelSet profiled;

  /**
   * @param modelVersions per model, its bundle id
   * @param thresholds per model, its audience threshold (ignored without audience)
   * @param profiled the models, to add the {@link #INTERNAL_HASH} and per model {@link
   *     #INTERNAL_PROFILE} columns after the output columns; null for neither
   */
  ScoreRows(
      TaggedRows tagged,
      RawRowLayout layout,
      String[] modelVersions,
      int[] passIndex,
      DataType[] passTypes,
      boolean audience,
      float[] thresholds,
      ModelSet profiled) {
    this.tagged = tagged;
    this.layout = layout;
    this.modelVersions = modelVersions.clone();
    this.passIndex = passIndex;
    this.passTypes = passTypes;
    this.audience = audience;
    this.thresholds = thresholds.clone();
    this.profiled = profiled;
  }

  /**
   * The tagged rows' output schema: {@code output} and, when profiled, the hash of the first
   * encoder group's encoded features (accepted rows) and per model the partition's partial {@link
   * RunProfile} as JSON (on the partition's last row only).
   */
  static StructType internalSchema(StructType output, ModelSet profiled) {
    if (profiled == null) {
      return output;
    }
    StructType s = output.add(INTERNAL_HASH, DataTypes.LongType, true);
    for (int m = 0; m < profiled.size(); m++) {
      s = s.add(INTERNAL_PROFILE + m, DataTypes.BinaryType, true);
    }
    return s;
  }

  @Override
  public RowWriter open(int capacity) {
    return new Writer(capacity);
  }

  private final class Writer extends TaggedWriter {
    private final UTF8String[] versions = new UTF8String[modelVersions.length];
    private final UTF8String[] ids;
    private final InternalRow[] kept;
    private final Profiles profiles;

    Writer(int capacity) {
      super(tagged, layout, capacity);
      ids = new UTF8String[capacity];
      kept = new InternalRow[capacity];
      for (int m = 0; m < versions.length; m++) {
        versions[m] = UTF8String.fromString(modelVersions[m]);
      }
      profiles = profiled == null ? null : new Profiles(profiled);
    }

    @Override
    public void scored(EncodedBatch[] batches, float[][] scores) {
      if (profiles != null) {
        profiles.add(batches, scores);
      }
    }

    @Override
    protected void writeLast(Object[] out) {
      if (profiles != null) {
        int at = tagged.rejectsOffset() - versions.length; // the profile columns end the output
        for (int m = 0; m < versions.length; m++) {
          out[at + m] = profiles.json(m);
        }
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
      if (profiles != null) {
        out[c] = FeaturePass.hash(batches[0], slot);
      }
    }
  }

  /**
   * One partition's profiles: per encoder group the field statistics of its batches, per model the
   * histogram of its scores.
   */
  private static final class Profiles {
    private final int[] groupOf;
    private final int[][] padIds;
    private final RunProfile[] fields;
    private final RunProfile[] scores;

    Profiles(ModelSet models) {
      LoadedBundle[] loaded = models.load();
      groupOf = new int[models.size()];
      padIds = new int[models.groupCount()][];
      fields = new RunProfile[models.groupCount()];
      scores = new RunProfile[models.size()];
      for (int g = 0; g < fields.length; g++) {
        Encoder encoder = loaded[models.models(g)[0]].encoder();
        padIds[g] = FeaturePass.padIds(encoder);
        fields[g] = new RunProfile(encoder.spec().names());
        for (int m : models.models(g)) {
          groupOf[m] = g;
          scores[m] = new RunProfile(encoder.spec().names());
        }
      }
    }

    void add(EncodedBatch[] batches, float[][] s) {
      for (int g = 0; g < fields.length; g++) {
        fields[g].addBatch(batches[g], padIds[g]);
      }
      int rows = batches[0].size();
      for (int m = 0; m < scores.length; m++) {
        for (int r = 0; r < rows; r++) {
          scores[m].addScore(s[m][r]);
        }
      }
    }

    byte[] json(int model) {
      RunProfile g = fields[groupOf[model]];
      return new RunProfile(g.fields()).merge(g).merge(scores[model]).toJson();
    }
  }
}
