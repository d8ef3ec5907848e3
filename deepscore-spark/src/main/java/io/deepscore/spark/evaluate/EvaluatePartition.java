package io.deepscore.spark.evaluate;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.features.InvalidValueException;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.ExecutorCache;
import io.deepscore.spark.partition.RawRowLayout;
import io.deepscore.spark.score.ThreadPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;

/**
 * Scores one partition with every bundle of an evaluation: rows become {@code (label, score_0, ...,
 * score_k-1)}, or {@code (label, truth, score_0, ...)} when the data has a true-probability column
 * (generated data: the oracle). Models come from the per-JVM {@link ExecutorCache} (loaded once per
 * executor); scorers live for the partition and are closed in {@code finally}. The partition's
 * output (one int and k floats per row) is built before returning, so cleanup never depends on the
 * consumer draining an iterator.
 *
 * <p>A row is kept only when every bundle encodes it (and, with a holdout part, when its id falls
 * in that part); rows some bundle cannot encode, or with a null or non-0/1 label, are counted in
 * the {@code skipped} accumulator.
 */
final class EvaluatePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final String[] bundleDirs;
  private final String[] cacheKeys;
  private final RawRowLayout[] layouts;
  private final int[] encodedColumns;
  private final int idIndex;
  private final int labelIndex;
  private final int truthIndex;
  private final int batchSize;
  private final double validFraction;
  private final double testFraction;
  private final HoldoutSplit.Part part;
  private final ThreadPlan threads;
  private final LongAccumulator skipped;

  EvaluatePartition(
      String[] bundleDirs,
      String[] cacheKeys,
      RawRowLayout[] layouts,
      int[] encodedColumns,
      int idIndex,
      int labelIndex,
      int truthIndex,
      int batchSize,
      double validFraction,
      double testFraction,
      HoldoutSplit.Part part,
      ThreadPlan threads,
      LongAccumulator skipped) {
    this.bundleDirs = bundleDirs;
    this.cacheKeys = cacheKeys;
    this.layouts = layouts;
    this.encodedColumns = encodedColumns;
    this.idIndex = idIndex;
    this.labelIndex = labelIndex;
    this.truthIndex = truthIndex;
    this.batchSize = batchSize;
    this.validFraction = validFraction;
    this.testFraction = testFraction;
    this.part = part;
    this.threads = threads;
    this.skipped = skipped;
  }

  /** The executor cache key of a bundle's loaded model: its id plus its directory. */
  static String cacheKey(ModelBundle bundle) {
    return "evaluate:" + bundle.manifest().bundleId() + ":" + bundle.dir();
  }

  /**
   * Opens (verifying hashes) and loads a bundle with the job's thread plan (as scoring does: from
   * the executor's cores and the tasks it runs at once).
   */
  static ScoringModel load(String dir, ThreadPlan threads) {
    return ModelBundle.open(Path.of(dir))
        .loadModel(new EngineSettings(threads.intraOpThreads(), threads.interOpThreads()));
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    int k = bundleDirs.length;
    HoldoutSplit split = part == null ? null : new HoldoutSplit(validFraction, testFraction);
    Encoder[] encoders = new Encoder[k];
    EncodedBatch[] batches = new EncodedBatch[k];
    EncodedBatch[] scratch = new EncodedBatch[k];
    Scorer[] scorers = new Scorer[k];
    float[][] scores = new float[k][batchSize];
    int[] labels = new int[batchSize];
    float[] truths = truthIndex < 0 ? null : new float[batchSize];
    List<Row> out = new ArrayList<>();
    try {
      for (int i = 0; i < k; i++) {
        String dir = bundleDirs[i];
        ScoringModel model =
            ExecutorCache.get(cacheKeys[i], ScoringModel.class, () -> load(dir, threads));
        // The encoder (spec + vocabularies) is cached next to the model.
        encoders[i] =
            ExecutorCache.get(
                cacheKeys[i] + ":encoder",
                Encoder.class,
                () -> ModelBundle.open(Path.of(dir)).encoder());
        batches[i] = encoders[i].newBatch(batchSize);
        scratch[i] = encoders[i].newBatch(1);
        scorers[i] = model.newScorer();
      }
      Object[][] values = new Object[k][];
      for (int i = 0; i < k && layouts != null; i++) {
        values[i] = new Object[layouts[i].fieldCount()];
      }
      int[][] encoded = encodedColumns == null ? null : new int[encodedColumns.length][];
      while (input.hasNext()) {
        Row row = input.next();
        if (split != null) {
          String id = row.isNullAt(idIndex) ? "" : row.get(idIndex).toString();
          if (split.of(id) != part) {
            continue;
          }
        }
        if (row.isNullAt(labelIndex)) {
          skipped.add(1);
          continue;
        }
        int label = row.getInt(labelIndex);
        if (label != 0 && label != 1) {
          skipped.add(1);
          continue;
        }
        if (!append(row, encoders, batches, scratch, values, encoded)) {
          skipped.add(1);
          continue;
        }
        labels[batches[0].size() - 1] = label;
        if (truths != null) {
          truths[batches[0].size() - 1] =
              row.isNullAt(truthIndex) ? Float.NaN : ((Number) row.get(truthIndex)).floatValue();
        }
        if (batches[0].isFull()) {
          flush(batches, scorers, scores, labels, truths, out);
        }
      }
      if (!batches[0].isEmpty()) {
        flush(batches, scorers, scores, labels, truths, out);
      }
    } finally {
      for (Scorer s : scorers) {
        if (s != null) {
          s.close();
        }
      }
    }
    return out.iterator();
  }

  /** Appends the row to every bundle's batch, or to none; false if some bundle rejects it. */
  private boolean append(
      Row row,
      Encoder[] encoders,
      EncodedBatch[] batches,
      EncodedBatch[] scratch,
      Object[][] values,
      int[][] encoded) {
    int k = batches.length;
    if (encoded != null) {
      for (int f = 0; f < encoded.length; f++) {
        if (row.isNullAt(encodedColumns[f])) {
          return false;
        }
        List<Integer> ids = row.getList(encodedColumns[f]);
        int[] a = new int[ids.size()];
        for (int j = 0; j < a.length; j++) {
          a[j] = ids.get(j);
        }
        encoded[f] = a;
      }
      try {
        for (int i = 0; i < k; i++) {
          batches[i].appendEncoded(encoded);
        }
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "featurized row does not fit the bundle's max lengths: " + e.getMessage(), e);
      }
      return true;
    }
    // Encode into one-row scratch batches first, so a row rejected by a later bundle never
    // reaches an earlier bundle's batch.
    for (int i = 0; i < k; i++) {
      scratch[i].clear();
      try {
        encoders[i].encodeRow(layouts[i].values(row, values[i]), scratch[i]);
      } catch (InvalidValueException e) {
        return false;
      }
    }
    for (int i = 0; i < k; i++) {
      int[][] fields = new int[scratch[i].fieldCount()][];
      for (int f = 0; f < fields.length; f++) {
        fields[f] = scratch[i].field(f); // capacity 1: exactly maxLength ids
      }
      batches[i].appendEncoded(fields);
    }
    return true;
  }

  private static void flush(
      EncodedBatch[] batches,
      Scorer[] scorers,
      float[][] scores,
      int[] labels,
      float[] truths,
      List<Row> out) {
    int n = batches[0].size();
    for (int i = 0; i < batches.length; i++) {
      scorers[i].score(batches[i], scores[i]);
      batches[i].clear();
    }
    int first = truths == null ? 1 : 2;
    for (int r = 0; r < n; r++) {
      Object[] v = new Object[batches.length + first];
      v[0] = labels[r];
      if (truths != null) {
        v[1] = truths[r];
      }
      for (int i = 0; i < batches.length; i++) {
        v[i + first] = scores[i][r];
      }
      out.add(RowFactory.create(v));
    }
  }
}
