package io.deepscore.model.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepscore.model.ModelOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON codec of {@link BundleManifest} ({@code manifest.json}, snake_case keys, documented in
 * docs/model.md), as {@code SpecJson} is for the feature spec. Reading refuses another {@code
 * format_version}, a missing required key and an input contract entry that is not {@code {dtype:
 * int64, shape: [-1, max_length]}}; keys this version does not know are ignored, so bundles stay
 * readable by older readers when optional keys are added (as {@code provenance} was).
 */
public final class ManifestJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestJson() {}

  /** Writes the manifest as indented JSON. */
  public static void write(BundleManifest m, Path file) throws IOException {
    Files.writeString(file, toJson(m) + "\n", StandardCharsets.UTF_8);
  }

  /** The manifest as indented JSON text. */
  public static String toJson(BundleManifest m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("format_version", m.formatVersion());
    o.put("bundle_id", m.bundleId());
    o.put("engine", m.engine());
    o.put("model_file", m.modelFile());
    o.put("output", m.output().id());
    ArrayNode c = o.putArray("input_contract");
    for (InputField f : m.inputContract()) {
      ObjectNode n = c.addObject();
      n.put("field", f.field());
      n.put("dtype", f.dtype());
      n.putArray("shape").add(-1).add(f.maxLength());
    }
    if (!m.network().isEmpty()) {
      o.set("network", JSON.valueToTree(m.network()));
    }
    o.set("vocab_sizes", JSON.valueToTree(m.vocabSizes()));
    o.set("files", JSON.valueToTree(m.files()));
    o.set("training", JSON.valueToTree(m.training()));
    if (!m.provenance().isEmpty()) {
      o.set("provenance", JSON.valueToTree(m.provenance()));
    }
    if (m.threshold() != null) {
      BundleThreshold t = m.threshold();
      ObjectNode n = o.putObject("threshold");
      n.put("target_precision", t.targetPrecision());
      n.put("threshold", t.threshold());
      n.put("precision", t.precision());
      n.put("recall", t.recall());
      n.put("reached", t.reached());
    }
    o.put("created", m.created());
    o.put("deepscore_version", m.deepscoreVersion());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a manifest file.
   *
   * @throws BundleException naming the file, the key and what was expected
   */
  public static BundleManifest read(Path mf) {
    JsonNode o;
    try {
      o = JSON.readTree(mf.toFile());
    } catch (IOException e) {
      throw new BundleException(mf + " is not valid JSON: " + e.getMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new BundleException(mf + " is not a JSON object");
    }
    return fromJson(o, mf);
  }

  @SuppressWarnings("unchecked")
  static BundleManifest fromJson(JsonNode o, Path mf) {
    try {
      JsonNode v = o.get("format_version");
      if (v == null || !v.canConvertToInt()) {
        throw new BundleException(mf + ": missing or non-integer format_version");
      }
      if (v.asInt() != ModelBundle.FORMAT_VERSION) {
        throw new BundleException(
            mf
                + ": format_version "
                + v.asInt()
                + " is not supported (this deepscore reads "
                + ModelBundle.FORMAT_VERSION
                + "): open it with the deepscore version that wrote it ("
                + text(o, "deepscore_version", mf, true)
                + ") or re-export the model");
      }
      List<InputField> contract = new ArrayList<>();
      JsonNode c = require(o, "input_contract", mf);
      for (Iterator<JsonNode> it = c.elements(); it.hasNext(); ) {
        JsonNode n = it.next();
        String dtype = text(n, "dtype", mf, false);
        JsonNode shape = require(n, "shape", mf);
        if (!InputField.INT64.equals(dtype) || shape.size() != 2 || shape.get(0).asInt() != -1) {
          throw new BundleException(
              mf
                  + ": input_contract entries must be {dtype: int64, shape: [-1, max_length]}, got "
                  + n);
        }
        contract.add(new InputField(text(n, "field", mf, false), dtype, shape.get(1).asInt()));
      }
      BundleThreshold threshold = null;
      if (o.hasNonNull("threshold")) {
        JsonNode t = o.get("threshold");
        threshold =
            new BundleThreshold(
                require(t, "target_precision", mf).asDouble(),
                require(t, "threshold", mf).asDouble(),
                require(t, "precision", mf).asDouble(),
                require(t, "recall", mf).asDouble(),
                require(t, "reached", mf).asBoolean());
      }
      return new BundleManifest(
          v.asInt(),
          text(o, "bundle_id", mf, false),
          text(o, "engine", mf, false),
          text(o, "model_file", mf, false),
          ModelOutput.parse(text(o, "output", mf, false)),
          contract,
          optionalMap(o, "network"),
          JSON.convertValue(require(o, "vocab_sizes", mf), LinkedHashMap.class),
          JSON.convertValue(require(o, "files", mf), TreeMap.class),
          optionalMap(o, "training"),
          optionalMap(o, "provenance"),
          threshold,
          text(o, "created", mf, true),
          text(o, "deepscore_version", mf, true));
    } catch (IllegalArgumentException e) {
      // Jackson's conversions and the enum parsers report bad values this way
      throw new BundleException(mf + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> optionalMap(JsonNode o, String key) {
    return o.hasNonNull(key) ? JSON.convertValue(o.get(key), LinkedHashMap.class) : Map.of();
  }

  private static JsonNode require(JsonNode o, String key, Path mf) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      throw new BundleException(mf + ": missing required key '" + key + "'");
    }
    return n;
  }

  private static String text(JsonNode o, String key, Path mf, boolean optional) {
    JsonNode n = o.get(key);
    if (n == null || n.isNull()) {
      if (optional) {
        return null;
      }
      throw new BundleException(mf + ": missing required key '" + key + "'");
    }
    return n.asText();
  }
}
