package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepscore.features.EncodedBatch;
import io.deepscore.model.bundle.BundleEngines;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.toy.ToyEngine;
import io.deepscore.model.toy.ToyModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fifth engine is one package ({@code io.deepscore.model.toy}, test sources) plus one line in
 * {@code META-INF/services}: bundles of it are written, verified, opened and scored by the same
 * {@link ModelBundle} code as the four built-in engines.
 */
class FifthEngineTest {

  @TempDir Path tmp;

  @Test
  void aPlugInEngineIsFoundWrittenVerifiedAndScored() throws IOException {
    assertThat(BundleEngines.ids())
        .contains("djl-pytorch", "torchscript", "onnx", "xgboost", ToyEngine.ID);
    Synthetic data = new Synthetic(50, 3);
    ToyModel toy = new ToyModel(-1.0, new double[] {0.5, 0.25, -0.125}, data.encoder.maxLengths());
    ModelBundle written =
        ModelBundle.write(tmp.resolve("toy"), "toy", data.spec, data.vocabularies, toy, null);
    assertThat(written.manifest().engine()).isEqualTo(ToyEngine.ID);
    assertThat(written.manifest().files()).containsKey(ToyEngine.FILE);

    ModelBundle opened = ModelBundle.open(written.dir());
    try (ScoringModel model = opened.loadModel(EngineSettings.threads(1))) {
      float[] scores = data.score(model, 16, 0, 50);
      for (int r = 0; r < 50; r++) {
        EncodedBatch one = data.encoder.newBatch(1);
        data.encoder.encodeRow(data.raw.get(r), one);
        double z = -1.0 + 0.5 * tokens(one, 0) + 0.25 * tokens(one, 1) - 0.125 * tokens(one, 2);
        assertThat(scores[r]).isCloseTo((float) (1 / (1 + Math.exp(-z))), within(1e-6f));
      }
    }

    // tampering is refused by the bundle, before the engine sees the file
    Files.writeString(written.dir().resolve(ToyEngine.FILE), "9 9 9 9\n");
    assertThatThrownBy(() -> ModelBundle.open(written.dir()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("bundle file " + ToyEngine.FILE);
  }

  @Test
  void aBundleOfAnEngineThatIsNotOnTheClassPathNamesTheSupportedOnes() throws IOException {
    Synthetic data = new Synthetic(20, 4);
    ModelBundle written =
        ModelBundle.write(
            tmp.resolve("other"),
            "other",
            data.spec,
            data.vocabularies,
            new ToyModel(0, new double[3], data.encoder.maxLengths()),
            null);
    Path mf = written.dir().resolve(ModelBundle.MANIFEST);
    Files.writeString(mf, Files.readString(mf).replace(ToyEngine.ID, "tensorflow"));
    assertThatThrownBy(() -> ModelBundle.open(written.dir()))
        .isInstanceOf(BundleException.class)
        .hasMessageContaining("engine 'tensorflow' is not supported")
        .hasMessageContaining("djl-pytorch, onnx, torchscript, toy-counts, xgboost");
  }

  /** Non-padding ids of field {@code f} in a one-row batch. */
  private static int tokens(EncodedBatch one, int f) {
    return (int) java.util.Arrays.stream(one.field(f)).filter(id -> id != 0).count();
  }
}
