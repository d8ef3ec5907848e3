package io.deepscore.model.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.eval.ParityStatistics;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.features.VocabularyImport;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ImportedModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.onnx.OnnxModels;
import io.deepscore.model.torchscript.TorchScriptModels;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model and mapping tables made outside deepscore (the fixture of python/make_byom_fixtures.py:
 * its own preprocessing, tables in three formats with padding and unknown ids of their own) through
 * the contract checks and into bundles that score raw records like PyTorch did.
 */
class ByomContractTest {

  static Path byom;
  static FeatureSpec spec;
  static Map<String, Vocabulary> vocabularies;
  static ContractProbe probe;

  @TempDir Path tmp;

  @BeforeAll
  static void importTables() throws URISyntaxException {
    byom = Path.of(ByomContractTest.class.getResource("/byom/spec.json").toURI()).getParent();
    spec = FeatureSpec.read(byom.resolve("spec.json"));
    vocabularies = new LinkedHashMap<>();
    for (FieldSpec f : spec.fields()) {
      Path table;
      try (var files = Files.list(byom.resolve("tables"))) {
        table =
            files
                .filter(p -> p.getFileName().toString().startsWith(f.name() + "."))
                .findFirst()
                .orElseThrow();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      vocabularies.put(
          f.name(), VocabularyImport.read(f.name(), table, VocabularyImport.Options.DEFAULT));
    }
    probe = ContractProbe.of(spec, vocabularies);
  }

  static List<String> torchScript(String file, ModelOutput output) throws IOException {
    return TorchScriptModels.validate(byom.resolve(file), probe, output, EngineSettings.threads(1));
  }

  static List<String> onnx(String file) {
    return OnnxModels.validate(byom.resolve(file), probe, ModelOutput.PROBABILITY);
  }

  @Test
  void theTablesKeepTheirOwnReservedIds() {
    assertThat(vocabularies.get("genres").padId()).isEqualTo(5);
    assertThat(vocabularies.get("genres").unknownId()).isEqualTo(2);
    assertThat(vocabularies.get("apps").padId()).isEqualTo(1);
    assertThat(vocabularies.get("apps").unknownId()).isZero();
    assertThat(vocabularies.get("tags").token(0)).isEqualTo("<pad>");
  }

  @Test
  void exportsWithTheFieldNamesPassWithoutWarnings() throws IOException {
    assertThat(torchScript("model.pt", ModelOutput.PROBABILITY)).isEmpty();
    assertThat(onnx("model.onnx")).isEmpty();
  }

  @Test
  void unrelatedInputNamesAreAWarning() throws IOException {
    assertThat(torchScript("bad/renamed.pt", ModelOutput.PROBABILITY))
        .containsExactly(
            "TorchScript file "
                + byom.resolve("bad/renamed.pt")
                + ": forward's arguments [a, b, c, d] are not the spec's field names [device,"
                + " genres, tags, apps]; inputs are taken by position: a (input 0, given field"
                + " 'device'), b (input 1, given field 'genres'), c (input 2, given field 'tags'),"
                + " d (input 3, given field 'apps'). Check that this is the order the model was"
                + " trained in");
    assertThat(onnx("bad/renamed.onnx")).singleElement().asString().contains("its inputs [a, b");
  }

  @Test
  void fieldNamesInAnotherOrderAreRefused() {
    String expected =
        " [genres, device, tags, apps] name the spec's fields in another order ('genres' is input"
            + " 0 but field 1): inputs are taken by position, so every row would be scored with"
            + " the wrong field in each input; export the model with its inputs in the spec's"
            + " order [device, genres, tags, apps]; expected inputs, in this order: device int64"
            + " [B, 1], genres int64 [B, 4], tags int64 [B, 6], apps int64 [B, 8]; output: one"
            + " float32 [B] (or [B, 1])";
    assertThatThrownBy(() -> torchScript("bad/swapped.pt", ModelOutput.PROBABILITY))
        .isInstanceOf(io.deepscore.errors.ModelContractException.class)
        .hasMessage(
            "TorchScript file "
                + byom.resolve("bad/swapped.pt")
                + ": forward's arguments"
                + expected);
    assertThatThrownBy(() -> onnx("bad/swapped.onnx"))
        .isInstanceOf(io.deepscore.errors.ModelContractException.class)
        .hasMessage("ONNX file " + byom.resolve("bad/swapped.onnx") + ": its inputs" + expected);
  }

  @Test
  void anIdBeyondTheModelsEmbeddingTableIsRefusedNamingTheField() {
    for (String file : List.of("bad/small-tags.pt", "bad/small-tags.onnx")) {
      assertThatThrownBy(
              () -> {
                if (file.endsWith(".pt")) {
                  torchScript(file, ModelOutput.PROBABILITY);
                } else {
                  onnx(file);
                }
              })
          .as(file)
          .isInstanceOf(io.deepscore.errors.ModelContractException.class)
          .hasMessageStartingWith(
              "field 'tags': "
                  + (file.endsWith(".pt") ? "TorchScript" : "ONNX")
                  + " file "
                  + byom.resolve(file)
                  + " fails on id 13, the largest id of the field's vocabulary (14 ids, imported"
                  + " from tags.json (json)): the model's embedding table for 'tags' is smaller than the vocabulary; bundle the"
                  + " vocabulary the model was trained with (engine: ");
    }
  }

  @Test
  void logitsDeclaredAsProbabilitiesAreRefusedNamingTheFix() throws IOException {
    assertThatThrownBy(() -> torchScript("bad/logit.pt", ModelOutput.PROBABILITY))
        .isInstanceOf(io.deepscore.errors.ModelContractException.class)
        .hasMessageStartingWith("TorchScript file " + byom.resolve("bad/logit.pt") + " returned ")
        .hasMessageContaining(
            " for an all-padding or all-unknown row, outside [0, 1], but the output is declared"
                + " 'probability': if the model returns logits, bundle it with --output logit");
    assertThat(torchScript("bad/logit.pt", ModelOutput.LOGIT)).isEmpty();
  }

  @Test
  void bundlesScoreTheRawRecordsLikePyTorchWhateverTheInputNames() throws IOException {
    Map<String, Float> reference = new LinkedHashMap<>();
    for (String line : Files.readAllLines(byom.resolve("reference.tsv"))) {
      String[] parts = line.split("\t");
      if (!parts[0].equals(spec.idColumn())) {
        reference.put(parts[0], Float.parseFloat(parts[1]));
      }
    }
    List<Object[]> rows = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(byom.resolve("raw.jsonl"))) {
      JsonNode r = json.readTree(line);
      ids.add(r.get(spec.idColumn()).asText());
      Object[] values = new Object[spec.fieldCount()];
      for (int f = 0; f < values.length; f++) {
        JsonNode v = r.get(spec.field(f).column());
        values[f] =
            v == null || v.isNull()
                ? null
                : v.isArray() ? json.convertValue(v, List.class) : v.asText();
      }
      rows.add(values);
    }
    float[] expected = new float[ids.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = reference.get(ids.get(i));
    }
    for (String[] engine :
        List.of(
            new String[] {TorchScriptModels.ENGINE, "model.pt", TorchScriptModels.BUNDLE_FILE},
            new String[] {OnnxModels.ENGINE, "model.onnx", OnnxModels.BUNDLE_FILE},
            new String[] {OnnxModels.ENGINE, "bad/renamed.onnx", OnnxModels.BUNDLE_FILE})) {
      ModelBundle b =
          ModelBundle.write(
              tmp.resolve(engine[1].replace('/', '-')),
              "byom",
              spec,
              vocabularies,
              ImportedModel.of(
                  engine[0], byom.resolve(engine[1]), spec, ModelOutput.PROBABILITY, Map.of()),
              null);
      float[] jvm = score(b, rows);
      ParityStatistics stats = ParityStatistics.of(expected, jvm);
      assertThat(stats.max()).as(engine[1] + "\n" + stats.toTable()).isLessThanOrEqualTo(1e-6);
    }
  }

  static float[] score(ModelBundle bundle, List<Object[]> rows) {
    Encoder encoder = bundle.encoder();
    float[] out = new float[rows.size()];
    try (ScoringModel model = bundle.loadModel(EngineSettings.threads(1));
        Scorer scorer = model.newScorer()) {
      EncodedBatch batch = encoder.newBatch(64);
      float[] buf = new float[64];
      int start = 0;
      for (int r = 0; r < rows.size(); r++) {
        encoder.encodeRow(rows.get(r), batch);
        if (batch.isFull() || r == rows.size() - 1) {
          scorer.score(batch, buf);
          System.arraycopy(buf, 0, out, start, batch.size());
          start += batch.size();
          batch.clear();
        }
      }
    }
    return out;
  }
}
