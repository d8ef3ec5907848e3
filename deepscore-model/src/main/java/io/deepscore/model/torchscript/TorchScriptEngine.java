package io.deepscore.model.torchscript;

import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleEngine;
import io.deepscore.model.bundle.BundleManifest;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.util.List;

/**
 * The {@value TorchScriptModels#ENGINE} engine: a TorchScript program exported from PyTorch
 * ({@value TorchScriptModels#BUNDLE_FILE}, checked by {@link TorchScriptModels#validate} when it
 * was bundled), run by DJL's PyTorch engine.
 */
public final class TorchScriptEngine implements BundleEngine {

  @Override
  public String id() {
    return TorchScriptModels.ENGINE;
  }

  @Override
  public List<String> modelFiles() {
    return List.of(TorchScriptModels.BUNDLE_FILE);
  }

  @Override
  public ScoringModel load(ModelBundle bundle, EngineSettings settings) throws IOException {
    BundleManifest m = bundle.manifest();
    return TorchScriptModels.load(bundle.file(m.modelFile()), m.maxLengths(), m.output(), settings);
  }
}
