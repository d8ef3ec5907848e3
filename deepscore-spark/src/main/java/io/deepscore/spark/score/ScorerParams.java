package io.deepscore.spark.score;

import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/**
 * The params a scoring stage has, made once here so that the model ({@link DeepScorer}) and the
 * estimator that produces it ({@code DeepScoreEstimator}) declare them identically (Spark ML's
 * shared-params pattern, e.g. {@code HasOutputCol}, without Scala traits).
 */
public final class ScorerParams {

  /** Spark's words for the bad-row policy ({@code StringIndexer}'s). */
  public static final List<String> HANDLE_INVALID = List.of("error", "skip", "keep");

  private ScorerParams() {}

  /** The float probability column, default {@code score}. */
  public static Param<String> outputCol(Identifiable owner) {
    return new Param<>(owner, "outputCol", "name of the float probability column");
  }

  /** The reason column of {@code handleInvalid = keep}, default {@code reject_reason}. */
  public static Param<String> rejectReasonCol(Identifiable owner) {
    return new Param<>(
        owner,
        "rejectReasonCol",
        "with handleInvalid = keep: the column saying why a row has no score (null if scored)");
  }

  /** What to do with rows that cannot be encoded: {@code error}, {@code skip} or {@code keep}. */
  public static Param<String> handleInvalid(Identifiable owner) {
    return new Param<>(
        owner,
        "handleInvalid",
        "rows that cannot be encoded: error (fail naming the row and column), skip (drop them) or"
            + " keep (null score, reason in rejectReasonCol)",
        ParamValidators.inArray(HANDLE_INVALID));
  }
}
