package io.deepscore.spark.score;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.InvalidValueException;
import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF10;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.api.java.UDF7;
import org.apache.spark.sql.api.java.UDF8;
import org.apache.spark.sql.api.java.UDF9;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A SQL function scoring one row: {@code deepscore_score(col1, col2, ...)} over the raw columns of
 * the bundle's feature spec, in field order ({@code single} fields: string, {@code multi}:
 * array&lt;string&gt;), returns the float probability, or null for a row that cannot be encoded.
 *
 * <p>Row at a time: every call is one forward pass of one row, so it cannot batch. Expect one to
 * two orders of magnitude less throughput than {@link ScoreJob} or {@link DeepScorer} (see
 * docs/scoring.md); use it for ad-hoc queries and small tables. It still shares the model loaded
 * once per executor JVM and a scorer per task thread closed by a task completion listener. Scores
 * are the ones of the job (row results do not depend on the batch they were scored in; the tests
 * check it bitwise).
 */
public final class DeepScoreUdf {

  /** The usual function name. */
  public static final String DEFAULT_NAME = "deepscore_score";

  /** The most fields a spec may have for the UDF (Spark's Java UDF interfaces go to 22). */
  public static final int MAX_FIELDS = 10;

  private DeepScoreUdf() {}

  /**
   * Fetches and verifies the bundle, loads the model on the driver (failing fast), and registers
   * the function.
   *
   * @return the function, also usable from the DataFrame API ({@code fn.apply(col(...), ...)})
   * @throws IllegalArgumentException if the spec has more than {@value #MAX_FIELDS} fields
   */
  public static UserDefinedFunction register(SparkSession spark, String name, String modelUri) {
    ThreadPlan plan = ThreadPlan.derive(spark.sparkContext(), 0);
    BundleRef ref = BundleRef.resolve(spark, modelUri, null, plan);
    ref.load();
    RowScorer s = new RowScorer(ref, ref.bundle().spec().fieldCount());
    var type = DataTypes.FloatType;
    UserDefinedFunction fn =
        switch (s.fields) {
          case 1 -> functions.udf((UDF1<Object, Float>) a -> s.score(a), type);
          case 2 -> functions.udf((UDF2<Object, Object, Float>) (a, b) -> s.score(a, b), type);
          case 3 ->
              functions.udf(
                  (UDF3<Object, Object, Object, Float>) (a, b, c) -> s.score(a, b, c), type);
          case 4 ->
              functions.udf(
                  (UDF4<Object, Object, Object, Object, Float>) (a, b, c, d) -> s.score(a, b, c, d),
                  type);
          case 5 ->
              functions.udf(
                  (UDF5<Object, Object, Object, Object, Object, Float>)
                      (a, b, c, d, e) -> s.score(a, b, c, d, e),
                  type);
          case 6 ->
              functions.udf(
                  (UDF6<Object, Object, Object, Object, Object, Object, Float>)
                      (a, b, c, d, e, f) -> s.score(a, b, c, d, e, f),
                  type);
          case 7 ->
              functions.udf(
                  (UDF7<Object, Object, Object, Object, Object, Object, Object, Float>)
                      (a, b, c, d, e, f, g) -> s.score(a, b, c, d, e, f, g),
                  type);
          case 8 ->
              functions.udf(
                  (UDF8<Object, Object, Object, Object, Object, Object, Object, Object, Float>)
                      (a, b, c, d, e, f, g, h) -> s.score(a, b, c, d, e, f, g, h),
                  type);
          case 9 ->
              functions.udf(
                  (UDF9<
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Float>)
                      (a, b, c, d, e, f, g, h, i) -> s.score(a, b, c, d, e, f, g, h, i),
                  type);
          case 10 ->
              functions.udf(
                  (UDF10<
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Object,
                          Float>)
                      (a, b, c, d, e, f, g, h, i, j) -> s.score(a, b, c, d, e, f, g, h, i, j),
                  type);
          default ->
              throw new IllegalArgumentException(
                  "bundle "
                      + ref.bundleId()
                      + " has "
                      + s.fields
                      + " fields; the SQL function supports at most "
                      + MAX_FIELDS
                      + ": use ScoreJob or DeepScorer");
        };
    return spark.udf().register(name, fn);
  }

  /** Scores one row; shipped to executors inside the function. */
  static final class RowScorer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final BundleRef ref;
    final int fields;

    RowScorer(BundleRef ref, int fields) {
      this.ref = ref;
      this.fields = fields;
    }

    Float score(Object... raw) {
      for (int i = 0; i < raw.length; i++) {
        if (raw[i] instanceof scala.collection.Seq<?> seq) {
          raw[i] = scala.jdk.javaapi.CollectionConverters.asJava(seq);
        }
      }
      LoadedBundle loaded = ref.load();
      EncodedBatch batch = loaded.encoder().newBatch(1);
      try {
        loaded.encoder().encodeRow(raw, batch);
      } catch (InvalidValueException e) {
        return null;
      }
      float[] out = new float[1];
      try (TaskScorers.Lease lease = TaskScorers.acquire(ref, loaded)) {
        lease.scorer().score(batch, out);
      }
      return out[0];
    }
  }
}
