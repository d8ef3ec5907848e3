package io.deepscore.spark.ml;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.HoldoutSplit;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.train.Trainer;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.xgboost.XgboostParams;
import io.deepscore.model.xgboost.XgboostTrainer;
import io.deepscore.spark.features.FeaturizeJob;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.io.RawInput;
import io.deepscore.spark.score.DeepScorer;
import io.deepscore.spark.train.EncodedDatasets;
import io.deepscore.spark.train.TrainJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Vocabularies, training and scoring as one Spark ML {@code Pipeline} stage: {@link #fit} counts
 * the vocabularies of the labelled raw records, encodes them, trains the configured algorithm
 * ({@code dnn}, {@code logistic} or {@code xgboost}) with early stopping on a validation part split
 * by a hash of the id, writes a verified model bundle under {@code bundleDir}, and returns a {@link
 * DeepScorer} bound to that bundle (its content hash and feature spec). Same code as {@code
 * deepscore vocab}, {@code featurize} and {@code train}, without files in between.
 *
 * <p>Params are typed and validated; the algorithm ones left unset take the algorithm's defaults
 * ({@code maxIter} is epochs for the networks and boosting rounds for XGBoost, {@code stepSize} the
 * learning rate or eta). {@link #transformSchema} is pure: it checks the input (features and label)
 * against {@code featureSpec}. The bundle goes to {@code bundleDir/<bundle id>}: the id is a hash
 * of the bundle's files, so fitting the same data with the same seed twice finds the same bundle.
 */
public final class DeepScoreEstimator extends DeepScoreEstimatorParams
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  /** An estimator with a random uid. */
  public DeepScoreEstimator() {
    this(Identifiable.randomUID("deepScoreEstimator"));
  }

  /** An estimator with the given uid (used by the reader). */
  public DeepScoreEstimator(String uid) {
    super(uid);
  }

  /** The reader Spark ML uses to load a saved estimator (and a Pipeline holding one). */
  public static MLReader<DeepScoreEstimator> read() {
    return new DefaultParamsReader<>();
  }

  private FeatureSpec spec() {
    if (!isDefined(featureSpec)) {
      throw new InvalidInputException(
          "DeepScoreEstimator " + uid + ": param featureSpec is not set (setFeatureSpec(spec))");
    }
    FeatureSpec spec = FeatureSpec.fromJson(getOrDefault(featureSpec));
    if (spec.labelColumn().isEmpty()) {
      throw new InvalidInputException(
          "DeepScoreEstimator " + uid + ": the feature spec has no label_column: cannot train");
    }
    return spec;
  }

  /** The fitted scorer's schema; checks the input's features and label against the spec. */
  @Override
  public StructType transformSchema(StructType schema) {
    FeatureSpec spec = spec();
    Dataset<Row> empty = SparkSession.active().createDataFrame(List.of(), schema);
    RawInput.conform(empty, spec, "the input of DeepScoreEstimator " + uid, true);
    return scorer().setFeatureSpec(spec.toJson()).transformSchema(schema);
  }

  /** A scorer with this estimator's scoring params, not yet bound to a bundle. */
  private DeepScorer scorer() {
    return new DeepScorer(uid)
        .setOutputCol(getOrDefault(outputCol))
        .setRejectReasonCol(getOrDefault(rejectReasonCol))
        .setHandleInvalid(getOrDefault(handleInvalid));
  }

  @Override
  public DeepScorer fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    FeatureSpec spec = spec();
    if (!isDefined(bundleDir)) {
      throw new InvalidInputException(
          "DeepScoreEstimator " + uid + ": param bundleDir is not set (setBundleDir(directory))");
    }
    SparkSession spark = dataset.sparkSession();
    String what = "the input of DeepScoreEstimator " + uid;
    @SuppressWarnings("unchecked")
    Dataset<Row> input = RawInput.conform((Dataset<Row>) dataset.toDF(), spec, what, true);
    VocabularyJob.Result vocab = VocabularyJob.build(spark, input, spec);
    Dataset<Row> encoded = FeaturizeJob.encode(spark, input, spec, vocab.vocabularies());
    HoldoutSplit split =
        new HoldoutSplit((Double) getOrDefault(validFraction), (Double) getOrDefault(testFraction));
    EncodedDatasets.Parts parts = EncodedDatasets.load(encoded, what, spec, split);
    Path parent = Path.of(getOrDefault(bundleDir));
    Path tmp = parent.resolve(".fit-" + UUID.randomUUID());
    TrainJob.Config config =
        new TrainJob.Config(
            spec,
            vocab.vocabularies(),
            null,
            null,
            split,
            trainer(),
            (Double) getOrDefault(targetPrecision),
            tmp,
            isDefined(bundleName) ? getOrDefault(bundleName) : spec.name());
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("dataframe", what);
    source.put("valid_fraction", split.validFraction());
    source.put("test_fraction", split.testFraction());
    TrainJob.Result result = TrainJob.train(parts, config, source, TrainingListener.NONE);
    Path target = settle(tmp, parent.resolve(result.bundle().manifest().bundleId()));
    DeepScorer model = scorer().setModelUri(target.toString());
    return model.bind(spark).setParent(this);
  }

  /** Moves a written bundle to its content-named place; an identical bundle there wins. */
  private static Path settle(Path written, Path target) {
    try {
      Files.move(written, target);
    } catch (FileAlreadyExistsException e) {
      delete(written);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move " + written + " to " + target, e);
    }
    return target;
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** The configured algorithm; params left unset take its defaults. */
  Trainer trainer() {
    long s = (Long) getOrDefault(seed);
    int t = (Integer) getOrDefault(threads);
    if ("xgboost".equals(getOrDefault(algorithm))) {
      XgboostParams p = XgboostParams.defaults().withSeed(s).withThreads(t);
      p = isDefined(maxIter) ? p.withMaxRounds((Integer) getOrDefault(maxIter)) : p;
      p = isDefined(patience) ? p.withEarlyStoppingRounds((Integer) getOrDefault(patience)) : p;
      p = isDefined(stepSize) ? p.withEta((Double) getOrDefault(stepSize)) : p;
      return new XgboostTrainer(
          isDefined(maxDepth) ? p.withMaxDepth((Integer) getOrDefault(maxDepth)) : p);
    }
    TrainingConfig c = TrainingConfig.defaults().withSeed(s).withThreads(t);
    c = isDefined(maxIter) ? c.withMaxEpochs((Integer) getOrDefault(maxIter)) : c;
    c = isDefined(patience) ? c.withPatience((Integer) getOrDefault(patience)) : c;
    c =
        isDefined(stepSize)
            ? c.withLearningRate(((Double) getOrDefault(stepSize)).floatValue())
            : c;
    c = isDefined(batchSize) ? c.withBatchSize((Integer) getOrDefault(batchSize)) : c;
    c =
        isDefined(weightDecay)
            ? c.withWeightDecay(((Double) getOrDefault(weightDecay)).floatValue())
            : c;
    if ("logistic".equals(getOrDefault(algorithm))) {
      return new DnnTrainer(NetworkConfig.logistic(), c);
    }
    NetworkConfig n = NetworkConfig.dnn();
    n = isDefined(embeddingDim) ? n.withEmbeddingDim((Integer) getOrDefault(embeddingDim)) : n;
    n =
        isDefined(hiddenLayers)
            ? n.withHiddenSizes(
                java.util.Arrays.stream(getOrDefault(hiddenLayers)).boxed().toList())
            : n;
    n = isDefined(dropout) ? n.withDropout(((Double) getOrDefault(dropout)).floatValue()) : n;
    return new DnnTrainer(n, c);
  }

  @Override
  public DeepScoreEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
