package io.deepscore.spark.parity;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.FeatureSpec;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.OutputPaths;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.score.ScoreConfig;
import io.deepscore.spark.score.ScoreJob;
import io.deepscore.spark.score.ScoreSummary;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * throughput. {@link #readScores} reads the Parquet output of {@code deepscore score} instead, and
 * {@link #scoreRaw} scores raw records through {@code deepscore score}'s own job. {@link #match}
 * pairs the result with the reference ({@link ReferenceScores}) by id.
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
   * The rows both sides scored, in the reference's order, and the ids only one side has.
   *
   * @param ids the matched rows' ids
   * @param referenceOnly how many reference ids have no candidate score
   * @param firstReferenceOnly the first of them (at most the list limit)
   * @param candidateOnly how many candidate ids are not in the reference
   * @param firstCandidateOnly the first of them (at most the list limit)
   */
  public record Matched(
      String[] ids,
      float[] reference,
      float[] candidate,
      int referenceOnly,
      List<String> firstReferenceOnly,
      int candidateOnly,
      List<String> firstCandidateOnly) {

    /** True when every id is on both sides. */
    public boolean complete() {
      return referenceOnly == 0 && candidateOnly == 0;
    }
  }

  /**
   * Matches the candidate's scores to the reference's: by id, or by row order when the reference
   * has no ids (then both must have the same number of rows).
   *
   * @param listLimit how many missing ids to list per side
   * @throws InvalidInputException if an id is missing or duplicated on one side, or the row counts
   *     differ without ids
   */
  public static Matched match(Scored reference, Scored candidate, int listLimit) {
    if (reference.ids() == null) {
      if (reference.scores().length != candidate.scores().length) {
        throw new InvalidInputException(
            "the reference has "
                + reference.scores().length
                + " scores but the JVM scored "
                + candidate.scores().length
                + " rows: compare the same rows (give the reference's ids to match them by id)");
      }
      return new Matched(
          candidate.ids(), reference.scores(), candidate.scores(), 0, List.of(), 0, List.of());
    }
    Map<String, Integer> candidateRow = index(candidate.ids(), "the JVM's rows");
    index(reference.ids(), "the reference");
    int n = reference.ids().length;
    String[] ids = new String[n];
    float[] ref = new float[n];
    float[] jvm = new float[n];
    int matched = 0;
    List<String> referenceOnly = new ArrayList<>();
    int referenceOnlyCount = 0;
    for (int i = 0; i < n; i++) {
      Integer j = candidateRow.remove(reference.ids()[i]);
      if (j == null) {
        referenceOnlyCount++;
        if (referenceOnly.size() < listLimit) {
          referenceOnly.add(reference.ids()[i]);
        }
        continue;
      }
      ids[matched] = reference.ids()[i];
      ref[matched] = reference.scores()[i];
      jvm[matched++] = candidate.scores()[j];
    }
    List<String> candidateOnly = new ArrayList<>();
    for (String id : candidate.ids()) {
      if (candidateRow.containsKey(id) && candidateOnly.size() < listLimit) {
        candidateOnly.add(id);
      }
    }
    return new Matched(
        Arrays.copyOf(ids, matched),
        Arrays.copyOf(ref, matched),
        Arrays.copyOf(jvm, matched),
        referenceOnlyCount,
        List.copyOf(referenceOnly),
        candidateRow.size(),
        List.copyOf(candidateOnly));
  }

  /**
   * Checks that every row has an id and no id occurs twice (before any scoring, so a bad reference
   * fails in seconds).
   *
   * @param side names the rows in the message, e.g. {@code the reference}
   * @throws InvalidInputException naming the row or the id
   */
  public static void requireUniqueIds(String[] ids, String side) {
    index(ids, side);
  }

  private static Map<String, Integer> index(String[] ids, String side) {
    Map<String, Integer> index = new HashMap<>(ids.length * 2);
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null) {
        throw new InvalidInputException(
            "row " + (i + 1) + " of " + side + " has no id: every row needs one to be matched");
      }
      if (index.put(ids[i], i) != null) {
        throw new InvalidInputException(
            "id '" + ids[i] + "' occurs twice in " + side + ": ids must be unique");
      }
    }
    return index;
  }

  /**
   * What {@link #scoreRaw} did.
   *
   * @param firstRejects the first rejected rows, as {@code id: reason}
   */
  public record RawScored(Scored scored, ScoreSummary summary, List<String> firstRejects) {}

  /**
   * Scores raw records with the bundle exactly as {@code deepscore score} does ({@link ScoreJob}:
   * the same reading, encoding, executors and scorers), into {@code workDir/scores} and {@code
   * workDir/rejects}, then reads the scores back.
   *
   * @param spec the bundle's feature spec (the raw records are read and checked against it)
   * @param rejectLimit how many rejected rows to return with their reason
   */
  public static RawScored scoreRaw(
      SparkSession spark,
      String input,
      InputFormat format,
      FeatureSpec spec,
      ScoreConfig.Builder config,
      Path workDir,
      int rejectLimit) {
    ScoreConfig c =
        config
            .output(workDir.resolve("scores").toString())
            .rejects(workDir.resolve("rejects").toString())
            .build();
    Dataset<Row> raw = RawInput.read(spark, input, format, spec, false);
    ScoreSummary summary = ScoreJob.run(spark, raw, c);
    Scored scores = readScores(spark, c.output(), spec.idColumn());
    List<String> rejects = new ArrayList<>();
    if (summary.rejected() > 0) {
      for (Row r :
          spark
              .read()
              .schema(FeaturizeJob.REJECTS_SCHEMA)
              .json(c.rejects())
              .limit(rejectLimit)
              .collectAsList()) {
        rejects.add(r.getAs("id") + ": " + r.getAs("reason"));
      }
    }
    return new RawScored(
        new Scored(scores.ids(), scores.scores(), summary.seconds()), summary, rejects);
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
