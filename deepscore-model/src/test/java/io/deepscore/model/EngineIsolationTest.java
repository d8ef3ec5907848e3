package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.features.EncodedBatch;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scoring with an engine loads only that engine's native library: an ONNX or XGBoost bundle never
 * maps libtorch into the process (the PyTorch thread settings are applied by the PyTorch engines
 * alone), a DJL network bundle does (the control that proves the probe sees it). Each case runs in
 * a fresh JVM, since a library once loaded stays for the life of the process.
 */
class EngineIsolationTest {

  @ParameterizedTest
  @CsvSource({"onnx, false", "xgboost, false", "dnn, true"})
  void scoringLoadsLibtorchOnlyForPyTorchEngines(String bundle, boolean libtorch)
      throws IOException, InterruptedException, URISyntaxException {
    Path legacy = Path.of(getClass().getResource("/legacy/rows.jsonl").toURI()).getParent();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Dai.djl.offline=true",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Probe.class.getName(),
                    legacy.resolve(bundle).toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("scored 2 rows", "libtorch mapped: " + libtorch);
  }

  /** Opens a bundle, scores two rows, and says whether libtorch is mapped into this process. */
  public static final class Probe {
    public static void main(String[] args) throws IOException {
      ModelBundle bundle = ModelBundle.open(Path.of(args[0]));
      float[] scores = new float[2];
      try (ScoringModel model = bundle.loadModel(EngineSettings.threads(1));
          Scorer scorer = model.newScorer()) {
        EncodedBatch batch = bundle.encoder().newBatch(2);
        batch.appendEncoded(zeros(model.maxLengths()));
        batch.appendEncoded(zeros(model.maxLengths()));
        scorer.score(batch, scores);
        System.out.println("scored 2 rows with " + model.runtime());
      }
      boolean mapped =
          Files.readAllLines(Path.of("/proc/self/maps")).stream()
              .anyMatch(l -> l.contains("libtorch"));
      System.out.println("libtorch mapped: " + mapped);
    }

    private static int[][] zeros(int[] maxLengths) {
      int[][] rows = new int[maxLengths.length][];
      for (int f = 0; f < rows.length; f++) {
        rows[f] = new int[maxLengths[f]];
      }
      return rows;
    }
  }
}
