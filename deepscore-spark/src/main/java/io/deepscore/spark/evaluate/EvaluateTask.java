package io.deepscore.spark.evaluate;

import io.deepscore.features.HoldoutSplit;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.score.ScorePartition;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The executor side of an evaluation: the scoring path's {@link ScorePartition} (models once per
 * JVM, a scorer per model and task, the one partition pipeline with labels required) over the
 * partition's rows, or, with a holdout part, over the rows whose id falls in that part (the others
 * are not part of the evaluation: neither kept nor rejected).
 */
final class EvaluateTask implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
  private static final long serialVersionUID = 1L;

  private final ScorePartition scoring;
  private final RawRowLayout layout;
  private final double validFraction;
  private final double testFraction;
  private final HoldoutSplit.Part part;

  /**
   * @param layout where the id is
   * @param split the holdout split, null for every row
   * @param part the part to keep, null for every row
   */
  EvaluateTask(
      ScorePartition scoring, RawRowLayout layout, HoldoutSplit split, HoldoutSplit.Part part) {
    this.scoring = scoring;
    this.layout = layout;
    this.validFraction = split == null ? Double.NaN : split.validFraction();
    this.testFraction = split == null ? Double.NaN : split.testFraction();
    this.part = part;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    if (part == null) {
      return scoring.call(rows);
    }
    return scoring.call(new InPart(rows, new HoldoutSplit(validFraction, testFraction)));
  }

  /** The rows of the part, in order (a null id hashes as the empty string). */
  private final class InPart implements Iterator<InternalRow> {
    private final Iterator<InternalRow> rows;
    private final HoldoutSplit split;
    private InternalRow next;

    InPart(Iterator<InternalRow> rows, HoldoutSplit split) {
      this.rows = rows;
      this.split = split;
    }

    @Override
    public boolean hasNext() {
      while (next == null && rows.hasNext()) {
        InternalRow r = rows.next();
        UTF8String id = layout.id(r);
        if (split.of(id == null ? "" : id.toString()) == part) {
          next = r;
        }
      }
      return next != null;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      InternalRow r = next;
      next = null;
      return r;
    }
  }
}
