package io.deepscore.features;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * JSON reading and writing of {@link FeatureSpec}. Parsing is strict and hand-written over the
 * Jackson tree so that every error names the key, the found value and the allowed values: unknown
 * keys, duplicate keys, wrong JSON types (no coercion: {@code "64"} is not an integer) and trailing
 * content are errors. Explicit {@code null} means "absent" for optional keys.
 */
final class SpecJson {
  static final List<String> TOP_KEYS =
      List.of("format_version", "name", "id_column", "label_column", "fields");
  static final List<String> FIELD_KEYS =
      List.of(
          "name",
          "column",
          "kind",
          "normalize",
          "tokenizer",
          "max_length",
          "truncation",
          "min_count",
          "max_size",
          "required");
  static final List<String> NORMALIZE_KEYS =
      List.of("nfkc", "lowercase", "trim", "collapse_spaces");
  static final List<String> TOKENIZER_KEYS = List.of("type", "pattern");

  /** {@code "normalize": "none"}: the same as every normalize step set to false. */
  static final String NORMALIZE_NONE = "none";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectWriter WRITER;

  static {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    WRITER = MAPPER.writer(printer);
  }

  private SpecJson() {}

  static FeatureSpec parse(String json) {
    if (json == null) {
      throw new FeatureSpecException("feature spec JSON is null");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where =
          loc == null ? "" : " at line " + loc.getLineNr() + " column " + loc.getColumnNr();
      throw new FeatureSpecException("invalid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new FeatureSpecException("empty document: expected a JSON object");
    }
    Obj top = new Obj(root, "", "", "feature spec", TOP_KEYS);
    // Dispatch on the version first: a newer file should say so, not fail on a new key.
    Integer version = top.integer("format_version");
    if (version == null) {
      throw new FeatureSpecException(
          "missing required key 'format_version' (supported: ["
              + FeatureSpec.FORMAT_VERSION
              + "])");
    }
    FeatureSpec.checkFormatVersion(version);
    top.checkKeys();
    FeatureSpec.Builder b =
        FeatureSpec.builder()
            .name(top.text("name"))
            .idColumn(top.text("id_column"))
            .labelColumn(top.text("label_column"));
    b.formatVersion = version;
    JsonNode fields = top.node.get("fields");
    if (fields == null || fields.isNull()) {
      throw new FeatureSpecException("missing required key 'fields'");
    }
    if (!fields.isArray()) {
      throw new FeatureSpecException("fields must be an array, found " + describe(fields));
    }
    for (int i = 0; i < fields.size(); i++) {
      b.addField(parseField(fields.get(i), i));
    }
    return b.build();
  }

  private static FieldSpec parseField(JsonNode node, int i) {
    String at = "fields[" + i + "]";
    Obj probe = new Obj(node, at + ": ", "", "field", FIELD_KEYS);
    String name = probe.text("name");
    String where = name == null ? at : at + " '" + name + "'";
    Obj f = new Obj(node, where + ": ", "", "field", FIELD_KEYS);
    f.checkKeys();

    FieldSpec.Builder fb = FieldSpec.builder(name).column(f.text("column"));
    String kind = f.text("kind");
    if (kind != null) {
      fb.kind(enumValue(FieldKind.class, kind, f.at, "kind"));
    }

    JsonNode normalize = node.get("normalize");
    if (normalize != null && normalize.isTextual()) {
      // the shorthand for a table made by another tool: tokens are matched byte for byte
      if (!normalize.textValue().equals(NORMALIZE_NONE)) {
        throw new FeatureSpecException(
            f.at
                + "normalize must be an object "
                + NORMALIZE_KEYS
                + " or the string \""
                + NORMALIZE_NONE
                + "\", found string \""
                + normalize.textValue()
                + "\"");
      }
      fb.normalize(NormalizeOptions.NONE);
    } else {
      Obj n = f.object("normalize", NORMALIZE_KEYS);
      if (n != null) {
        fb.normalize(
            new NormalizeOptions(
                n.bool("nfkc", true),
                n.bool("lowercase", true),
                n.bool("trim", true),
                n.bool("collapse_spaces", true)));
      }
    }

    Obj t = f.object("tokenizer", TOKENIZER_KEYS);
    if (t != null) {
      String type = t.text("type");
      TokenizerType tt =
          type == null ? null : enumValue(TokenizerType.class, type, f.at, "tokenizer.type");
      fb.tokenizer(tt, t.text("pattern"));
    }

    Integer maxLength = f.integer("max_length");
    if (maxLength != null) {
      fb.maxLength(maxLength);
    }
    String truncation = f.text("truncation");
    if (truncation != null) {
      fb.truncation(enumValue(Truncation.class, truncation, f.at, "truncation"));
    }
    Integer minCount = f.integer("min_count");
    if (minCount != null) {
      fb.minCount(minCount);
    }
    Integer maxSize = f.integer("max_size");
    if (maxSize != null) {
      fb.maxSize(maxSize);
    }
    fb.required(f.bool("required", false));
    return fb.build(where);
  }

  private static <E extends Enum<E> & SpecEnum> E enumValue(
      Class<E> type, String value, String at, String key) {
    E e = SpecEnum.find(type, value, false);
    if (e == null) {
      throw new FeatureSpecException(at + SpecEnum.notOneOf(type, key, value));
    }
    return e;
  }

  static String write(FeatureSpec spec) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format_version", spec.formatVersion());
    root.put("name", spec.name());
    root.put("id_column", spec.idColumn());
    spec.labelColumn().ifPresent(l -> root.put("label_column", l));
    ArrayNode fields = root.putArray("fields");
    for (FieldSpec f : spec.fields()) {
      ObjectNode o = fields.addObject();
      o.put("name", f.name());
      o.put("column", f.column());
      o.put("kind", f.kind().id());
      ObjectNode n = o.putObject("normalize");
      n.put("nfkc", f.normalize().nfkc());
      n.put("lowercase", f.normalize().lowercase());
      n.put("trim", f.normalize().trim());
      n.put("collapse_spaces", f.normalize().collapseSpaces());
      ObjectNode t = o.putObject("tokenizer");
      t.put("type", f.tokenizerType().id());
      f.tokenizerPattern().ifPresent(p -> t.put("pattern", p));
      o.put("max_length", f.maxLength());
      o.put("truncation", f.truncation().id());
      o.put("min_count", f.minCount());
      o.put("max_size", f.maxSize());
      o.put("required", f.required());
    }
    try {
      return WRITER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize feature spec", e);
    }
  }

  static String describe(JsonNode n) {
    String type = n.getNodeType().name().toLowerCase(Locale.ROOT);
    if (n.isValueNode() && !n.isNull()) {
      String text = n.toString();
      return type + " " + (text.length() > 60 ? text.substring(0, 60) + "..." : text);
    }
    return type;
  }

  /** A JSON object being read, with the error prefix and the allowed keys. */
  private static final class Obj {
    final JsonNode node;
    final String at;
    final String keyPrefix;
    final List<String> allowed;

    Obj(JsonNode node, String at, String keyPrefix, String what, List<String> allowed) {
      if (!node.isObject()) {
        throw new FeatureSpecException(
            at + what + " must be a JSON object, found " + describe(node));
      }
      this.node = node;
      this.at = at;
      this.keyPrefix = keyPrefix;
      this.allowed = allowed;
    }

    void checkKeys() {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!allowed.contains(key)) {
          List<String> qualified = new ArrayList<>();
          for (String a : allowed) {
            qualified.add(keyPrefix + a);
          }
          throw new FeatureSpecException(
              at + "unknown key '" + keyPrefix + key + "' (allowed: " + qualified + ")");
        }
      }
    }

    private JsonNode get(String key) {
      JsonNode v = node.get(key);
      return v == null || v.isNull() ? null : v;
    }

    private FeatureSpecException wrongType(String key, String expected, JsonNode v) {
      return new FeatureSpecException(
          at + keyPrefix + key + " must be " + expected + ", found " + describe(v));
    }

    String text(String key) {
      JsonNode v = get(key);
      if (v == null) {
        return null;
      }
      if (!v.isTextual()) {
        throw wrongType(key, "a string", v);
      }
      return v.textValue();
    }

    Integer integer(String key) {
      JsonNode v = get(key);
      if (v == null) {
        return null;
      }
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw wrongType(key, "an integer", v);
      }
      return v.intValue();
    }

    boolean bool(String key, boolean dflt) {
      JsonNode v = get(key);
      if (v == null) {
        return dflt;
      }
      if (!v.isBoolean()) {
        throw wrongType(key, "a boolean (true or false)", v);
      }
      return v.booleanValue();
    }

    Obj object(String key, List<String> allowedKeys) {
      JsonNode v = get(key);
      if (v == null) {
        return null;
      }
      Obj o = new Obj(v, at, keyPrefix + key + ".", keyPrefix + key, allowedKeys);
      o.checkKeys();
      return o;
    }
  }
}
