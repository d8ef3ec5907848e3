package io.deepscore.spark.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The content of an output's {@value StagedOutput#RUN_INFO}: which run wrote it, from what, and
 * what its counts were (fields in docs/scoring.md). Every output of one run carries the same
 * document, so a reader can check that a scores directory and its rejects belong together ({@code
 * run_id}). Not thread-safe; built on the driver.
 */
public final class RunInfo {

  /** Version of the document's layout. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final String runId;
  private final Instant started;
  private final Map<String, Object> fields = new LinkedHashMap<>();

  private RunInfo(String command, String input) {
    this.runId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    this.started = Instant.now();
    fields.put("format_version", FORMAT_VERSION);
    fields.put("command", command);
    fields.put("run_id", runId);
    fields.put("deepscore_version", deepscoreVersion());
    fields.put("input", input);
  }

  /** Starts the document of a run of {@code command} (e.g. {@code score}) reading {@code input}. */
  public static RunInfo start(String command, String input) {
    return new RunInfo(command, input);
  }

  /** A short id unique to this run. */
  public String runId() {
    return runId;
  }

  /** When the run started. */
  public Instant started() {
    return started;
  }

  /** Adds (or replaces) a field; values are JSON-serializable (numbers, strings, maps, lists). */
  public RunInfo put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  /** The fields so far, in insertion order (read-only). */
  public Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  /** The document with {@code started} and {@code finished} times, as UTF-8 JSON. */
  public byte[] toJson(Instant finished) {
    Map<String, Object> doc = new LinkedHashMap<>(fields);
    doc.put("started", started.toString());
    doc.put("finished", finished.toString());
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the run info " + doc, e);
    }
  }

  /** The {@code outputs} field: name to fully qualified path, in the given order. */
  public static Map<String, String> outputs(
      String name, StagedOutput output, String otherName, StagedOutput other) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(name, output.qualifiedPath());
    m.put(otherName, other.qualifiedPath());
    return m;
  }

  /** The version of the deepscore jar, or {@code dev} when run from classes. */
  public static String deepscoreVersion() {
    String v = RunInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
