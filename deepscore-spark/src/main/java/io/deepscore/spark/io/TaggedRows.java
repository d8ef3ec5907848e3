package io.deepscore.spark.io;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The rows a job's single pass produces before they are split into outputs: the output columns,
 * then the rejects columns ({@link #REJECTS_SCHEMA}, prefixed {@value #PREFIX}; null for a row that
 * was not rejected), then one boolean per spec field, whether the row's value was null. {@code
 * score} splits and counts them in its one write job (its {@code PassFormat}); {@code featurize}
 * persists them, writes the accepted rows and the rejected rows, and counts them with {@link
 * #count}. Either way counts come from the rows themselves, so retried or recomputed tasks cannot
 * inflate them.
 *
 * <p>Instances lay out one job's rows: immutable and serializable (executors build rows with it).
 */
public final class TaggedRows implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Columns of every rejects output (featurize and score). */
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

  /** Prefix of the rejects columns inside tagged rows. */
  public static final String PREFIX = "_reject_";

  private static final String NULL_PREFIX = "_null_";

  /** The most distinct (field, reason) pairs kept in {@link Counts#topReasons()}. */
  public static final int TOP_REASONS = 20;

  private final StructType output;
  private final int fieldCount;

  /**
   * @param output the schema of the accepted rows' output
   * @param fieldCount the number of spec fields (null flags)
   */
  public TaggedRows(StructType output, int fieldCount) {
    this.output = output;
    this.fieldCount = fieldCount;
  }

  /** The tagged schema: output columns (nullable), rejects columns, null flags. */
  public StructType schema() {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : output.fields()) {
      fields.add(DataTypes.createStructField(f.name(), f.dataType(), true));
    }
    for (StructField f : REJECTS_SCHEMA.fields()) {
      fields.add(DataTypes.createStructField(PREFIX + f.name(), f.dataType(), true));
    }
    for (int f = 0; f < fieldCount; f++) {
      fields.add(DataTypes.createStructField(NULL_PREFIX + f, DataTypes.BooleanType, false));
    }
    return DataTypes.createStructType(fields);
  }

  /** The number of values of a tagged row. */
  public int width() {
    return output.size() + REJECTS_SCHEMA.size() + fieldCount;
  }

  /** Index of the first null flag in a tagged row (flags of fields 0..n-1 follow). */
  public int nullFlagsOffset() {
    return output.size() + REJECTS_SCHEMA.size();
  }

  /** Index of the first rejects column in a tagged row (the six follow in schema order). */
  public int rejectsOffset() {
    return output.size();
  }

  /** The accepted rows, as the output schema. */
  public Dataset<Row> accepted(Dataset<Row> tagged) {
    return tagged.filter(rejectField().isNull()).select(columns(output, ""));
  }

  /** The rejected rows, as {@link #REJECTS_SCHEMA}. */
  public Dataset<Row> rejects(Dataset<Row> tagged) {
    return tagged.filter(rejectField().isNotNull()).select(columns(REJECTS_SCHEMA, PREFIX));
  }

  private static Column rejectField() {
    return functions.col(PREFIX + "field");
  }

  private static Column[] columns(StructType schema, String prefix) {
    Column[] c = new Column[schema.size()];
    for (int i = 0; i < c.length; i++) {
      String name = schema.fields()[i].name();
      c[i] = functions.col(prefix + name).as(name);
    }
    return c;
  }

  /**
   * What the tagged rows hold.
   *
   * @param rowsIn all rows
   * @param accepted rows not rejected
   * @param rejected rows rejected
   * @param rejectedByField rejected rows per field at fault ({@code _record}: unparsable record,
   *     {@code _id}: no id), sorted by field
   * @param topReasons the most frequent (field, reason) pairs, most frequent first, at most {@value
   *     #TOP_REASONS}
   * @param nullsByField per spec field (spec order), rows whose value was null
   * @param extras the sums of the caller's extra columns over the accepted rows
   */
  public record Counts(
      long rowsIn,
      long accepted,
      long rejected,
      Map<String, Long> rejectedByField,
      List<ReasonCount> topReasons,
      Map<String, Long> nullsByField,
      long[] extras) {

    /** Copies the collections. */
    public Counts {
      rejectedByField = java.util.Collections.unmodifiableMap(new TreeMap<>(rejectedByField));
      topReasons = List.copyOf(topReasons);
      nullsByField = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nullsByField));
      extras = extras.clone();
    }

    /**
     * The counts of {@code accepted} rows and of the rejected rows {@code reasons} lists (one entry
     * per distinct field and reason, in any order).
     *
     * @param nulls per spec field (spec order), rows whose value was null
     */
    public static Counts of(
        long accepted,
        List<ReasonCount> reasons,
        List<String> fieldNames,
        long[] nulls,
        long[] extras) {
      long rejected = 0;
      Map<String, Long> byField = new TreeMap<>();
      for (ReasonCount c : reasons) {
        rejected += c.rows();
        byField.merge(c.field(), c.rows(), Long::sum);
      }
      List<ReasonCount> top = new ArrayList<>(reasons);
      top.sort(
          Comparator.comparingLong(ReasonCount::rows)
              .reversed()
              .thenComparing(ReasonCount::field)
              .thenComparing(ReasonCount::reason));
      Map<String, Long> nullsByField = new LinkedHashMap<>();
      for (int f = 0; f < nulls.length; f++) {
        nullsByField.put(fieldNames.get(f), nulls[f]);
      }
      return new Counts(
          accepted + rejected,
          accepted,
          rejected,
          byField,
          top.subList(0, Math.min(TOP_REASONS, top.size())),
          nullsByField,
          extras);
    }

    /** The rejected share of the input, 0 for no input. */
    public double rejectedFraction() {
      return rowsIn == 0 ? 0 : (double) rejected / rowsIn;
    }
  }

  /** How many rows were rejected for one reason. */
  public record ReasonCount(String field, String reason, long rows) {
    /** As a run-info JSON object: {@code {"field":..., "reason":..., "rows":...}}. */
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", field);
      m.put("reason", reason);
      m.put("rows", rows);
      return m;
    }
  }

  /**
   * Counts the tagged rows in one aggregation.
   *
   * @param fieldNames the spec's field names in spec order (names of the null counts)
   * @param extraSums integer expressions summed over the accepted rows (0 for rejected rows)
   */
  public static Counts count(Dataset<Row> tagged, List<String> fieldNames, Column... extraSums) {
    List<Column> aggs = new ArrayList<>();
    for (int f = 0; f < fieldNames.size(); f++) {
      aggs.add(functions.sum(functions.col(NULL_PREFIX + f).cast(DataTypes.LongType)));
    }
    for (Column e : extraSums) {
      aggs.add(functions.sum(e.cast(DataTypes.LongType)));
    }
    long accepted = 0;
    long[] nulls = new long[fieldNames.size()];
    long[] extras = new long[extraSums.length];
    List<ReasonCount> reasons = new ArrayList<>();
    for (Row r :
        tagged
            .groupBy(rejectField(), functions.col(PREFIX + "reason"))
            .agg(functions.count(functions.lit(1)), aggs.toArray(new Column[0]))
            .collectAsList()) {
      long n = r.getLong(2);
      for (int f = 0; f < nulls.length; f++) {
        nulls[f] += r.isNullAt(3 + f) ? 0 : r.getLong(3 + f);
      }
      if (r.isNullAt(0)) {
        accepted += n;
        for (int e = 0; e < extras.length; e++) {
          int i = 3 + nulls.length + e;
          extras[e] += r.isNullAt(i) ? 0 : r.getLong(i);
        }
      } else {
        reasons.add(new ReasonCount(r.getString(0), r.getString(1), n));
      }
    }
    return Counts.of(accepted, reasons, fieldNames, nulls, extras);
  }

  @Override
  public String toString() {
    return "TaggedRows" + Arrays.toString(schema().fieldNames());
  }
}
