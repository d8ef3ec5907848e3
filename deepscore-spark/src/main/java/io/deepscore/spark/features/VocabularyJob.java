package io.deepscore.spark.features;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldAnalyzer;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.features.TokenCount;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.partition.RawRowLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * Builds every field's vocabulary in one distributed pass: executors tokenize with the same {@link
 * FieldAnalyzer} the encoder uses and count per partition; counts are reduced by (field, token);
 * only each field's top {@code max_size} tokens (by count, ties by token) reach the driver.
 */
public final class VocabularyJob {

  private VocabularyJob() {}

  /** Per-field statistics printed by {@code deepscore vocab}. */
  public record FieldSummary(
      String field, long distinctSeen, int kept, long occurrences, double coverage) {}

  /** The vocabularies (in spec order) and what the job saw. */
  public record Result(
      Map<String, Vocabulary> vocabularies,
      List<FieldSummary> fields,
      long rows,
      long invalidValues,
      double seconds) {}

  /**
   * Counts tokens of {@code raw} (already checked by {@code RawInput}) and builds the vocabularies.
   * Values that cannot be analyzed (wrong type, required null) are skipped and counted in {@link
   * Result#invalidValues()}: the featurize and score jobs reject those rows with a reason.
   */
  public static Result build(SparkSession spark, Dataset<Row> raw, FeatureSpec spec) {
    long start = System.nanoTime();
    RawRowLayout layout = RawRowLayout.of(raw.schema(), spec);
    String specJson = spec.toJson();
    LongAccumulator rows = spark.sparkContext().longAccumulator("deepscore.vocab.rows");
    LongAccumulator invalid = spark.sparkContext().longAccumulator("deepscore.vocab.invalid");

    JavaPairRDD<Tuple2<Integer, String>, Long> counts =
        raw.javaRDD()
            .mapPartitionsToPair(
                partition -> countPartition(partition, layout, specJson, rows, invalid))
            .reduceByKey(Long::sum)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // (field -> [distinct tokens, total occurrences]) in one small job.
      Map<Integer, long[]> totals = new HashMap<>();
      counts
          .mapToPair(e -> new Tuple2<>(e._1()._1(), new long[] {1L, e._2()}))
          .reduceByKey((a, b) -> new long[] {a[0] + b[0], a[1] + b[1]})
          .collectAsMap()
          .forEach(totals::put);

      Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
      List<FieldSummary> summaries = new ArrayList<>();
      for (int f = 0; f < spec.fieldCount(); f++) {
        FieldSpec field = spec.field(f);
        final int fieldIndex = f;
        final long minCount = field.minCount();
        // Two more than max_size: a data token spelled like a reserved one (<pad>, <oov>) never
        // gets an id, so the vocabulary may need the next tokens to fill max_size.
        List<Tuple2<String, Long>> top =
            counts
                .filter(e -> e._1()._1() == fieldIndex && e._2() >= minCount)
                .map(e -> new Tuple2<>(e._1()._2(), e._2()))
                .takeOrdered(field.maxSize() + Vocabulary.RESERVED, new VocabularyOrder());
        List<TokenCount> tokenCounts = new ArrayList<>(top.size());
        for (Tuple2<String, Long> t : top) {
          tokenCounts.add(new TokenCount(t._1(), t._2()));
        }
        long[] total = totals.getOrDefault(f, new long[2]);
        Vocabulary vocabulary =
            Vocabulary.fromTopCounts(
                field.name(), tokenCounts, field.minCount(), field.maxSize(), total[0], total[1]);
        vocabularies.put(field.name(), vocabulary);
        summaries.add(
            new FieldSummary(
                field.name(), total[0], vocabulary.size() - 2, total[1], vocabulary.coverage()));
      }
      return new Result(
          vocabularies,
          summaries,
          rows.value(),
          invalid.value(),
          (System.nanoTime() - start) / 1e9);
    } finally {
      counts.unpersist(false);
    }
  }

  private static Iterator<Tuple2<Tuple2<Integer, String>, Long>> countPartition(
      Iterator<Row> partition,
      RawRowLayout layout,
      String specJson,
      LongAccumulator rows,
      LongAccumulator invalid) {
    FeatureSpec spec = FeatureSpec.fromJson(specJson);
    FieldAnalyzer[] analyzers = new FieldAnalyzer[spec.fieldCount()];
    List<Map<String, long[]>> local = new ArrayList<>(spec.fieldCount());
    for (int f = 0; f < analyzers.length; f++) {
      analyzers[f] = FieldAnalyzer.of(spec.field(f));
      local.add(new HashMap<>());
    }
    Object[] values = new Object[analyzers.length];
    long rowCount = 0;
    long invalidCount = 0;
    while (partition.hasNext()) {
      Row row = partition.next();
      rowCount++;
      if (layout.corruptRecord(row) != null) {
        invalidCount++;
        continue;
      }
      layout.values(row, values);
      for (int f = 0; f < analyzers.length; f++) {
        Map<String, long[]> counts = local.get(f);
        try {
          analyzers[f].analyze(
              values[f], token -> counts.computeIfAbsent(token, t -> new long[1])[0]++);
        } catch (InvalidValueException e) {
          invalidCount++;
        }
      }
    }
    rows.add(rowCount);
    invalid.add(invalidCount);
    List<Tuple2<Tuple2<Integer, String>, Long>> out = new ArrayList<>();
    for (int f = 0; f < local.size(); f++) {
      for (Map.Entry<String, long[]> e : local.get(f).entrySet()) {
        out.add(new Tuple2<>(new Tuple2<>(f, e.getKey()), e.getValue()[0]));
      }
    }
    return out.iterator();
  }

  /** Descending count, then ascending token: the vocabulary's id order. */
  static final class VocabularyOrder implements Comparator<Tuple2<String, Long>>, Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public int compare(Tuple2<String, Long> a, Tuple2<String, Long> b) {
      int byCount = Long.compare(b._2(), a._2());
      return byCount != 0 ? byCount : a._1().compareTo(b._1());
    }
  }
}
