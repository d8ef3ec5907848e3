package io.deepscore.spark.features;

import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.io.OutputPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Encodes raw records into the model's input: the id, the label when present, and one {@code
 * array<int>} column per spec field of exactly {@code max_length} vocabulary ids (0-padded), in
 * spec order. Rows that cannot be encoded go to a rejects output (JSON lines: id, source file,
 * field, column, reason, an excerpt of the raw value) under {@link InvalidRowPolicy#REJECT}, or
 * fail the job naming the row and column under {@link InvalidRowPolicy#ERROR}. Counts always add
 * up: rows in = encoded + rejected.
 */
public final class FeaturizeJob {

  /** Columns of the rejects output, shared by every job that rejects rows. */
  public static final StructType REJECTS_SCHEMA =
      DataTypes.createStructType(
          new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, true),
            DataTypes.createStructField("source_file", DataTypes.StringType, true),
            DataTypes.createStructField("field", DataTypes.StringType, true),
            DataTypes.createStructField("column", DataTypes.StringType, true),
            DataTypes.createStructField("reason", DataTypes.StringType, false),
            DataTypes.createStructField("raw_value", DataTypes.StringType, true),
          });

  private static final String REJECT_PREFIX = "_reject_";

  private FeaturizeJob() {}

  /** What one run did. {@code rowsIn == encoded + rejected} always holds. */
  public record Result(
      long rowsIn,
      long encoded,
      long rejected,
      Map<String, Long> rejectedByField,
      String output,
      String rejectsOutput,
      double seconds) {}

  /** The schema of the encoded dataset for a spec (label included when {@code withLabel}). */
  public static StructType encodedSchema(FeatureSpec spec, boolean withLabel) {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField(spec.idColumn(), DataTypes.StringType, true));
    if (withLabel) {
      fields.add(
          DataTypes.createStructField(
              spec.labelColumn().orElseThrow(), DataTypes.IntegerType, false));
    }
    for (var field : spec.fields()) {
      fields.add(
          DataTypes.createStructField(
              field.name(), DataTypes.createArrayType(DataTypes.IntegerType, false), false));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Encodes {@code raw} (checked by {@code RawInput}) and writes Parquet to {@code output} and the
   * rejects to {@code rejectsOutput}.
   */
  public static Result run(
      SparkSession spark,
      Dataset<Row> raw,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      InvalidRowPolicy policy,
      String output,
      String rejectsOutput,
      boolean overwrite) {
    long start = System.nanoTime();
    OutputPaths.checkWritable(spark, output, overwrite);
    OutputPaths.checkWritable(spark, rejectsOutput, overwrite);
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    StructType encoded = encodedSchema(spec, layout.hasLabel());
    Broadcast<EncoderPayload> payload = broadcast(spark, spec, vocabularies);
    Dataset<Row> rows =
        tagged(raw, layout, payload, policy, encoded).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column reason = functions.col(REJECT_PREFIX + "reason");
      rows.filter(reason.isNull())
          .select(columns(encoded))
          .write()
          .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
          .parquet(output);
      rows.filter(reason.isNotNull())
          .select(rejectColumns())
          .write()
          .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
          .json(rejectsOutput);

      long encodedCount = 0;
      long rejectedCount = 0;
      Map<String, Long> byField = new LinkedHashMap<>();
      for (Row r : rows.groupBy(functions.col(REJECT_PREFIX + "field")).count().collectAsList()) {
        String field = r.isNullAt(0) ? null : r.getString(0);
        long n = r.getLong(1);
        if (field == null) {
          encodedCount += n;
        } else {
          rejectedCount += n;
          byField.put(field, n);
        }
      }
      return new Result(
          encodedCount + rejectedCount,
          encodedCount,
          rejectedCount,
          byField,
          output,
          rejectsOutput,
          (System.nanoTime() - start) / 1e9);
    } finally {
      rows.unpersist(false);
      payload.destroy();
    }
  }

  /**
   * The encoded rows of {@code raw} (checked by {@code RawInput}) as a lazy DataFrame of {@link
   * #encodedSchema}, written nowhere: for callers that consume the rows themselves, such as the
   * Spark ML estimator. Rows that cannot be encoded are left out.
   */
  public static Dataset<Row> encode(
      SparkSession spark,
      Dataset<Row> raw,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies) {
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    StructType encoded = encodedSchema(spec, layout.hasLabel());
    return tagged(
            raw, layout, broadcast(spark, spec, vocabularies), InvalidRowPolicy.REJECT, encoded)
        .filter(functions.col(REJECT_PREFIX + "reason").isNull())
        .select(columns(encoded));
  }

  private static Broadcast<EncoderPayload> broadcast(
      SparkSession spark, FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    return spark
        .sparkContext()
        .broadcast(
            EncoderPayload.of(spec, vocabularies),
            scala.reflect.ClassTag$.MODULE$.apply(EncoderPayload.class));
  }

  /** Every row of {@code raw}: encoded, or the rejects columns filled in. */
  private static Dataset<Row> tagged(
      Dataset<Row> raw,
      RawRowLayout layout,
      Broadcast<EncoderPayload> payload,
      InvalidRowPolicy policy,
      StructType encoded) {
    boolean withLabel = layout.hasLabel();
    return raw.mapPartitions(
        (MapPartitionsFunction<Row, Row>)
            partition ->
                new EncodingIterator(partition, layout, payload.value(), withLabel, policy),
        Encoders.row(taggedSchema(encoded)));
  }

  private static StructType taggedSchema(StructType encoded) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : encoded.fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    for (StructField f : REJECTS_SCHEMA.fields()) {
      fields.add(DataTypes.createStructField(REJECT_PREFIX + f.name(), f.dataType(), true));
    }
    return DataTypes.createStructType(fields);
  }

  private static Column[] columns(StructType schema) {
    Column[] columns = new Column[schema.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = functions.col(schema.fields()[i].name());
    }
    return columns;
  }

  private static Column[] rejectColumns() {
    Column[] columns = new Column[REJECTS_SCHEMA.size()];
    for (int i = 0; i < columns.length; i++) {
      String name = REJECTS_SCHEMA.fields()[i].name();
      columns[i] = functions.col(REJECT_PREFIX + name).as(name);
    }
    return columns;
  }

  /** Encodes one partition lazily, row by row (nothing is buffered beyond one row). */
  private static final class EncodingIterator implements Iterator<Row> {
    private final Iterator<Row> input;
    private final RawRowLayout layout;
    private final Encoder encoder;
    private final boolean withLabel;
    private final InvalidRowPolicy policy;
    private final Object[] values;
    private final int width;

    EncodingIterator(
        Iterator<Row> input,
        RawRowLayout layout,
        EncoderPayload payload,
        boolean withLabel,
        InvalidRowPolicy policy) {
      this.input = input;
      this.layout = layout;
      this.encoder = payload.encoder();
      this.withLabel = withLabel;
      this.policy = policy;
      this.values = new Object[layout.fieldCount()];
      this.width = 1 + (withLabel ? 1 : 0) + layout.fieldCount() + REJECTS_SCHEMA.size();
    }

    @Override
    public boolean hasNext() {
      return input.hasNext();
    }

    @Override
    public Row next() {
      Row row = input.next();
      String id = layout.id(row);
      String corrupt = layout.corruptRecord(row);
      if (corrupt != null) {
        return reject(row, Reject.malformedRecord(id, layout.sourceFile(row), corrupt));
      }
      if (id == null) {
        return reject(row, Reject.nullId(layout.sourceFile(row), layout.idColumn()));
      }
      Object[] out = new Object[width];
      int c = 0;
      out[c++] = id;
      if (withLabel) {
        try {
          out[c++] = layout.label(row);
        } catch (InvalidValueException e) {
          return reject(row, Reject.invalidValue(id, layout.sourceFile(row), e, null));
        }
      }
      layout.values(row, values);
      for (int f = 0; f < values.length; f++) {
        int[] ids = new int[encoder.maxLength(f)];
        try {
          encoder.encodeField(f, values[f], ids, 0);
        } catch (InvalidValueException e) {
          return reject(row, Reject.invalidValue(id, layout.sourceFile(row), e, values[f]));
        }
        out[c++] = ids;
      }
      return RowFactory.create(out);
    }

    private Row reject(Row row, Reject r) {
      if (policy == InvalidRowPolicy.ERROR) {
        throw r.toError();
      }
      Object[] out = new Object[width];
      r.writeTo(out, width - REJECTS_SCHEMA.size());
      return RowFactory.create(out);
    }
  }
}
