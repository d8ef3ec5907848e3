package io.deepscore.model.toy;

import io.deepscore.features.EncodedBatch;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.BundleEngine;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/**
 * A fifth engine, as small as an engine gets: the probability is {@code sigmoid(bias + sum over
 * fields of weight[f] * (tokens in field f))}, the weights a line of text in {@value #FILE}. It
 * plugs in with this package and one line in {@code
 * META-INF/services/io.deepscore.model.bundle.BundleEngine}; no deepscore class changes (see
 * docs/architecture.md).
 */
public final class ToyEngine implements BundleEngine {

  /** The engine id. */
  public static final String ID = "toy-counts";

  /** The weights inside a bundle: {@code bias w0 w1 ...}. */
  public static final String FILE = "model/toy.txt";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public List<String> modelFiles() {
    return List.of(FILE);
  }

  @Override
  public ScoringModel load(ModelBundle bundle, EngineSettings settings) throws IOException {
    String[] words = Files.readString(bundle.file(FILE)).trim().split(" ");
    double[] w = Arrays.stream(words).mapToDouble(Double::parseDouble).toArray();
    int[] maxLengths = bundle.manifest().maxLengths();
    return new ScoringModel() {
      @Override
      public Scorer newScorer() {
        return new Scorer() {
          @Override
          public void score(EncodedBatch batch, float[] out) {
            for (int r = 0; r < batch.size(); r++) {
              double z = w[0];
              for (int f = 0; f < batch.fieldCount(); f++) {
                int[] ids = batch.field(f);
                for (int j = r * maxLengths[f]; j < (r + 1) * maxLengths[f]; j++) {
                  z += ids[j] == 0 ? 0 : w[f + 1];
                }
              }
              out[r] = (float) (1 / (1 + Math.exp(-z)));
            }
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public int[] maxLengths() {
        return maxLengths.clone();
      }

      @Override
      public ModelOutput output() {
        return ModelOutput.PROBABILITY;
      }

      @Override
      public String engine() {
        return ID;
      }

      @Override
      public void close() {}
    };
  }
}
