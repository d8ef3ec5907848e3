package io.deepscore.spark.score;

import io.deepscore.eval.drift.RunProfile;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.InvalidValueException;
import io.deepscore.spark.features.RawRowLayout;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * The field half of a {@link RunProfile}, per partition: encodes the rows the scoring pass scored
 * (rows it rejects are skipped: they are counted by reason from the rejects output) with the
 * bundle's encoder and hands back one partial profile, merged on the driver. Reads no scores and
 * loads no scorer. Travels in the task closure.
 */
final class ProfilePartition implements FlatMapFunction<Iterator<Row>, RunProfile> {
  private static final long serialVersionUID = 1L;

  private final BundleRef ref;
  private final RawRowLayout layout;
  private final int batchSize;

  ProfilePartition(BundleRef ref, RawRowLayout layout, int batchSize) {
    this.ref = ref;
    this.layout = layout;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<RunProfile> call(Iterator<Row> rows) {
    Encoder encoder = ref.load().encoder();
    RunProfile profile = new RunProfile(encoder.spec().names());
    int[] padIds = new int[encoder.fieldCount()];
    for (int f = 0; f < padIds.length; f++) {
      padIds[f] = encoder.vocabulary(f).padId();
    }
    EncodedBatch batch = encoder.newBatch(batchSize);
    Object[] values = new Object[layout.fieldCount()];
    while (rows.hasNext()) {
      Row row = rows.next();
      if (layout.corruptRecord(row) != null || layout.id(row) == null) {
        continue;
      }
      try {
        encoder.encodeRow(layout.values(row, values), batch);
      } catch (InvalidValueException e) {
        continue;
      }
      if (batch.isFull()) {
        profile.addBatch(batch, padIds);
        batch.clear();
      }
    }
    profile.addBatch(batch, padIds);
    return List.of(profile).iterator();
  }
}
