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
 * The one partition pipeline of every job that encodes or scores rows (featurize, score and its dry
 * run, the {@code DeepScorer} stage, evaluate): Spark's internal rows in, each row checked (a
 * record that did not parse, a null id, a bad label when labels are required), encoded from its
 * UTF-8 bytes into a reused {@link EncodedBatch} (or, for a group whose layout {@linkplain
 * RawRowLayout#isEncoded is encoded}, its featurized ids appended as they are), the full batch
 * scored in one forward pass when there is a scorer, and internal rows out through the job's {@link
 * RowWriter}. A row that cannot be encoded becomes a {@link Reject} under {@link
 * InvalidRowPolicy#REJECT} (handed out at once) or fails the task naming the row, file and column
 * under {@link InvalidRowPolicy#ERROR}. Every input row gives exactly one output row, accepted or
 * rejected, so rows in = accepted + rejected.
 *
 * <p>Several models in one pass ({@code score --model A,B,C}): the models are split into encoder
 * {@link Group}s (one per distinct spec and vocabularies); each row is encoded once per group, into
 * that group's reused batch, and each full batch goes through each of the group's models, one after
 * the other on the task's thread. A row that one group cannot encode is rejected once, with the
 * first failing group's reason, and dropped from the other groups' batches, so every batch holds
 * the same rows and rows in = accepted + rejected still holds. That is also evaluate's rule (with
 * labels required): every bundle is measured on exactly the rows all of them can score.
 *
 * <p>At most one batch of input is held (by the writer's {@link RowWriter#keep}). Owns nothing
 * native: the scorers belong to the task. Not thread-safe.
 */
public final class PartitionPipeline implements Iterator<InternalRow> {

  /**
   * Models that read the same encoded batches.
   *
   * @param layout where the group's spec fields are in the input rows
   * @param encoder the group's encoder (its spec and vocabularies)
   * @param models the indexes, in the pipeline's scorer array, of the models scoring this group's
   *     batches
   */
  public record Group(RawRowLayout layout, Encoder encoder, int[] models) {}

  private final Iterator<InternalRow> input;
  private final RawRowLayout layout;
  private final Group[] groups;
  private final Scorer[] scorers;
  private final InvalidRowPolicy policy;
  private final RowWriter writer;
  private final LongConsumer latency;
  private final boolean checkLabel;
  private final EncodedBatch[] batches;
  private final float[][] scores;
  private final Utf8Cell[][] cells;
  private final Object[][] values;
  private final int[][][] ids;
  private int ready;
  private int emitted;
  private boolean finalBatch;
  private InternalRow pendingReject;

  /**
   * One encoder and at most one model.
   *
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
    this(
        input,
        new Group[] {new Group(layout, encoder, scorer == null ? new int[0] : new int[] {0})},
        scorer == null ? new Scorer[0] : new Scorer[] {scorer},
        batchSize,
        policy,
        checkLabel,
        writer,
        latency);
  }

  /**
   * Several encoder groups and models. The first group's layout gives the id, the source file and
   * the malformed-record column of every row; every group's spec must have the same id column.
   *
   * @param groups the encoder groups, each naming its models in {@code scorers}
   * @param scorers every model's scorer; empty to encode only (batches of one row)
   * @param latency receives each model's forward pass's nanoseconds; may be null
   */
  public PartitionPipeline(
      Iterator<InternalRow> input,
      Group[] groups,
      Scorer[] scorers,
      int batchSize,
      InvalidRowPolicy policy,
      boolean checkLabel,
      RowWriter.Factory writer,
      LongConsumer latency) {
    int capacity = scorers.length == 0 ? 1 : batchSize;
    this.input = input;
    this.layout = groups[0].layout();
    this.groups = groups.clone();
    this.scorers = scorers.clone();
    this.policy = policy;
    this.checkLabel = checkLabel;
    this.writer = writer.open(capacity);
    this.latency = latency;
    this.batches = new EncodedBatch[groups.length];
    this.cells = new Utf8Cell[groups.length][];
    this.values = new Object[groups.length][];
    this.ids = new int[groups.length][][];
    for (int g = 0; g < groups.length; g++) {
      batches[g] = groups[g].encoder().newBatch(capacity);
      if (groups[g].layout().isEncoded()) {
        ids[g] = new int[groups[g].encoder().fieldCount()][];
        for (int f = 0; f < ids[g].length; f++) {
          ids[g][f] = new int[groups[g].encoder().maxLength(f)];
        }
      }
      cells[g] = new Utf8Cell[groups[g].layout().fieldCount()];
      for (int f = 0; f < cells[g].length; f++) {
        cells[g][f] = new Utf8Cell();
      }
      values[g] = new Object[cells[g].length];
    }
    this.scores = new float[Math.max(1, scorers.length)][capacity];
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
    InternalRow out = writer.accepted(i, batches, scores);
    if (finalBatch && emitted == ready) {
      writer.lastRow();
    }
    if (emitted == ready) {
      ready = 0;
      emitted = 0;
      for (EncodedBatch b : batches) {
        b.clear();
      }
    }
    return out;
  }

  /** Reads input until a reject or a full (or last, partial) batch is ready. */
  private boolean advance() {
    EncodedBatch first = batches[0];
    while (input.hasNext()) {
      InternalRow row = input.next();
      Reject reject = check(row);
      if (reject == null) {
        reject = encode(row);
      }
      if (reject != null) {
        if (policy == InvalidRowPolicy.ERROR) {
          throw reject.toError();
        }
        pendingReject = writer.rejected(row, reject);
        // only now: the reader may reuse the input row once asked for the next one
        if (first.isEmpty() && !input.hasNext()) {
          writer.lastRow();
        }
        return true;
      }
      writer.keep(row, first.size() - 1);
      if (first.isFull()) {
        scoreBatch();
        return true;
      }
    }
    if (!first.isEmpty()) {
      scoreBatch();
      return true;
    }
    return false;
  }

  /** Encodes the row into every group's batch, or into none (then the first failure's reject). */
  private Reject encode(InternalRow row) {
    for (int g = 0; g < groups.length; g++) {
      RawRowLayout l = groups[g].layout();
      try {
        if (ids[g] != null) {
          l.ids(row, ids[g]);
          batches[g].appendEncoded(ids[g]);
        } else {
          l.values(row, cells[g], values[g]);
          groups[g].encoder().encodeRow(values[g], batches[g]);
        }
      } catch (InvalidValueException e) {
        for (int k = 0; k < g; k++) {
          batches[k].dropLast();
        }
        return Reject.invalidValue(
            String.valueOf(layout.id(row)), layout.sourceFile(row), e, rawValue(g, e.field()));
      }
    }
    return null;
  }

  /** Why the row cannot be encoded before its values are looked at, or null. */
  private Reject check(InternalRow row) {
    UTF8String id = layout.id(row);
    String corrupt = layout.corruptRecord(row);
    if (corrupt != null) {
      return Reject.malformedRecord(
          id == null ? null : id.toString(),
          layout.sourceFile(row),
          corrupt,
          groups[0].encoder().spec());
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

  private String rawValue(int group, String field) {
    if (ids[group] != null) {
      return null; // featurized: no raw value
    }
    try {
      Object v = values[group][groups[group].encoder().spec().fieldIndex(field)];
      return v == null ? null : v.toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void scoreBatch() {
    if (scorers.length == 0) {
      scores[0][0] = Float.NaN;
    } else {
      for (int g = 0; g < groups.length; g++) {
        for (int m : groups[g].models()) {
          long t0 = System.nanoTime();
          scorers[m].score(batches[g], scores[m]);
          if (latency != null) {
            latency.accept(System.nanoTime() - t0);
          }
        }
      }
    }
    ready = batches[0].size();
    emitted = 0;
    finalBatch = !input.hasNext();
    writer.scored(batches, scores);
  }
}
