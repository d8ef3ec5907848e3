package io.deepscore.spark.features;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.UnknownTokenSample;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.partition.RawRowLayout;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The first rows of raw records, brought to the driver and run through an encoder: the unknown
 * tokens per field ({@link UnknownTokenSample}) and a batch of encoded rows to probe a model with.
 * What {@code deepscore bundle --sample} checks a model and its tables against.
 */
public final class RawSample {

  /**
   * @param unknown unknown tokens per field over the sample
   * @param encoded the first encodable rows (at most the batch capacity)
   * @param rows rows read
   * @param unreadable rows that did not parse into the schema (skipped)
   */
  public record Result(
      UnknownTokenSample unknown, EncodedBatch encoded, long rows, long unreadable) {}

  private RawSample() {}

  /**
   * Reads up to {@code rows} raw records of {@code input} (checked against the encoder's spec).
   *
   * @param encodeRows how many of them to encode into {@link Result#encoded()}
   */
  public static Result read(
      SparkSession spark,
      String input,
      InputFormat format,
      Encoder encoder,
      int rows,
      int encodeRows) {
    Dataset<Row> raw = RawInput.read(spark, input, format, encoder.spec(), false);
    RawRowLayout layout = RawRowLayout.of(raw.schema(), encoder.spec());
    List<Row> sample = raw.limit(rows).collectAsList();
    UnknownTokenSample unknown = new UnknownTokenSample(encoder);
    EncodedBatch batch = encoder.newBatch(Math.max(1, encodeRows));
    Object[] values = new Object[layout.fieldCount()];
    long unreadable = 0;
    for (Row r : sample) {
      if (layout.corruptRecord(r) != null) {
        unreadable++;
        continue;
      }
      layout.values(r, values);
      unknown.add(values);
      if (!batch.isFull()) {
        try {
          encoder.encodeRow(values, batch);
        } catch (InvalidValueException e) {
          // a row scoring would reject: not a probe row
        }
      }
    }
    return new Result(unknown, batch, sample.size(), unreadable);
  }
}
