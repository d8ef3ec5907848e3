package io.deepscore.spark.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a JSON or CSV record did not parse into the spec's schema (Spark's {@value
 * RawInput#CORRUPT_RECORD} column), and whose record it was: the reason and id a reject carries.
 *
 * <p>Only called for records that failed to parse, so it may afford a parse of its own. Pure and
 * thread-safe.
 */
public final class CorruptRecords {

  /** The reason when nothing more specific is known. */
  public static final String GENERIC = "malformed record: does not match the spec's schema";

  private static final String INVALID_UTF8 =
      "invalid UTF-8 in the record (bytes shown as U+FFFD): the input must be UTF-8 encoded;"
          + " re-encode the file (e.g. iconv -f latin1 -t utf-8)";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CorruptRecords() {}

  /**
   * Why a record was rejected.
   *
   * @param id the record's id: the parsed row's, else read from the record's own text; null if
   *     neither is readable
   * @param column the column at fault when one is known, else null
   * @param reason what is wrong and how to fix it
   */
  public record Diagnosis(String id, String column, String reason) {}

  /**
   * Diagnoses one record.
   *
   * @param text the raw record text Spark kept
   * @param rowId the id Spark parsed from the record (it keeps the fields before the fault), or
   *     null
   * @param spec the spec the record was read with
   */
  public static Diagnosis diagnose(String text, String rowId, FeatureSpec spec) {
    JsonNode node = parseObject(text);
    String id = readable(rowId != null ? rowId : idOf(node, text, spec.idColumn()));
    boolean replaced = text.indexOf('\uFFFD') >= 0;
    if (node == null) {
      return new Diagnosis(
          id,
          null,
          replaced
              ? INVALID_UTF8
              : text.stripLeading().startsWith("{")
                  ? "malformed JSON record: not a complete JSON object"
                  : GENERIC);
    }
    Diagnosis wrongType = wrongType(node, id, spec);
    if (wrongType != null) {
      return wrongType;
    }
    // The line readers decode with replacement: U+FFFD in a well-formed record that still failed
    // to parse is a byte sequence that is not UTF-8 (e.g. Latin-1 text).
    return new Diagnosis(id, null, replaced ? INVALID_UTF8 : GENERIC);
  }

  /** The first column whose JSON value has a type the spec's schema cannot take, or null. */
  private static Diagnosis wrongType(JsonNode node, String id, FeatureSpec spec) {
    for (FieldSpec f : spec.fields()) {
      JsonNode v = node.get(f.column());
      if (v == null || v.isNull()) {
        continue;
      }
      if (f.kind() == FieldKind.MULTI && !v.isArray()) {
        return new Diagnosis(id, f.column(), wrongType(f, "array<string>", v.getNodeType().name()));
      }
      if (f.kind() == FieldKind.SINGLE && (v.isArray() || v.isObject())) {
        return new Diagnosis(id, f.column(), wrongType(f, "string", v.getNodeType().name()));
      }
    }
    if (spec.labelColumn().isPresent()) {
      JsonNode label = node.get(spec.labelColumn().get());
      if (label != null && !label.isNull() && !label.canConvertToInt()) {
        return new Diagnosis(
            id,
            spec.labelColumn().get(),
            "label column '" + spec.labelColumn().get() + "': expected 0 or 1, found " + label);
      }
    }
    return null;
  }

  private static String wrongType(FieldSpec f, String expected, String found) {
    return "column '"
        + f.column()
        + "' (field '"
        + f.name()
        + "'): expected "
        + expected
        + ", found "
        + found.toLowerCase(java.util.Locale.ROOT);
  }

  private static JsonNode parseObject(String text) {
    if (!text.stripLeading().startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String idOf(JsonNode node, String text, String idColumn) {
    if (node == null) {
      // not a whole JSON object (e.g. a truncated line): the id may still be there as a string
      Matcher m =
          Pattern.compile("\"" + Pattern.quote(idColumn) + "\"\\s*:\\s*\"([^\"\\\\]*)\"")
              .matcher(text);
      return m.find() ? m.group(1) : null;
    }
    JsonNode id = node.get(idColumn);
    return id == null || id.isNull() || id.isContainerNode() ? null : id.asText();
  }

  /** An id with undecodable bytes in it identifies nobody. */
  private static String readable(String id) {
    return id == null || id.indexOf('\uFFFD') >= 0 ? null : id;
  }
}
