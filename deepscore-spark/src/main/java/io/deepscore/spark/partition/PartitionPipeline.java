package io.deepscore.spark.partition;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.InvalidValueException;
import io.deepscore.model.Scorer;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The one partition pipeline of the jobs that read raw records (featurize, score and its dry run,
 * the {@code DeepScorer} stage; evaluate's multi-bundle loop is not on it yet): Spark's internal
 * rows in, each row checked (a record that did not parse, a null id, a bad label when labels are
 * required), encoded from its UTF-8 bytes into a reused {@link EncodedBatch}, the full batch scored
 * in one forward pass when there is a scorer, and internal rows out through the job's {@link
 * RowWriter}. A row that cannot be encoded becomes a {@link Reject} under {@link
 * InvalidRowPolicy#REJECT} (handed out at once) or fails the task naming the row, file and column
 * under {@link InvalidRowPolicy#ERROR}. Every input row gives exactly one output row, accepted or
 * rejected, so rows in = accepted + rejected.
 *
 * <p>At most one batch of input is held (by the writer's {@link RowWriter#keep}). Owns nothing
 * native: the scorer belongs to the task. Not thread-safe.
 */
public final class PartitionPipeline implements Iterator<InternalRow> {
  private final Iterator<InternalRow> input;
  private final RawRowLayout layout;
  private final Encoder encoder;
  private final Scorer scorer;
  private final InvalidRowPolicy policy;
  private final RowWriter writer;
  private final LongConsumer latency;
  private final boolean checkLabel;
  private final EncodedBatch batch;
  private final float[] scores;
  private final Utf8Cell[] cells;
  private final Object[] values;
  private int ready;
  private int emitted;
  private InternalRow pendingReject;

  /**
   * @param scorer scores full batches; null to encode only (batches of one row)
   * @param batchSize rows per forward pass (ignored without a scorer)
   * @param checkLabel whether a row's label must be 0 or 1 (else it is rejected)
   * @param latency receives each forward pass's nanoseconds; may be null
   */
  public PartitionPipeline(
      Iterator<InternalRow> input,
      RawRowLayout layout,
      Encoder encoder,
      Scorer scorer,
      int batchSize,
      InvalidRowPolicy policy,
      boolean checkLabel,
      RowWriter.Factory writer,
      LongConsumer latency) {
    int capacity = scorer == null ? 1 : batchSize;
    this.input = input;
    this.layout = layout;
    this.encoder = encoder;
    this.scorer = scorer;
    this.policy = policy;
    this.checkLabel = checkLabel;
    this.writer = writer.open(capacity);
    this.latency = latency;
    this.batch = encoder.newBatch(capacity);
    this.scores = new float[capacity];
    this.cells = new Utf8Cell[layout.fieldCount()];
    for (int f = 0; f < cells.length; f++) {
      cells[f] = new Utf8Cell();
    }
    this.values = new Object[cells.length];
  }

  @Override
  public boolean hasNext() {
    return pendingReject != null || emitted < ready || advance();
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (pendingReject != null) {
      InternalRow r = pendingReject;
      pendingReject = null;
      return r;
    }
    int i = emitted++;
    InternalRow out = writer.accepted(i, batch, scores[i]);
    if (emitted == ready) {
      ready = 0;
      emitted = 0;
      batch.clear();
    }
    return out;
  }

  /** Reads input until a reject or a full (or last, partial) batch is ready. */
  private boolean advance() {
    while (input.hasNext()) {
      InternalRow row = input.next();
      Reject reject = check(row);
      if (reject == null) {
        layout.values(row, cells, values);
        try {
          encoder.encodeRow(values, batch);
        } catch (InvalidValueException e) {
          reject =
              Reject.invalidValue(
                  String.valueOf(layout.id(row)), layout.sourceFile(row), e, rawValue(e.field()));
        }
      }
      if (reject != null) {
        if (policy == InvalidRowPolicy.ERROR) {
          throw reject.toError();
        }
        pendingReject = writer.rejected(row, reject);
        return true;
      }
      writer.keep(row, batch.size() - 1);
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

  /** Why the row cannot be encoded before its values are looked at, or null. */
  private Reject check(InternalRow row) {
    UTF8String id = layout.id(row);
    String corrupt = layout.corruptRecord(row);
    if (corrupt != null) {
      return Reject.malformedRecord(
          id == null ? null : id.toString(), layout.sourceFile(row), corrupt, encoder.spec());
    }
    if (id == null) {
      // A result nobody can join back to a user is lost work.
      return Reject.nullId(layout.sourceFile(row), layout.idColumn());
    }
    if (checkLabel) {
      try {
        layout.label(row);
      } catch (InvalidValueException e) {
        return Reject.invalidValue(id.toString(), layout.sourceFile(row), e, null);
      }
    }
    return null;
  }

  private String rawValue(String field) {
    try {
      Object v = values[encoder.spec().fieldIndex(field)];
      return v == null ? null : v.toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void scoreBatch() {
    if (scorer == null) {
      scores[0] = Float.NaN;
    } else {
      long t0 = System.nanoTime();
      scorer.score(batch, scores);
      if (latency != null) {
        latency.accept(System.nanoTime() - t0);
      }
    }
    ready = batch.size();
    emitted = 0;
  }
}
