package io.deepscore.spark;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.spark.partition.RawRowLayout;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Small labelled datasets for tests that need a trained model, encoded in memory. */
public final class TestData {

  private TestData() {}

  /**
   * Encodes every labelled row of {@code raw} (checked by {@code RawInput}) with the encoder the
   * scoring path uses; rows that cannot be encoded or have no valid label are left out. Collects
   * {@code raw} to the driver: for test-sized data only.
   */
  public static EncodedDataset encode(
      Dataset<Row> raw, FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    Encoder encoder = new Encoder(spec, vocabularies);
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    List<Row> rows = raw.collectAsList();
    EncodedBatch batch = encoder.newBatch(Math.max(1, rows.size()));
    int[] labels = new int[rows.size()];
    Object[] values = new Object[spec.fieldCount()];
    String labelColumn = spec.labelColumn().orElseThrow();
    for (Row r : rows) {
      try {
        Object label = r.get(r.fieldIndex(labelColumn));
        if (!Integer.valueOf(0).equals(label) && !Integer.valueOf(1).equals(label)) {
          continue;
        }
        encoder.encodeRow(layout.values(r, values), batch);
        labels[batch.size() - 1] = (Integer) label;
      } catch (InvalidValueException e) {
        // left out: the tests want clean training rows
      }
    }
    int[][] buffers = new int[spec.fieldCount()][];
    for (int f = 0; f < buffers.length; f++) {
      buffers[f] = batch.field(f);
    }
    return EncodedDataset.builder(encoder.maxLengths())
        .addRows(batch.size(), buffers, labels)
        .build();
  }

  /** Each field's vocabulary size, in spec order: the embedding table rows a model needs. */
  public static long[] vocabSizes(FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    long[] sizes = new long[spec.fieldCount()];
    for (int f = 0; f < sizes.length; f++) {
      sizes[f] = vocabularies.get(spec.field(f).name()).size();
    }
    return sizes;
  }
}
