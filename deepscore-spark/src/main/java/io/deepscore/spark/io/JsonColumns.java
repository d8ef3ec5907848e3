package io.deepscore.spark.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, before any job, that JSON input has the spec's columns.
 *
 * <p>JSON is read with the spec's schema imposed, so a key that no row has would silently become a
 * null in every row (every user scored as if they had, say, no apps). Parquet and CSV say which
 * columns they have; JSON lines do not, so the first lines of up to {@value #SAMPLE_FILES} files
 * (spread over the input) are sampled: a column absent from every sampled row fails naming the
 * column and the file. A column absent from only some rows (or some files) is read as null, as the
 * docs promise; the jobs count nulls per field in their summaries, and a file whose sampled rows
 * all lack a column is logged.
 */
final class JsonColumns {

  /** Files sampled, spread over the listing. */
  static final int SAMPLE_FILES = 16;

  /** Lines sampled per file. */
  static final int SAMPLE_LINES = 1000;

  /** Characters read per file at most (a file of 1 MB lines samples fewer lines). */
  private static final long SAMPLE_CHARS = 2L << 20;

  private static final JsonFactory JSON = new JsonFactory();
  private static final Logger LOG = LoggerFactory.getLogger(JsonColumns.class);

  private JsonColumns() {}

  /**
   * Fails if a required column (the id, every field's column, the label when {@code requireLabel})
   * is absent from every sampled row. Lines that do not parse as JSON objects are not counted (they
   * are rejected later as malformed records); with no parsable line at all there is nothing to
   * check.
   *
   * @throws InvalidInputException naming the column, its field, the file and the keys found
   */
  static void requirePresent(
      Configuration hadoop, InputFiles input, FeatureSpec spec, boolean requireLabel) {
    Map<String, String> required = required(spec, requireLabel);
    Set<String> seen = new HashSet<>();
    Set<String> keysOfFirst = new TreeSet<>();
    Path first = null;
    long rows = 0;
    List<Path> sampled = new ArrayList<>();
    Map<Path, Set<String>> keysByFile = new LinkedHashMap<>();
    for (Path file : input.spread(SAMPLE_FILES)) {
      Set<String> keys = new HashSet<>();
      long fileRows = 0;
      for (String line : InputFiles.firstLines(hadoop, file, SAMPLE_LINES, SAMPLE_CHARS)) {
        if (topLevelKeys(line, keys)) {
          fileRows++;
        }
      }
      if (fileRows > 0) {
        rows += fileRows;
        sampled.add(file);
        keysByFile.put(file, keys);
        seen.addAll(keys);
        if (first == null) {
          first = file;
          keysOfFirst.addAll(keys);
        }
      }
    }
    if (rows == 0) {
      return;
    }
    for (Map.Entry<String, String> c : required.entrySet()) {
      if (!seen.contains(c.getKey())) {
        throw new InvalidInputException(
            String.format(
                Locale.ROOT,
                "column '%s' (%s) not found in any of the %,d sampled JSON rows of %s%s; their"
                    + " keys are %s. JSON is read with the spec's schema, so a column no row has"
                    + " would be scored as null in every row: fix the input or the spec's column"
                    + " name",
                c.getKey(),
                c.getValue(),
                rows,
                first,
                sampled.size() > 1 ? " (and " + (sampled.size() - 1) + " more files)" : "",
                keysOfFirst));
      }
    }
    keysByFile.forEach(
        (file, keys) -> {
          for (String column : required.keySet()) {
            if (!keys.contains(column)) {
              LOG.warn(
                  "deepscore: no sampled row of {} has column '{}': its rows read it as null",
                  file,
                  column);
            }
          }
        });
  }

  /** Required column -> what it is, for messages. */
  private static Map<String, String> required(FeatureSpec spec, boolean requireLabel) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(spec.idColumn(), "the id column");
    for (FieldSpec f : spec.fields()) {
      out.putIfAbsent(f.column(), "field '" + f.name() + "'");
    }
    if (requireLabel && spec.labelColumn().isPresent()) {
      out.putIfAbsent(spec.labelColumn().get(), "the label column");
    }
    return out;
  }

  /**
   * Adds the top-level keys of one JSON line to {@code keys} (values are skipped, not parsed).
   *
   * @return whether the line is a JSON object
   */
  static boolean topLevelKeys(String line, Set<String> keys) {
    if (line.isBlank()) {
      return false;
    }
    Set<String> found = new LinkedHashSet<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        found.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    } catch (IOException e) {
      return false; // a malformed line: rejected later with its text, not a column problem
    }
    keys.addAll(found);
    return true;
  }
}
