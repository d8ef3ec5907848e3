package io.deepscore.model.onnx;

import io.deepscore.model.EngineSettings;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleEngine;
import io.deepscore.model.bundle.BundleManifest;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.util.List;

/**
 * The {@value OnnxModels#ENGINE} engine: an ONNX graph exported from PyTorch ({@value
 * OnnxModels#BUNDLE_FILE}), run by DJL's OnnxRuntime engine with inputs bound by field name. Never
 * loads libtorch.
 */
public final class OnnxEngine implements BundleEngine {

  @Override
  public String id() {
    return OnnxModels.ENGINE;
  }

  @Override
  public List<String> modelFiles() {
    return List.of(OnnxModels.BUNDLE_FILE);
  }

  @Override
  public ScoringModel load(ModelBundle bundle, EngineSettings settings) throws IOException {
    BundleManifest m = bundle.manifest();
    return OnnxScoringModel.load(
        bundle.file(m.modelFile()), m.inputContract(), m.output(), settings);
  }
}
