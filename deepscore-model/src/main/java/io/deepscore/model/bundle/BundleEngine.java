package io.deepscore.model.bundle;

import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import java.io.IOException;
import java.util.List;

/**
 * An engine that can score the model file(s) of a bundle: the service interface through which
 * engines plug into {@link ModelBundle}, which knows none of them. Implementations are found with
 * {@link java.util.ServiceLoader} ({@link BundleEngines}): a jar lists its engines in {@code
 * META-INF/services/io.deepscore.model.bundle.BundleEngine}, one class name per line, as DJL's
 * model-zoo providers are found. The four built in ({@code djl-pytorch}, {@code torchscript},
 * {@code onnx}, {@code xgboost}) are registered that way too; docs/architecture.md shows a fifth.
 *
 * <p>The other half of an engine is the writing side: a {@link
 * io.deepscore.model.train.TrainedModel} whose {@link
 * io.deepscore.model.train.TrainedModel#engine()} is this engine's {@link #id()} writes the files
 * named by {@link #modelFiles()} into a bundle being written ({@link ModelBundle#write}).
 *
 * <p>Implementations must be stateless and thread-safe, with a public no-argument constructor.
 * Per-thread setup (e.g. libtorch's intra-op threads) belongs in the loaded model's {@link
 * ScoringModel#newScorer()}, which runs on the thread that scores.
 */
public interface BundleEngine {

  /** The engine id recorded in the manifest ({@code [a-z0-9-]+}), e.g. {@code djl-pytorch}. */
  String id();

  /**
   * The files this engine reads, as paths inside the bundle ({@code /}-separated); the first is the
   * manifest's {@code model_file}. {@link ModelBundle#open} refuses a bundle that does not list all
   * of them.
   */
  List<String> modelFiles();

  /**
   * Engine-specific checks at {@link ModelBundle#open}, without loading any native library: e.g.
   * that the manifest carries the configuration the engine needs. The files' hashes, the spec, the
   * vocabularies and the input contract are already verified.
   *
   * @throws io.deepscore.errors.InvalidBundleException naming the bundle file and the fix
   */
  default void verify(ModelBundle bundle) {}

  /**
   * Loads the bundle's model for scoring; the caller closes it. Checks that need the loaded model
   * (e.g. that each embedding table has as many rows as its vocabulary) happen here and close the
   * model before throwing.
   *
   * @param settings the threads the model may use (see {@link EngineSettings} for how engines map
   *     them)
   * @throws IOException if a model file cannot be read or parsed ({@link ModelBundle#loadModel}
   *     reports it as an invalid bundle naming the file)
   * @throws io.deepscore.errors.DeepScoreException for checks that fail with a typed error
   */
  ScoringModel load(ModelBundle bundle, EngineSettings settings) throws IOException;
}
