package io.deepscore.spark.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.deepscore.errors.InvalidInputException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Makes "day 2" from a generated day 1: the same users, a share of them changed. A changed user's
 * app packages are each replaced, with probability {@code appShift}, by a package day 1 never had
 * ({@value #NEW_APP_PREFIX}{@code N}, one of {@value #NEW_APPS}): the app distribution shifts and
 * the apps field's OOV share rises, every other field stays as it was. Which users change and which
 * apps are replaced is a hash of the user id, the app and the seed: the same day 1, shares and seed
 * give the same day 2.
 */
public final class NextDay {

  /** Prefix of the packages that appear on day 2 only. */
  public static final String NEW_APP_PREFIX = "com.newvendor.app";

  /** Number of distinct day-2-only packages. */
  public static final int NEW_APPS = 500;

  private static final long SCALE = 1_000_000;

  private NextDay() {}

  /**
   * What {@link #write} did.
   *
   * @param rows users written (all of day 1's)
   * @param changed users whose apps were rewritten
   */
  public record Summary(long rows, long changed) {}

  /**
   * Reads day 1 (Parquet written by {@link UserDataGenerator}) and writes day 2 as Parquet.
   *
   * @param changedShare share of users whose apps change, in [0, 1]
   * @param appShift share of a changed user's apps replaced by day-2-only packages, in [0, 1]
   * @throws InvalidInputException if a share is out of range or day 1 lacks the columns
   */
  public static Summary write(
      SparkSession spark,
      String day1,
      String out,
      double changedShare,
      double appShift,
      long seed,
      boolean overwrite) {
    if (!(changedShare >= 0 && changedShare <= 1) || !(appShift >= 0 && appShift <= 1)) {
      throw new InvalidInputException(
          "the changed share and the app shift must be in [0, 1], got "
              + changedShare
              + " and "
              + appShift);
    }
    Dataset<Row> d1 = spark.read().parquet(day1);
    for (String c : new String[] {"user_id", "app_packages"}) {
      if (!java.util.Arrays.asList(d1.columns()).contains(c)) {
        throw new InvalidInputException(
            "day 1 at "
                + day1
                + " has no column '"
                + c
                + "': pass an output of deepscore generate");
      }
    }
    Column changed = below(xxhash64(col("user_id"), lit(seed)), changedShare);
    Column apps =
        transform(
            col("app_packages"),
            a ->
                when(
                        below(xxhash64(a, col("user_id"), lit(seed + 1)), appShift),
                        concat(
                            lit(NEW_APP_PREFIX),
                            pmod(xxhash64(a, lit(seed + 2)), lit(NEW_APPS)).cast("string")))
                    .otherwise(a));
    Dataset<Row> d2 =
        d1.withColumn("_changed", changed)
            .withColumn("app_packages", when(col("_changed"), apps).otherwise(col("app_packages")));
    d2.drop("_changed")
        .write()
        .mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
        .parquet(out);
    Dataset<Row> written = spark.read().parquet(out);
    long rows = written.count();
    long changedRows = d1.filter(changed).count();
    return new Summary(rows, changedRows);
  }

  /** Whether a hash falls in the first {@code share} of its range. */
  private static Column below(Column hash, double share) {
    return pmod(hash, lit(SCALE)).lt(lit(Math.round(share * SCALE)));
  }
}
