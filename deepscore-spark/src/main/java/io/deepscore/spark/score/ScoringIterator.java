package io.deepscore.spark.score;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.InvalidValueException;
import io.deepscore.model.Scorer;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.features.Reject;
import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * Scores one partition lazily in batches: pulls input rows until {@code batchSize} rows are encoded
 * (or the input ends: the last batch may be partial), scores them in one forward pass, then hands
 * them out one by one. At most one batch of input rows is held. A row that cannot be encoded (an
 * {@link InvalidValueException}, or a record that did not parse: {@code _corrupt_record}) is handed
 * out at once as a reject under {@link InvalidRowPolicy#REJECT}, or fails the task naming the row,
 * file and column under {@link InvalidRowPolicy#ERROR}.
 *
 * <p>Owns nothing native: the scorer belongs to the task ({@link TaskScorers}). Not thread-safe.
 */
final class ScoringIterator implements Iterator<Row> {

  /** Builds the output rows; serializable because it travels in the task closure. */
  interface RowOutput extends Serializable {
    /** The output row of a scored input row. */
    Row scored(Row input, String id, float score);

    /** The output row of a rejected input row. */
    Row rejected(Row input, Reject reject);
  }

  private final Iterator<Row> input;
  private final RawRowLayout layout;
  private final Encoder encoder;
  private final Scorer scorer;
  private final InvalidRowPolicy policy;
  private final RowOutput output;
  private final ScoringStats stats;
  private final EncodedBatch batch;
  private final Row[] rows;
  private final String[] ids;
  private final float[] scores;
  private final Object[] values;
  private int ready;
  private int emitted;
  private Row pendingReject;

  /**
   * @param stats receives each batch's latency; may be null
   */
  ScoringIterator(
      Iterator<Row> input,
      RawRowLayout layout,
      Encoder encoder,
      Scorer scorer,
      int batchSize,
      InvalidRowPolicy policy,
      RowOutput output,
      ScoringStats stats) {
    this.input = input;
    this.layout = layout;
    this.encoder = encoder;
    this.scorer = scorer;
    this.policy = policy;
    this.output = output;
    this.stats = stats;
    this.batch = encoder.newBatch(batchSize);
    this.rows = new Row[batchSize];
    this.ids = new String[batchSize];
    this.scores = new float[batchSize];
    this.values = new Object[layout.fieldCount()];
  }

  @Override
  public boolean hasNext() {
    return pendingReject != null || emitted < ready || advance();
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (pendingReject != null) {
      Row r = pendingReject;
      pendingReject = null;
      return r;
    }
    int i = emitted++;
    Row out = output.scored(rows[i], ids[i], scores[i]);
    rows[i] = null;
    if (emitted == ready) {
      ready = 0;
      emitted = 0;
      batch.clear();
    }
    return out;
  }

  /** Reads input until a reject or a full (or last, partial) scored batch is ready. */
  private boolean advance() {
    while (input.hasNext()) {
      Row row = input.next();
      String id = layout.id(row);
      String corrupt = layout.corruptRecord(row);
      if (corrupt != null) {
        pendingReject =
            reject(
                row, Reject.malformedRecord(id, layout.sourceFile(row), corrupt, encoder.spec()));
        return true;
      }
      if (id == null) {
        // A score nobody can join back to a user is lost work: reject it, as featurize does.
        pendingReject = reject(row, Reject.nullId(layout.sourceFile(row), layout.idColumn()));
        return true;
      }
      layout.values(row, values);
      try {
        encoder.encodeRow(values, batch);
      } catch (InvalidValueException e) {
        pendingReject =
            reject(row, Reject.invalidValue(id, layout.sourceFile(row), e, rawValueOf(e.field())));
        return true;
      }
      int r = batch.size() - 1;
      rows[r] = row;
      ids[r] = id;
      if (batch.isFull()) {
        scoreBatch();
        return true;
      }
    }
    if (!batch.isEmpty()) {
      scoreBatch();
      return true;
    }
    return false;
  }

  private Object rawValueOf(String field) {
    try {
      return values[encoder.spec().fieldIndex(field)];
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Row reject(Row row, Reject reject) {
    if (policy == InvalidRowPolicy.ERROR) {
      throw reject.toError();
    }
    return output.rejected(row, reject);
  }

  private void scoreBatch() {
    long t0 = System.nanoTime();
    scorer.score(batch, scores);
    if (stats != null) {
      stats.add(System.nanoTime() - t0);
    }
    ready = batch.size();
    emitted = 0;
  }
}
