package io.deepscore.spark.score;

import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.io.RawInput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
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
 * Scores raw user records with a model bundle as a Spark ML {@link Transformer}: appends {@code
 * outputCol} (float probability) and {@value #REJECT_REASON_COLUMN} (string) to every input row.
 * Same engine as {@link ScoreJob}: the model once per executor JVM, one scorer per task, batches of
 * {@code batchSize} rows, a driver-side dry run before any work.
 *
 * <p>Params (typed, validated, read once per {@link #transform} call):
 *
 * <ul>
 *   <li>{@code modelUri} (required): the bundle, any URI {@link BundleFetcher} takes;
 *   <li>{@code outputCol}, default {@code score};
 *   <li>{@code batchSize} &gt; 0, default {@value ScoreConfig#DEFAULT_BATCH_SIZE};
 *   <li>{@code threads} &gt;= 0, libtorch intra-op threads per task, 0 (default) = derive ({@link
 *       ThreadPlan});
 *   <li>{@code handleInvalid}: {@code reject} (default) keeps a row that cannot be encoded with a
 *       null score and the reason in {@value #REJECT_REASON_COLUMN} (null for scored rows); {@code
 *       error} fails naming the row, file and column;
 *   <li>{@code rejectsPath} (optional): when set, {@code transform} also writes the rejected rows
 *       (JSON lines, {@link FeaturizeJob#REJECTS_SCHEMA}, replacing what is there). That is an
 *       eager action: the returned DataFrame is then persisted ({@code MEMORY_AND_DISK}) so rows
 *       are not scored twice; unpersist it when done.
 * </ul>
 *
 * <p>{@link #transformSchema} opens the bundle and checks the input schema against its feature spec
 * (column names and types, naming the column), so a Pipeline with a wrong input fails before any
 * job. Saved and loaded with {@link DefaultParamsWritable} / {@link #read()} (a Pipeline holding it
 * round-trips); only the params are saved, the bundle stays where {@code modelUri} points.
 */
public final class DeepScorer extends Transformer implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The column holding why a row got no score (null for scored rows). */
  public static final String REJECT_REASON_COLUMN = "reject_reason";

  private static final String REJECT_PREFIX = "_deepscore_reject_";

  private final String uid;

  private final Param<String> modelUri;

  private final Param<String> outputCol;

  private final IntParam batchSize;

  private final IntParam threads;

  private final Param<String> handleInvalid;

  private final Param<String> rejectsPath;

  /** A scorer with a random uid. */
  public DeepScorer() {
    this(Identifiable.randomUID("deepScorer"));
  }

  /** A scorer with the given uid (used by the reader). */
  public DeepScorer(String uid) {
    this.uid = uid;
    modelUri = new Param<>(this, "modelUri", "model bundle directory or URI (required)");
    outputCol = new Param<>(this, "outputCol", "name of the float probability column");
    batchSize =
        new IntParam(this, "batchSize", "rows per forward pass (> 0)", ParamValidators.gt(0));
    threads =
        new IntParam(
            this,
            "threads",
            "libtorch intra-op threads per task (>= 0, 0 = derive from executor cores)",
            ParamValidators.gtEq(0));
    handleInvalid =
        new Param<>(
            this,
            "handleInvalid",
            "what to do with rows that cannot be encoded: reject (null score and a reason) or"
                + " error",
            ParamValidators.inArray(List.of("reject", "error")));
    rejectsPath = new Param<>(this, "rejectsPath", "where to write rejected rows (optional)");
    setDefault(outputCol, "score");
    setDefault(batchSize, ScoreConfig.DEFAULT_BATCH_SIZE);
    setDefault(threads, 0);
    setDefault(handleInvalid, "reject");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The model bundle URI (required). */
  public Param<String> modelUri() {
    return modelUri;
  }

  /** The score column name. */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** Rows per forward pass. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** libtorch intra-op threads per task, 0 = derive. */
  public IntParam threads() {
    return threads;
  }

  /** {@code reject} or {@code error}. */
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  /** Where rejected rows are written (optional). */
  public Param<String> rejectsPath() {
    return rejectsPath;
  }

  public DeepScorer setModelUri(String v) {
    set(modelUri, v);
    return this;
  }

  public DeepScorer setOutputCol(String v) {
    set(outputCol, v);
    return this;
  }

  public DeepScorer setBatchSize(int v) {
    set(batchSize, v);
    return this;
  }

  public DeepScorer setThreads(int v) {
    set(threads, v);
    return this;
  }

  public DeepScorer setHandleInvalid(String v) {
    set(handleInvalid, v);
    return this;
  }

  public DeepScorer setRejectsPath(String v) {
    set(rejectsPath, v);
    return this;
  }

  public String getModelUri() {
    return getOrDefault(modelUri);
  }

  public String getOutputCol() {
    return getOrDefault(outputCol);
  }

  public int getBatchSize() {
    return (Integer) getOrDefault(batchSize);
  }

  public int getThreads() {
    return (Integer) getOrDefault(threads);
  }

  public String getHandleInvalid() {
    return getOrDefault(handleInvalid);
  }

  /** The reader Spark ML uses to load a saved scorer (and a Pipeline holding one). */
  public static MLReader<DeepScorer> read() {
    return new DefaultParamsReader<>();
  }

  /** Loads a scorer saved with {@code write().save(path)}. */
  public static DeepScorer load(String path) {
    return read().load(path);
  }

  /** The params of one transform call, read once. */
  private record Settings(
      String modelUri,
      String outputCol,
      int batchSize,
      int threads,
      InvalidRowPolicy policy,
      String rejectsPath) {}

  private Settings settings() {
    if (!isDefined(modelUri)) {
      throw new IllegalArgumentException(
          "DeepScorer " + uid + ": param modelUri is not set (setModelUri(bundle directory))");
    }
    return new Settings(
        getModelUri(),
        getOutputCol(),
        getBatchSize(),
        getThreads(),
        InvalidRowPolicy.parse(getHandleInvalid()),
        isDefined(rejectsPath) ? getOrDefault(rejectsPath) : null);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    Settings s = settings();
    SparkSession spark = SparkSession.active();
    BundleRef ref =
        BundleRef.resolve(
            spark, s.modelUri(), null, ThreadPlan.derive(spark.sparkContext(), s.threads()));
    return outputSchema(schema, ref.bundle().spec(), s);
  }

  private StructType outputSchema(StructType schema, FeatureSpec spec, Settings s) {
    Dataset<Row> empty = SparkSession.active().createDataFrame(List.of(), schema);
    StructType conformed =
        RawInput.conform(empty, spec, "the input of DeepScorer " + uid, false).schema();
    List<String> names = Arrays.asList(conformed.fieldNames());
    for (String c : List.of(s.outputCol(), REJECT_REASON_COLUMN)) {
      if (names.contains(c)) {
        throw new IllegalArgumentException(
            "DeepScorer " + uid + ": output column '" + c + "' already exists in the input");
      }
    }
    return conformed
        .add(DataTypes.createStructField(s.outputCol(), DataTypes.FloatType, true))
        .add(DataTypes.createStructField(REJECT_REASON_COLUMN, DataTypes.StringType, true));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    Settings s = settings();
    SparkSession spark = dataset.sparkSession();
    ThreadPlan plan = ThreadPlan.derive(spark.sparkContext(), s.threads());
    BundleRef ref = BundleRef.resolve(spark, s.modelUri(), null, plan);
    FeatureSpec spec = ref.bundle().spec();
    @SuppressWarnings("unchecked")
    Dataset<Row> df = (Dataset<Row>) dataset.toDF();
    StructType out = outputSchema(df.schema(), spec, s);
    Dataset<Row> input = RawInput.conform(df, spec, ScoreJob.describe(df), false);
    RawRowLayout layout = RawRowLayout.of(input.schema(), spec);
    List<StructField> tagged = new ArrayList<>(Arrays.asList(out.fields()));
    for (StructField f : FeaturizeJob.REJECTS_SCHEMA.fields()) {
      tagged.add(DataTypes.createStructField(REJECT_PREFIX + f.name(), f.dataType(), true));
    }
    TransformerOutput output = new TransformerOutput(input.schema().size(), tagged.size());
    LoadedBundle loaded = ref.load();
    ScoreJob.dryRun(ref, loaded, input, layout, s.batchSize(), s.policy(), output);

    Dataset<Row> rows =
        input.mapPartitions(
            new ScorePartition(ref, layout, s.batchSize(), s.policy(), output, null),
            Encoders.row(DataTypes.createStructType(tagged)));
    Column[] visible = new Column[out.size()];
    for (int i = 0; i < visible.length; i++) {
      visible[i] = functions.col(out.fields()[i].name());
    }
    if (s.rejectsPath() == null) {
      return rows.select(visible);
    }
    rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
    Column[] rejectCols = new Column[FeaturizeJob.REJECTS_SCHEMA.size()];
    for (int i = 0; i < rejectCols.length; i++) {
      String name = FeaturizeJob.REJECTS_SCHEMA.fields()[i].name();
      rejectCols[i] = functions.col(REJECT_PREFIX + name).as(name);
    }
    rows.filter(functions.col(REJECT_REASON_COLUMN).isNotNull())
        .select(rejectCols)
        .write()
        .mode(SaveMode.Overwrite)
        .json(s.rejectsPath());
    return rows.select(visible);
  }

  @Override
  public DeepScorer copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Input columns, score, reject_reason, then the hidden rejects columns. */
  private static final class TransformerOutput implements ScoringIterator.RowOutput {
    private static final long serialVersionUID = 1L;
    private final int inputWidth;
    private final int width;

    TransformerOutput(int inputWidth, int width) {
      this.inputWidth = inputWidth;
      this.width = width;
    }

    private Object[] copy(Row input) {
      Object[] out = new Object[width];
      for (int i = 0; i < inputWidth; i++) {
        out[i] = input.get(i);
      }
      return out;
    }

    @Override
    public Row scored(Row input, String id, float score) {
      Object[] out = copy(input);
      out[inputWidth] = score;
      return RowFactory.create(out);
    }

    @Override
    public Row rejected(Row input, Reject r) {
      Object[] out = copy(input);
      int c = inputWidth + 1;
      out[c++] = r.message();
      out[c++] = r.id();
      out[c++] = r.sourceFile();
      out[c++] = r.field();
      out[c++] = r.column();
      out[c++] = r.reason();
      out[c] = r.rawValue();
      return RowFactory.create(out);
    }
  }
}
