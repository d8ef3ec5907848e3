package io.deepscore.spark.score;

import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.InvalidValueException;
import io.deepscore.spark.partition.RawRowLayout;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One pass over the input with the bundle's encoder and no model: per row that the scoring pass
 * would score (rows it rejects are skipped), its id and the hash of its encoded features; per
 * partition, last, one row with a null id carrying the partition's partial {@link RunProfile} as
 * JSON. The hashes let tomorrow's run reuse a score ({@link Incremental}); the profiles are merged
 * on the driver ({@link RunProfiles}). Lazy: one batch of encoded rows is held. Travels in the task
 * closure.
 */
final class FeaturePass implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  /** The id column of the pass's rows. */
  static final String ID = "id";

  /** The hash column. */
  static final String HASH = "features_hash";

  /** The partial profile column (null on the rows of users). */
  static final String PROFILE = "profile";

  static final StructType SCHEMA =
      DataTypes.createStructType(
          new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField(ID, DataTypes.StringType, true),
            DataTypes.createStructField(HASH, DataTypes.LongType, true),
            DataTypes.createStructField(PROFILE, DataTypes.BinaryType, true)
          });

  private final BundleRef ref;
  private final RawRowLayout layout;
  private final int batchSize;

  FeaturePass(BundleRef ref, RawRowLayout layout, int batchSize) {
    this.ref = ref;
    this.layout = layout;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Encoder encoder = ref.load().encoder();
    return new Iterator<>() {
      private final RunProfile profile = new RunProfile(encoder.spec().names());
      private final int[] padIds = padIds(encoder);
      private final EncodedBatch batch = encoder.newBatch(batchSize);
      private final Object[] values = new Object[layout.fieldCount()];
      private Row next;
      private boolean profileSent;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = advance();
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = next;
        next = null;
        return r;
      }

      private Row advance() {
        while (rows.hasNext()) {
          Row row = rows.next();
          String id = layout.id(row);
          if (layout.corruptRecord(row) != null || id == null) {
            continue;
          }
          if (batch.isFull()) {
            profile.addBatch(batch, padIds);
            batch.clear();
          }
          try {
            encoder.encodeRow(layout.values(row, values), batch);
          } catch (InvalidValueException e) {
            continue;
          }
          return RowFactory.create(id, hash(batch, batch.size() - 1), null);
        }
        if (profileSent) {
          return null;
        }
        profileSent = true;
        profile.addBatch(batch, padIds);
        batch.clear();
        return RowFactory.create(null, null, profile.toJson());
      }
    };
  }

  /** Per field, the vocabulary's padding id. */
  static int[] padIds(Encoder encoder) {
    int[] pads = new int[encoder.fieldCount()];
    for (int f = 0; f < pads.length; f++) {
      pads[f] = encoder.vocabulary(f).padId();
    }
    return pads;
  }

  /**
   * A 64-bit hash of row {@code r}'s ids in every field (field by field, padding included, so the
   * field boundaries count): equal encodings give equal hashes; a collision between two different
   * encodings has probability about 2^-64 per pair.
   */
  static long hash(EncodedBatch batch, int r) {
    long h = 0x9E3779B97F4A7C15L;
    for (int f = 0; f < batch.fieldCount(); f++) {
      int ml = batch.maxLength(f);
      int[] ids = batch.field(f);
      for (int i = r * ml, end = i + ml; i < end; i++) {
        h = mix(h ^ ids[i]);
      }
      h = mix(h ^ (0x100000000L + f));
    }
    return h;
  }

  /** SplitMix64's finalizer: every input bit affects every output bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
