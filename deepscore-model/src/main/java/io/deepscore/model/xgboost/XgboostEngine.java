package io.deepscore.model.xgboost;

import io.deepscore.errors.DeepScoreException;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleEngine;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.BundleManifest;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.util.List;

/**
 * The {@value #ID} engine: gradient-boosted trees trained by {@link XgboostTrainer}, in XGBoost's
 * UBJ format at {@value #MODEL_FILE}, scored on the multi-hot layout of the bundle's vocabularies
 * ({@link MultiHotLayout}). {@code numThreads} of the settings is XGBoost's {@code nthread} per
 * scorer. Never loads libtorch.
 */
public final class XgboostEngine implements BundleEngine {

  /** The engine id in manifests. */
  public static final String ID = "xgboost";

  /** The model inside a bundle (XGBoost's UBJ format). */
  public static final String MODEL_FILE = "model/model.ubj";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<String> modelFiles() {
    return List.of(MODEL_FILE);
  }

  @Override
  public ScoringModel load(ModelBundle bundle, EngineSettings settings) throws IOException {
    BundleManifest m = bundle.manifest();
    try {
      return XgboostScoringModel.load(
          bundle.file(m.modelFile()), m.maxLengths(), bundle.vocabSizes(), settings);
    } catch (DeepScoreException e) {
      throw new BundleException(
          "bundle file "
              + m.modelFile()
              + " in "
              + bundle.dir()
              + ": "
              + e.getMessage()
              + "; re-write the bundle",
          e);
    }
  }
}
