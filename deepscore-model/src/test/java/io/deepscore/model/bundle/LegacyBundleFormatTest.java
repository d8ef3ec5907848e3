package io.deepscore.model.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bundles written by an older deepscore (commit 665edf2, before engines became plug-ins; made by
 * legacy/make_legacy.sh) still open, verify and score the 40 fixture rows as that version did.
 */
class LegacyBundleFormatTest {

  @ParameterizedTest
  @CsvSource({"dnn, djl-pytorch", "xgboost, xgboost", "onnx, onnx"})
  void bundleWrittenByAnOlderVersionOpensAndScoresTheSame(String name, String engine)
      throws IOException, URISyntaxException {
    Path legacy = Path.of(getClass().getResource("/legacy/rows.jsonl").toURI()).getParent();
    ModelBundle bundle = ModelBundle.open(legacy.resolve(name));
    assertThat(bundle.manifest().engine()).isEqualTo(engine);
    assertThat(bundle.manifest().bundleId()).startsWith("legacy-" + name + "-");
    assertThat(bundle.manifest().provenance()).isEmpty(); // not recorded then

    Map<String, Float> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(legacy.resolve(name + ".expected.csv")).subList(1, 41)) {
      String[] p = line.split(",");
      expected.put(p[0], Float.parseFloat(p[1]));
    }
    Encoder encoder = bundle.encoder();
    EncodedBatch batch = encoder.newBatch(64);
    List<String> ids = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(legacy.resolve("rows.jsonl"))) {
      JsonNode row = json.readTree(line);
      try {
        encoder.encodeRow(values(row, bundle), batch);
        ids.add(row.get(bundle.spec().idColumn()).asText());
      } catch (InvalidValueException e) {
        // the older version did not score it either (absent from expected)
      }
    }
    assertThat(ids).containsExactlyElementsOf(expected.keySet());
    float[] scores = new float[64];
    try (ScoringModel model = bundle.loadModel(EngineSettings.threads(1));
        Scorer scorer = model.newScorer()) {
      scorer.score(batch, scores);
    }
    for (int i = 0; i < ids.size(); i++) {
      assertThat(scores[i]).as(ids.get(i)).isEqualTo(expected.get(ids.get(i)));
    }
  }

  /** A raw JSON row as the encoder takes it: per spec field a string, a list or null. */
  private static Object[] values(JsonNode row, ModelBundle bundle) {
    Object[] values = new Object[bundle.spec().fieldCount()];
    for (int f = 0; f < values.length; f++) {
      FieldSpec fs = bundle.spec().field(f);
      JsonNode v = row.get(fs.column());
      if (v != null && v.isArray()) {
        List<String> l = new ArrayList<>();
        v.forEach(x -> l.add(x.isNull() ? null : x.asText()));
        values[f] = l;
      } else {
        values[f] = v == null || v.isNull() ? null : v.asText();
      }
    }
    return values;
  }
}
