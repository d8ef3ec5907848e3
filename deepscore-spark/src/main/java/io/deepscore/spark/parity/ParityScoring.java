package io.deepscore.spark.parity;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.FeatureSpec;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.spark.io.OutputPaths;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.StructField;

/**
 * The JVM side of a parity check: scores of the same rows a Python reference scored, as float32 bit
 * patterns, then aligned with the reference by id.
 *
 * <p>{@link #scoreFeaturized} streams a featurized dataset (the Parquet of {@code deepscore
 * featurize}) to the driver partition by partition, in the same order as {@code featurize --format
 * npz} exported it, and scores it there with one {@link Scorer}: parity wants exact values, not
 * throughput. {@link #readScores} reads the Parquet output of {@code deepscore score} instead.
 */
public final class ParityScoring {

  private ParityScoring() {}

  /** Ids and float32 scores, row i of one is row i of the other. */
  public record Scored(String[] ids, float[] scores, double seconds) {}

  /**
   * Scores every row of a featurized dataset with {@code model}.
   *
   * @param batchSize rows per engine call
   * @throws IllegalArgumentException if a field column is missing, not array&lt;int&gt;, or of
   *     another length than the spec's max_length (naming the column and the row id)
   */
  public static Scored scoreFeaturized(
      SparkSession spark, String path, FeatureSpec spec, ScoringModel model, int batchSize) {
    OutputPaths.checkExists(spark, path, "featurized dataset");
    Dataset<Row> df = spark.read().parquet(path);
    String[] columns = new String[spec.fieldCount() + 1];
    columns[0] = spec.idColumn();
    for (int f = 0; f < spec.fieldCount(); f++) {
      columns[f + 1] = spec.field(f).name();
      DataType t = typeOf(df, columns[f + 1], path);
      if (!(t instanceof ArrayType)) {
        throw new IllegalArgumentException(
            "featurized dataset "
                + path
                + ": column '"
                + columns[f + 1]
                + "' is "
                + t.simpleString()
                + ", expected array<int> (is it the output of 'deepscore featurize'?)");
      }
    }
    typeOf(df, spec.idColumn(), path);
    int[] maxLengths = model.maxLengths();
    long rows = df.count();
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(path + " has " + rows + " rows: too many for one array");
    }
    String[] ids = new String[(int) rows];
    float[] scores = new float[(int) rows];
    EncodedBatch batch = new EncodedBatch(maxLengths, batchSize);
    float[] out = new float[batchSize];
    int[][] row = new int[maxLengths.length][];
    for (int f = 0; f < row.length; f++) {
      row[f] = new int[maxLengths[f]];
    }
    long start = System.nanoTime();
    int n = 0;
    int batchStart = 0;
    try (Scorer scorer = model.newScorer()) {
      Iterator<Row> it = df.selectExpr(columns).toLocalIterator();
      while (it.hasNext()) {
        Row r = it.next();
        String id = r.isNullAt(0) ? null : r.getString(0);
        for (int f = 0; f < row.length; f++) {
          List<Integer> values = r.getList(f + 1);
          if (values.size() != maxLengths[f]) {
            throw new IllegalArgumentException(
                "featurized dataset "
                    + path
                    + ", row with id '"
                    + id
                    + "': column '"
                    + columns[f + 1]
                    + "' has "
                    + values.size()
                    + " ids, the model's max_length is "
                    + maxLengths[f]
                    + " (featurized with another spec?)");
          }
          for (int i = 0; i < row[f].length; i++) {
            row[f][i] = values.get(i);
          }
        }
        if (n == ids.length) {
          throw new IllegalStateException(path + " changed while it was read (more rows)");
        }
        ids[n++] = id;
        batch.appendEncoded(row);
        if (batch.isFull()) {
          scorer.score(batch, out);
          System.arraycopy(out, 0, scores, batchStart, batch.size());
          batchStart += batch.size();
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        scorer.score(batch, out);
        System.arraycopy(out, 0, scores, batchStart, batch.size());
        batch.clear();
      }
    }
    if (n != ids.length) {
      throw new IllegalStateException(path + " changed while it was read (fewer rows)");
    }
    return new Scored(ids, scores, (System.nanoTime() - start) / 1e9);
  }

  /** Reads the id column and the float {@code score} column of a {@code deepscore score} output. */
  public static Scored readScores(SparkSession spark, String path, String idColumn) {
    OutputPaths.checkExists(spark, path, "scores");
    long start = System.nanoTime();
    Dataset<Row> df = spark.read().parquet(path);
    typeOf(df, idColumn, path);
    DataType t = typeOf(df, "score", path);
    if (!(t instanceof FloatType)) {
      throw new IllegalArgumentException(
          "scores " + path + ": column 'score' is " + t.simpleString() + ", expected float");
    }
    List<Row> rows = df.select(idColumn, "score").collectAsList();
    String[] ids = new String[rows.size()];
    float[] scores = new float[rows.size()];
    for (int i = 0; i < ids.length; i++) {
      Row r = rows.get(i);
      ids[i] = r.isNullAt(0) ? null : r.getString(0);
      scores[i] = r.isNullAt(1) ? Float.NaN : r.getFloat(1);
    }
    return new Scored(ids, scores, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The candidate's scores in the reference's row order, matched by id.
   *
   * @throws IllegalArgumentException if an id is duplicated or a reference id has no candidate
   *     score (the message counts them and shows the first)
   */
  public static float[] alignById(String[] referenceIds, Scored candidate) {
    Map<String, Integer> index = new HashMap<>(candidate.ids().length * 2);
    for (int i = 0; i < candidate.ids().length; i++) {
      if (index.put(candidate.ids()[i], i) != null) {
        throw new IllegalArgumentException(
            "id '" + candidate.ids()[i] + "' occurs twice in the JVM's rows: ids must be unique");
      }
    }
    float[] aligned = new float[referenceIds.length];
    int missing = 0;
    String firstMissing = null;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < referenceIds.length; i++) {
      if (!seen.add(referenceIds[i])) {
        throw new IllegalArgumentException(
            "id '" + referenceIds[i] + "' occurs twice in the reference ids: ids must be unique");
      }
      Integer j = index.get(referenceIds[i]);
      if (j == null) {
        missing++;
        firstMissing = firstMissing == null ? referenceIds[i] : firstMissing;
      } else {
        aligned[i] = candidate.scores()[j];
      }
    }
    if (missing > 0) {
      throw new IllegalArgumentException(
          missing
              + " of "
              + referenceIds.length
              + " reference ids have no JVM score (first: '"
              + firstMissing
              + "'): compare the same rows (the same featurized data, no rejected rows)");
    }
    return aligned;
  }

  private static DataType typeOf(Dataset<Row> df, String column, String path) {
    for (StructField f : df.schema().fields()) {
      if (f.name().equals(column)) {
        return f.dataType();
      }
    }
    throw new IllegalArgumentException(
        path
            + " has no column '"
            + column
            + "'; its columns are "
            + Arrays.toString(df.schema().fieldNames()));
  }
}
