package io.deepscore.spark.features;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.io.ReadFailures;
import io.deepscore.spark.io.RunInfo;
import io.deepscore.spark.io.StagedOutput;
import io.deepscore.spark.io.TaggedRows;
import io.deepscore.spark.io.TaggedRows.ReasonCount;
import io.deepscore.spark.io.TooManyRejectsException;
import io.deepscore.spark.partition.InternalRows;
import io.deepscore.spark.partition.PartitionPipeline;
import io.deepscore.spark.partition.RawRowLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Encodes raw records into the model's input: the id, the label when present, and one {@code
 * array<int>} column per spec field of exactly {@code max_length} vocabulary ids (padded with the
 * field's padding id, 0 unless an imported table says otherwise), in spec order. Rows that cannot
 * be encoded go to a rejects output (JSON lines: id, source file, field, column, reason, an excerpt
 * of the raw value) under {@link InvalidRowPolicy#REJECT}, or fail the job naming the row and
 * column under {@link InvalidRowPolicy#ERROR}. Counts always add up: rows in = encoded + rejected.
 */
public final class FeaturizeJob {

  /** Columns of the rejects output, shared by every job that rejects rows. */
  public static final StructType REJECTS_SCHEMA = TaggedRows.REJECTS_SCHEMA;

  private FeaturizeJob() {}

  /**
   * How a run writes.
   *
   * @param policy what happens to a row that cannot be encoded
   * @param output the encoded Parquet directory
   * @param rejectsOutput the rejects' JSON directory
   * @param overwrite whether earlier outputs are replaced
   * @param input how the input is named in the run info; null = its files
   * @param maxRejectFraction in [0, 1]: a run that rejects more than this share of its rows, or
   *     every row, fails after writing its outputs
   */
  public record Options(
      InvalidRowPolicy policy,
      String output,
      String rejectsOutput,
      boolean overwrite,
      String input,
      double maxRejectFraction) {

    /** Validates the fraction. */
    public Options {
      if (!(maxRejectFraction >= 0.0 && maxRejectFraction <= 1.0)) {
        throw new IllegalArgumentException(
            "max reject fraction must be in [0, 1], got " + maxRejectFraction);
      }
    }
  }

  /**
   * What one run did. {@code rowsIn == encoded + rejected} always holds (counted from the rows
   * written, never from accumulators).
   *
   * @param nullsByField per spec field, rows whose value was null
   * @param runId the run's id, also in both outputs' run info
   */
  public record Result(
      long rowsIn,
      long encoded,
      long rejected,
      Map<String, Long> rejectedByField,
      String output,
      String rejectsOutput,
      double seconds,
      Map<String, Long> nullsByField,
      String runId) {

    /** The summary as printable lines (the CLI prints them). */
    public List<String> lines() {
      List<String> l = new ArrayList<>();
      l.add(
          String.format(
              Locale.ROOT,
              "rows in: %,d = encoded %,d + rejected %,d  (%.1f s)",
              rowsIn,
              encoded,
              rejected,
              seconds));
      rejectedByField.forEach(
          (f, n) -> l.add(String.format(Locale.ROOT, "  rejected by %s: %,d", f, n)));
      StringJoiner nulls = new StringJoiner(", ", "null values per field (rows): ", "");
      nullsByField.forEach((f, n) -> nulls.add(String.format(Locale.ROOT, "%s %,d", f, n)));
      l.add(nulls.toString());
      l.add("encoded: " + output);
      l.add("rejects: " + rejectsOutput);
      return l;
    }
  }

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
   * Encodes {@code raw} (checked by {@code RawInput}), rejects under the default reject limit
   * ({@value TooManyRejectsException#DEFAULT_MAX_FRACTION}).
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
    return run(
        spark,
        raw,
        spec,
        vocabularies,
        new Options(
            policy,
            output,
            rejectsOutput,
            overwrite,
            null,
            TooManyRejectsException.DEFAULT_MAX_FRACTION));
  }

  /**
   * Encodes {@code raw} (checked by {@code RawInput}) and writes Parquet to the output and the
   * rejects to the rejects output, each all or nothing ({@link StagedOutput}) with {@value
   * StagedOutput#SUCCESS} and {@value StagedOutput#RUN_INFO}.
   *
   * @throws TooManyRejectsException after writing, when the run rejected every row or more than the
   *     options allow
   */
  public static Result run(
      SparkSession spark,
      Dataset<Row> raw,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      Options o) {
    long start = System.nanoTime();
    RunInfo info =
        RunInfo.start("featurize", o.input() != null ? o.input() : RawInput.describe(raw));
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    try (StagedOutput out = StagedOutput.prepare(hadoop, o.output(), o.overwrite(), info.runId());
        StagedOutput rejects =
            StagedOutput.prepare(hadoop, o.rejectsOutput(), o.overwrite(), info.runId())) {
      TaggedRows.Counts c = writeEncoded(spark, raw, spec, vocabularies, o.policy(), out, rejects);
      Result r =
          new Result(
              c.rowsIn(),
              c.accepted(),
              c.rejected(),
              c.rejectedByField(),
              o.output(),
              o.rejectsOutput(),
              (System.nanoTime() - start) / 1e9,
              c.nullsByField(),
              info.runId());
      info.put("outputs", RunInfo.outputs("encoded", out, "rejects", rejects))
          .put("rows_in", c.rowsIn())
          .put("encoded", c.accepted())
          .put("rejected", c.rejected())
          .put("rejected_by_field", c.rejectedByField())
          .put("rejected_by_reason", c.topReasons().stream().map(ReasonCount::toJson).toList())
          .put("null_counts", c.nullsByField())
          .put("max_reject_fraction", o.maxRejectFraction())
          .put(
              "too_many_rejects",
              TooManyRejectsException.exceeds(c.rowsIn(), c.rejected(), o.maxRejectFraction()));
      byte[] json = info.toJson(Instant.now());
      rejects.commit(json);
      out.commit(json);
      TooManyRejectsException.check(
          c.rowsIn(), c.rejected(), o.maxRejectFraction(), o.rejectsOutput(), r.lines());
      return r;
    } catch (Exception e) {
      throw ReadFailures.rethrow(e);
    }
  }

  private static TaggedRows.Counts writeEncoded(
      SparkSession spark,
      Dataset<Row> raw,
      FeatureSpec spec,
      Map<String, Vocabulary> vocabularies,
      InvalidRowPolicy policy,
      StagedOutput out,
      StagedOutput rejects) {
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    TaggedRows tagged = new TaggedRows(encodedSchema(spec, layout.hasLabel()), spec.fieldCount());
    Broadcast<EncoderPayload> payload = broadcast(spark, spec, vocabularies);
    Dataset<Row> rows =
        tagged(raw, layout, payload, policy, tagged).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      tagged.accepted(rows).write().mode(SaveMode.Overwrite).parquet(out.stagingPath());
      tagged.rejects(rows).write().mode(SaveMode.Overwrite).json(rejects.stagingPath());
      return TaggedRows.count(rows, spec.names());
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
    TaggedRows tagged = new TaggedRows(encodedSchema(spec, layout.hasLabel()), spec.fieldCount());
    return tagged.accepted(
        tagged(raw, layout, broadcast(spark, spec, vocabularies), InvalidRowPolicy.REJECT, tagged));
  }

  private static Broadcast<EncoderPayload> broadcast(
      SparkSession spark, FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    return spark
        .sparkContext()
        .broadcast(
            EncoderPayload.of(spec, vocabularies),
            scala.reflect.ClassTag$.MODULE$.apply(EncoderPayload.class));
  }

  /** Every row of {@code raw}: encoded, or the rejects columns filled in ({@link TaggedRows}). */
  private static Dataset<Row> tagged(
      Dataset<Row> raw,
      RawRowLayout layout,
      Broadcast<EncoderPayload> payload,
      InvalidRowPolicy policy,
      TaggedRows tagged) {
    EncodedRows output = new EncodedRows(tagged, layout);
    boolean withLabel = layout.hasLabel();
    return InternalRows.mapPartitions(
        raw,
        tagged.schema(),
        partition ->
            new PartitionPipeline(
                partition,
                layout,
                payload.value().encoder(),
                null,
                1,
                policy,
                withLabel,
                output,
                null));
  }
}
