package io.deepscore.model.network;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleEngine;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.BundleManifest;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.nn.DeepScoreNetwork;
import java.io.IOException;
import java.util.List;

/**
 * The {@value #ID} engine: a {@link DeepScoreNetwork} trained in Java ({@link DnnTrainer}), its
 * weights in DJL's {@code .params} format at {@value #WEIGHTS}, its architecture in the manifest's
 * {@code network} entry, run by DJL's PyTorch engine. Loading rebuilds the network from the
 * manifest and the vocabulary sizes, loads the weights, and checks every embedding table against
 * its vocabulary.
 */
public final class NetworkEngine implements BundleEngine {

  /** The engine id in manifests. */
  public static final String ID = "djl-pytorch";

  /** The weights inside a bundle. */
  public static final String WEIGHTS = "model/deepscore-0000.params";

  /** The DJL model name of the weights file ({@code <name>-<epoch>.params}). */
  static final String WEIGHTS_NAME = "deepscore";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<String> modelFiles() {
    return List.of(WEIGHTS);
  }

  @Override
  public void verify(ModelBundle bundle) {
    networkConfig(bundle);
  }

  @Override
  public ScoringModel load(ModelBundle bundle, EngineSettings settings) throws IOException {
    BundleManifest m = bundle.manifest();
    long[] sizes = bundle.vocabSizes();
    DeepScoreNetwork net = new DeepScoreNetwork(networkConfig(bundle), sizes);
    DjlScoringModel model =
        DjlScoringModel.load(
            ID, bundle.file(m.modelFile()), net, m.maxLengths(), m.output(), settings);
    try {
      checkTables(bundle, net, sizes);
    } catch (BundleException e) {
      model.close();
      throw e;
    }
    return model;
  }

  private static NetworkConfig networkConfig(ModelBundle bundle) {
    if (bundle.manifest().network().isEmpty()) {
      throw new BundleException(
          "bundle " + bundle.dir() + ": engine " + ID + " needs a 'network' entry in the manifest");
    }
    try {
      return NetworkConfig.fromMap(bundle.manifest().network());
    } catch (RuntimeException e) {
      throw new BundleException(
          "bundle " + bundle.dir() + ": manifest entry 'network': " + e.getMessage(), e);
    }
  }

  /** Every field's embedding table must have one row per vocabulary id. */
  private static void checkTables(ModelBundle bundle, DeepScoreNetwork net, long[] sizes) {
    int f = 0;
    for (var pair : net.getParameters()) {
      Parameter p = pair.getValue();
      if (!pair.getKey().endsWith("_weight") || !pair.getKey().contains("field")) {
        continue;
      }
      Shape s = p.getArray().getShape();
      if (f < sizes.length && s.get(0) != sizes[f]) {
        throw new BundleException(
            "bundle file "
                + bundle.manifest().modelFile()
                + " has an embedding table of "
                + s.get(0)
                + " rows for field '"
                + bundle.spec().field(f).name()
                + "' but its vocabulary has "
                + sizes[f]
                + " ids: weights and vocabularies are from different trainings; re-write the"
                + " bundle");
      }
      f++;
    }
  }
}
