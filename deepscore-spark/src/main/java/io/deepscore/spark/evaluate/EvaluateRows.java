package io.deepscore.spark.evaluate;

import io.deepscore.features.EncodedBatch;
import io.deepscore.spark.partition.PartitionPipeline;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.partition.Reject;
import io.deepscore.spark.partition.RowWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * What an evaluation brings to the driver, one small row per input row, written by the {@link
 * PartitionPipeline}: for a kept row its label, its true probability when the data has the column
 * (the oracle), and every bundle's score ({@code score_0 ..}, in bundle order); for a rejected row
 * (a bundle could not encode it, its label is not 0/1, its id is null, its record did not parse)
 * only the field and reason of its reject. Serializable: travels in the task closure.
 */
final class EvaluateRows implements RowWriter.Factory {
  private static final long serialVersionUID = 1L;

  private final RawRowLayout layout;
  private final int truthIndex;
  private final DataType truthType;
  private final int models;

  /**
   * @param layout the first encoder group's layout (the label)
   * @param truthIndex the numeric truth column, or -1
   * @param truthType its type (null without one)
   * @param models the number of bundles
   */
  EvaluateRows(RawRowLayout layout, int truthIndex, DataType truthType, int models) {
    this.layout = layout;
    this.truthIndex = truthIndex;
    this.truthType = truthType;
    this.models = models;
  }

  private int firstScore() {
    return truthIndex < 0 ? 1 : 2;
  }

  /** The rows' schema: label, [truth], score_0 .., reject field, reject reason; all nullable. */
  StructType schema() {
    List<StructField> out = new ArrayList<>();
    out.add(DataTypes.createStructField("label", DataTypes.IntegerType, true));
    if (truthIndex >= 0) {
      out.add(DataTypes.createStructField("truth", DataTypes.FloatType, true));
    }
    for (int m = 0; m < models; m++) {
      out.add(DataTypes.createStructField("score_" + m, DataTypes.FloatType, true));
    }
    out.add(DataTypes.createStructField("reject_field", DataTypes.StringType, true));
    out.add(DataTypes.createStructField("reject_reason", DataTypes.StringType, true));
    return DataTypes.createStructType(out);
  }

  @Override
  public RowWriter open(int capacity) {
    return new Writer(capacity);
  }

  /**
   * The collected rows, in order: the kept rows' labels, truths and scores; the rejected rows
   * counted.
   *
   * @param labels per kept row
   * @param truth per kept row, or null without a truth column
   * @param scores per bundle, per kept row
   * @param rejected the rows rejected
   * @param rejectedByReason rejected rows per "field: reason", sorted
   */
  record Collected(
      int[] labels,
      float[] truth,
      float[][] scores,
      long rejected,
      Map<String, Long> rejectedByReason) {}

  /** Splits the collected {@code rows} of this writer into kept and rejected. */
  Collected collect(List<Row> rows) {
    int reject = firstScore() + models;
    int kept = 0;
    Map<String, Long> reasons = new TreeMap<>();
    for (Row r : rows) {
      if (r.isNullAt(reject)) {
        kept++;
      } else {
        reasons.merge(r.getString(reject) + ": " + r.getString(reject + 1), 1L, Long::sum);
      }
    }
    int[] labels = new int[kept];
    float[] truth = truthIndex < 0 ? null : new float[kept];
    float[][] scores = new float[models][kept];
    int k = 0;
    for (Row r : rows) {
      if (!r.isNullAt(reject)) {
        continue;
      }
      labels[k] = r.getInt(0);
      if (truth != null) {
        truth[k] = r.getFloat(1);
      }
      for (int m = 0; m < models; m++) {
        scores[m][k] = r.getFloat(firstScore() + m);
      }
      k++;
    }
    return new Collected(labels, truth, scores, rows.size() - kept, reasons);
  }

  /** One partition's writer: one output row object, reused. */
  private final class Writer implements RowWriter {
    private final int[] labels;
    private final float[] truths;
    private final Object[] values;
    private final GenericInternalRow row;

    Writer(int capacity) {
      labels = new int[capacity];
      truths = new float[capacity];
      values = new Object[firstScore() + models + 2];
      row = new GenericInternalRow(values);
    }

    @Override
    public void keep(InternalRow input, int slot) {
      labels[slot] = layout.label(input); // checked 0/1 by the pipeline
      if (truthIndex >= 0) {
        truths[slot] = truth(input);
      }
    }

    @Override
    public InternalRow accepted(int slot, EncodedBatch batch, float score) {
      kept(slot);
      values[firstScore()] = score; // one bundle
      return row;
    }

    @Override
    public InternalRow accepted(int slot, EncodedBatch[] batches, float[][] scores) {
      kept(slot);
      for (int m = 0; m < models; m++) {
        values[firstScore() + m] = scores[m][slot];
      }
      return row;
    }

    private void kept(int slot) {
      Arrays.fill(values, null);
      values[0] = labels[slot];
      if (truthIndex >= 0) {
        values[1] = truths[slot];
      }
    }

    @Override
    public InternalRow rejected(InternalRow input, Reject reject) {
      Arrays.fill(values, null);
      values[firstScore() + models] = UTF8String.fromString(String.valueOf(reject.field()));
      values[firstScore() + models + 1] = UTF8String.fromString(reject.reason());
      return row;
    }

    /** The row's true probability as a float (as {@code Number.floatValue}), NaN when null. */
    private float truth(InternalRow input) {
      if (input.isNullAt(truthIndex)) {
        return Float.NaN;
      }
      Object v = input.get(truthIndex, truthType);
      return v instanceof Decimal d ? d.toJavaBigDecimal().floatValue() : ((Number) v).floatValue();
    }
  }
}
