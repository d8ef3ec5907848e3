package io.deepscore.spark.score;

import io.deepscore.errors.InvalidBundleException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.InvalidRowPolicy;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.spark.features.RawRowLayout;
import io.deepscore.spark.features.Reject;
import io.deepscore.spark.io.RawInput;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores raw user records with a model bundle as a Spark ML {@link Model}: appends {@code
 * outputCol} (float probability) to every input row. The model stage of {@code DeepScoreEstimator},
 * or built directly with {@link #forBundle}. Same engine as {@link ScoreJob}: the model once per
 * executor JVM, one scorer per task, batches of {@code batchSize} rows.
 *
 * <p>Params (typed, validated, read once per {@link #transform} call):
 *
 * <ul>
 *   <li>{@code modelUri} (required): the bundle, any URI {@link BundleFetcher} takes;
 *   <li>{@code bundleSha256}: the content hash of the bundle this stage was bound to ({@link
 *       ModelBundle#contentHash()}); set by {@link #forBundle}, by the estimator, and at save time.
 *       {@link #transform} refuses a bundle at {@code modelUri} whose hash differs, so a saved
 *       PipelineModel cannot silently score with a changed model;
 *   <li>{@code featureSpec}: the bundle's feature spec (JSON), which lets {@link #transformSchema}
 *       check the input columns without reading the bundle;
 *   <li>{@code outputCol}, default {@code score};
 *   <li>{@code handleInvalid}, Spark's words: {@code error} fails at the first row that cannot be
 *       encoded, naming the row, file and column; {@code skip} drops such rows; {@code keep}
 *       (default) keeps them with a null score and the reason in {@code rejectReasonCol} (default
 *       {@value #REJECT_REASON_COLUMN}), which exists only with {@code keep};
 *   <li>{@code batchSize} &gt; 0, default {@value ScoreConfig#DEFAULT_BATCH_SIZE};
 *   <li>{@code threads} &gt;= 0, engine threads per task, 0 (default) = derive ({@link
 *       ThreadPlan}).
 * </ul>
 *
 * <p>{@link #transformSchema} is pure (no I/O): it checks the input against {@code featureSpec}
 * when set, and the output columns. {@link #transform} is lazy: on the driver it resolves and
 * verifies the bundle (metadata only) and returns a plan; rows are read and scored only by the
 * caller's action, and nothing is written. Saved and loaded with Spark ML's writers ({@link
 * #write()}, {@link #read()}); a Pipeline holding it round-trips.
 */
public final class DeepScorer extends Model<DeepScorer> implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** The default of {@code rejectReasonCol}. */
  public static final String REJECT_REASON_COLUMN = "reject_reason";

  private final String uid;
  private final Param<String> modelUri;
  private final Param<String> bundleSha256;
  private final Param<String> featureSpec;
  private final Param<String> outputCol;
  private final Param<String> rejectReasonCol;
  private final Param<String> handleInvalid;
  private final IntParam batchSize;
  private final IntParam threads;

  /** A scorer with a random uid. */
  public DeepScorer() {
    this(Identifiable.randomUID("deepScorer"));
  }

  /** A scorer with the given uid (used by the reader). */
  public DeepScorer(String uid) {
    this.uid = uid;
    modelUri = new Param<>(this, "modelUri", "model bundle directory or URI (required)");
    bundleSha256 =
        new Param<>(this, "bundleSha256", "content hash of the bound bundle (manifest sha256)");
    featureSpec = new Param<>(this, "featureSpec", "the bundle's feature spec as JSON");
    outputCol = ScorerParams.outputCol(this);
    rejectReasonCol = ScorerParams.rejectReasonCol(this);
    handleInvalid = ScorerParams.handleInvalid(this);
    batchSize =
        new IntParam(this, "batchSize", "rows per forward pass (> 0)", ParamValidators.gt(0));
    threads =
        new IntParam(
            this,
            "threads",
            "engine threads per task (>= 0, 0 = derive from executor cores)",
            ParamValidators.gtEq(0));
    setDefault(outputCol, "score");
    setDefault(rejectReasonCol, REJECT_REASON_COLUMN);
    setDefault(handleInvalid, "keep");
    setDefault(batchSize, ScoreConfig.DEFAULT_BATCH_SIZE);
    setDefault(threads, 0);
  }

  /**
   * A scorer bound to the bundle at {@code uri}: fetches and verifies it once, on the driver, and
   * records its content hash and feature spec.
   */
  public static DeepScorer forBundle(SparkSession spark, String uri) {
    return new DeepScorer().setModelUri(uri).bind(spark);
  }

  /**
   * This scorer, or a copy of it with the {@code bundleSha256} and {@code featureSpec} of the
   * bundle it points at (this instance is not changed).
   */
  public DeepScorer bind(SparkSession spark) {
    if (isDefined(bundleSha256) && isDefined(featureSpec)) {
      return this;
    }
    ModelBundle bundle = resolve(spark, getThreads()).bundle();
    return copy(ParamMap.empty())
        .setBundleSha256(bundle.contentHash())
        .setFeatureSpec(bundle.spec().toJson());
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The model bundle URI (required). */
  public Param<String> modelUri() {
    return modelUri;
  }

  /** The content hash of the bound bundle. */
  public Param<String> bundleSha256() {
    return bundleSha256;
  }

  /** The bundle's feature spec (JSON). */
  public Param<String> featureSpec() {
    return featureSpec;
  }

  /** The score column name. */
  public Param<String> outputCol() {
    return outputCol;
  }

  /** The reason column of {@code handleInvalid = keep}. */
  public Param<String> rejectReasonCol() {
    return rejectReasonCol;
  }

  /** {@code error}, {@code skip} or {@code keep}. */
  public Param<String> handleInvalid() {
    return handleInvalid;
  }

  /** Rows per forward pass. */
  public IntParam batchSize() {
    return batchSize;
  }

  /** Engine threads per task, 0 = derive. */
  public IntParam threads() {
    return threads;
  }

  public DeepScorer setModelUri(String v) {
    return (DeepScorer) set(modelUri, v);
  }

  public DeepScorer setBundleSha256(String v) {
    return (DeepScorer) set(bundleSha256, v);
  }

  public DeepScorer setFeatureSpec(String json) {
    return (DeepScorer) set(featureSpec, json);
  }

  public DeepScorer setOutputCol(String v) {
    return (DeepScorer) set(outputCol, v);
  }

  public DeepScorer setRejectReasonCol(String v) {
    return (DeepScorer) set(rejectReasonCol, v);
  }

  public DeepScorer setHandleInvalid(String v) {
    return (DeepScorer) set(handleInvalid, v);
  }

  public DeepScorer setBatchSize(int v) {
    return (DeepScorer) set(batchSize, v);
  }

  public DeepScorer setThreads(int v) {
    return (DeepScorer) set(threads, v);
  }

  public String getModelUri() {
    return getOrDefault(modelUri);
  }

  public String getBundleSha256() {
    return isDefined(bundleSha256) ? getOrDefault(bundleSha256) : null;
  }

  public String getOutputCol() {
    return getOrDefault(outputCol);
  }

  public String getRejectReasonCol() {
    return getOrDefault(rejectReasonCol);
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

  /** Saves the params; a scorer not yet bound to its bundle's hash is bound first (one fetch). */
  @Override
  public MLWriter write() {
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        DefaultParamsWriter$.MODULE$.saveMetadata(bind(sparkSession()), path, sparkSession());
      }
    };
  }

  private BundleRef resolve(SparkSession spark, int requestedThreads) {
    if (!isDefined(modelUri)) {
      throw new InvalidInputException(
          "DeepScorer " + uid + ": param modelUri is not set (setModelUri(bundle directory))");
    }
    ThreadPlan plan = ThreadPlan.derive(spark.sparkContext(), requestedThreads);
    return BundleRef.resolve(spark, getModelUri(), null, plan);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    StructType in = schema;
    if (isDefined(featureSpec)) {
      in = conform(schema, FeatureSpec.fromJson(getOrDefault(featureSpec)));
    }
    return outputSchema(in);
  }

  /** The input columns as the spec reads them (checked; no data is touched). */
  private StructType conform(StructType schema, FeatureSpec spec) {
    Dataset<Row> empty = SparkSession.active().createDataFrame(List.of(), schema);
    return RawInput.conform(empty, spec, "the input of DeepScorer " + uid, false).schema();
  }

  private StructType outputSchema(StructType in) {
    List<String> names = Arrays.asList(in.fieldNames());
    boolean keep = "keep".equals(getHandleInvalid());
    for (String c :
        keep ? List.of(getOutputCol(), getRejectReasonCol()) : List.of(getOutputCol())) {
      if (names.contains(c)) {
        throw new InvalidInputException(
            "DeepScorer " + uid + ": output column '" + c + "' already exists in the input");
      }
    }
    StructType out = in.add(DataTypes.createStructField(getOutputCol(), DataTypes.FloatType, true));
    return keep
        ? out.add(DataTypes.createStructField(getRejectReasonCol(), DataTypes.StringType, true))
        : out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    String policy = getHandleInvalid();
    SparkSession spark = dataset.sparkSession();
    BundleRef ref = resolve(spark, getThreads());
    String recorded = getBundleSha256();
    if (recorded != null && !recorded.equals(ref.bundle().contentHash())) {
      throw new InvalidBundleException(
          "model bundle "
              + getModelUri()
              + " changed since DeepScorer "
              + uid
              + " was bound to it (content sha256 "
              + ref.bundle().contentHash()
              + ", the stage recorded "
              + recorded
              + "): point modelUri at the bundle the stage was saved with, or fit it again");
    }
    FeatureSpec spec = ref.bundle().spec();
    @SuppressWarnings("unchecked")
    Dataset<Row> df = (Dataset<Row>) dataset.toDF();
    Dataset<Row> input = RawInput.conform(df, spec, ScoreJob.describe(df), false);
    StructType out = outputSchema(input.schema());
    StructType scored =
        input
            .schema()
            .add(DataTypes.createStructField(getOutputCol(), DataTypes.FloatType, true))
            .add(DataTypes.createStructField(getRejectReasonCol(), DataTypes.StringType, true));
    Dataset<Row> rows =
        input.mapPartitions(
            new ScorePartition(
                ref,
                RawRowLayout.of(input.schema(), spec),
                getBatchSize(),
                "error".equals(policy) ? InvalidRowPolicy.ERROR : InvalidRowPolicy.REJECT,
                new TransformerOutput(input.schema().size()),
                null),
            Encoders.row(scored));
    if ("skip".equals(policy)) {
      rows = rows.filter(functions.col(getRejectReasonCol()).isNull());
    }
    return rows.selectExpr(quoted(out.fieldNames()));
  }

  private static String[] quoted(String[] names) {
    return Arrays.stream(names).map(n -> "`" + n.replace("`", "``") + "`").toArray(String[]::new);
  }

  @Override
  public DeepScorer copy(ParamMap extra) {
    DeepScorer copy = defaultCopy(extra);
    return copy.setParent(parent());
  }

  /** Input columns, then the score, then the reason (null for scored rows). */
  private static final class TransformerOutput implements ScoringIterator.RowOutput {
    private static final long serialVersionUID = 1L;
    private final int inputWidth;

    TransformerOutput(int inputWidth) {
      this.inputWidth = inputWidth;
    }

    private Object[] copy(Row input) {
      Object[] out = new Object[inputWidth + 2];
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
      out[inputWidth + 1] = r.message();
      return RowFactory.create(out);
    }
  }
}
