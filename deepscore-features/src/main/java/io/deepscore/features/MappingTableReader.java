package io.deepscore.features;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the entries of a mapping table file in one of the {@link VocabularyImport.Format}s, with
 * the line each entry came from; checks only the syntax (the meaning is {@link VocabularyImport}'s
 * job). Every error names the file and the line.
 */
final class MappingTableReader {

  /** One table entry: a token, its index, its count (or unknown) and its 1-based line. */
  record Entry(String token, int index, long count, int line) {}

  private static final JsonFactory JSON = new JsonFactory();

  private final String at;

  /**
   * @param at prefix of every error, e.g. {@code field 'genres', genres.tsv}
   */
  MappingTableReader(String at) {
    this.at = at;
  }

  VocabularyException error(int line, String message) {
    return new VocabularyException(at + " line " + line + ": " + message);
  }

  VocabularyException error(String message) {
    return new VocabularyException(at + ": " + message);
  }

  List<Entry> read(byte[] content, VocabularyImport.Format format) {
    List<String> lines = lines(content);
    List<Entry> entries =
        switch (format) {
          case TEXT -> text(lines);
          case TSV -> tsv(lines);
          case JSON -> json(String.join("\n", lines));
        };
    if (entries.isEmpty()) {
      throw error("the table is empty");
    }
    return entries;
  }

  /**
   * The lines of a strictly UTF-8 file ({@code \n} ends; a final {@code \n} ends the last line, it
   * does not start an empty one; a leading byte order mark is dropped).
   */
  List<String> lines(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int i =
        bytes.length >= 3
                && (bytes[0] & 0xff) == 0xef
                && (bytes[1] & 0xff) == 0xbb
                && (bytes[2] & 0xff) == 0xbf
            ? 3
            : 0;
    List<String> lines = new ArrayList<>();
    while (i < bytes.length) {
      int end = i;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int lineNo = lines.size() + 1;
      ByteBuffer in = ByteBuffer.wrap(bytes, i, end - i);
      CharBuffer out = CharBuffer.allocate(end - i);
      decoder.reset();
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        int column = in.position() - i + 1;
        throw error(
            lineNo,
            String.format(
                Locale.ROOT,
                "byte %d (0x%02x) is not valid UTF-8: save the table as UTF-8",
                column,
                bytes[in.position()] & 0xff));
      }
      decoder.flush(out);
      String line = out.flip().toString();
      if (line.endsWith("\r")) {
        throw error(
            lineNo,
            "ends with a carriage return (Windows line ends): save the table with \\n line ends");
      }
      lines.add(line);
      i = end + 1;
    }
    return lines;
  }

  /** One token per line; the index is the line number minus 1. */
  private static List<Entry> text(List<String> lines) {
    List<Entry> entries = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      entries.add(new Entry(lines.get(i), i, Vocabulary.UNKNOWN_COUNT, i + 1));
    }
    return entries;
  }

  /** {@code token<TAB>index} or {@code token<TAB>index<TAB>count} per line. */
  private List<Entry> tsv(List<String> lines) {
    List<Entry> entries = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      int line = i + 1;
      String[] parts = lines.get(i).split("\t", -1);
      if (parts.length < 2 || parts.length > 3) {
        throw error(
            line,
            "expected 'token<TAB>index' or 'token<TAB>index<TAB>count', found "
                + (parts.length - 1)
                + " tabs in '"
                + VocabularyFile.escape(lines.get(i))
                + "' (a token with a tab needs the JSON format)");
      }
      long index = integer(parts[1], "index", line);
      if (index > Integer.MAX_VALUE - 8) {
        throw error(line, "index " + index + " is too large");
      }
      long count = parts.length == 3 ? integer(parts[2], "count", line) : Vocabulary.UNKNOWN_COUNT;
      entries.add(new Entry(parts[0], (int) index, count, line));
    }
    return entries;
  }

  private long integer(String text, String what, int line) {
    try {
      long n = Long.parseLong(text);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw error(
        line,
        what
            + " '"
            + text
            + "' is not an integer >= 0"
            + (line == 1 ? " (a header line? the table has none: remove it)" : ""));
  }

  /**
   * An object {@code {"token": index, ...}} or an array {@code ["token", ...]} (index = position).
   */
  private List<Entry> json(String text) {
    List<Entry> entries = new ArrayList<>();
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String token = p.currentName();
          int line = p.currentTokenLocation().getLineNr();
          JsonToken v = p.nextToken();
          if (v != JsonToken.VALUE_NUMBER_INT
              || p.getNumberType() != JsonParser.NumberType.INT
              || p.getIntValue() < 0
              || p.getIntValue() > Integer.MAX_VALUE - 8) {
            throw error(
                line,
                "the index of '"
                    + VocabularyFile.escape(token)
                    + "' must be an integer >= 0,"
                    + " found "
                    + p.getText());
          }
          entries.add(new Entry(token, p.getIntValue(), Vocabulary.UNKNOWN_COUNT, line));
        }
      } else if (t == JsonToken.START_ARRAY) {
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
          int line = p.currentTokenLocation().getLineNr();
          if (t != JsonToken.VALUE_STRING) {
            throw error(
                line, "element " + entries.size() + " must be a string, found " + p.getText());
          }
          entries.add(new Entry(p.getText(), entries.size(), Vocabulary.UNKNOWN_COUNT, line));
        }
      } else {
        throw error(
            "a JSON table must be an object {\"token\": index, ...} or an array [\"token\", ...]");
      }
      if (p.nextToken() != null) {
        throw error(
            p.currentTokenLocation().getLineNr(), "unexpected content after the JSON table");
      }
    } catch (JsonProcessingException e) {
      throw error(
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
    return entries;
  }
}
