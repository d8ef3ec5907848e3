package io.deepscore.features;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code <field>.vocab} file format (UTF-8 text, {@code \n} line ends; {@code
 * docs/features.md}): header lines {@code # key: value}, then one {@code token<TAB>count} line per
 * id from 0. Format 1 holds a counted vocabulary and is what deepscore has always written; format 2
 * holds an imported table (origin, source, padding and unknown ids; a count may be {@code -},
 * unknown). Each vocabulary is written in the one format that can hold it, so equal vocabularies
 * give byte-identical files; reading verifies everything, naming the file and line.
 */
final class VocabularyFile {
  static final int COUNTED_FORMAT = 1;
  static final int IMPORTED_FORMAT = 2;

  private static final String VERSION_KEY = "deepscore-vocabulary";

  static final List<String> COUNTED_KEYS =
      List.of(
          VERSION_KEY,
          "field",
          "size",
          "min_count",
          "max_size",
          "distinct_seen",
          "total_occurrences",
          "kept_occurrences",
          "sha256");

  static final List<String> IMPORTED_KEYS =
      List.of(VERSION_KEY, "field", "origin", "source", "size", "pad_id", "unknown_id", "sha256");

  private static final String IMPORTED_ORIGIN = "imported";
  private static final String UNKNOWN = "-";

  private VocabularyFile() {}

  /** Writes the file atomically where the file system can (temp file, then move). */
  static void write(Vocabulary v, Path path) {
    Path target = path.toAbsolutePath();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        write(v, w);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new UncheckedIOException("cannot write vocabulary file " + path, e);
    }
  }

  /** Writes the file format to {@code out} (not closed, flushed). */
  static void write(Vocabulary v, Writer out) throws IOException {
    boolean imported = v.origin() == Vocabulary.Origin.IMPORTED;
    header(out, VERSION_KEY, imported ? IMPORTED_FORMAT : COUNTED_FORMAT);
    header(out, "field", v.field());
    if (imported) {
      header(out, "origin", IMPORTED_ORIGIN);
      header(out, "source", escape(v.source()));
      header(out, "size", v.size());
      header(out, "pad_id", v.padId());
      header(out, "unknown_id", v.unknownId());
    } else {
      header(out, "size", v.size());
      header(out, "min_count", v.minCount());
      header(out, "max_size", v.maxSize());
      header(out, "distinct_seen", v.distinctSeen());
      header(out, "total_occurrences", v.totalOccurrences());
      header(out, "kept_occurrences", v.keptOccurrences());
    }
    header(out, "sha256", v.id());
    for (int id = 0; id < v.size(); id++) {
      long count = v.count(id);
      out.write(escape(v.token(id)));
      out.write('\t');
      out.write(count == Vocabulary.UNKNOWN_COUNT ? UNKNOWN : Long.toString(count));
      out.write('\n');
    }
    out.flush();
  }

  private static void header(Writer out, String key, Object value) throws IOException {
    out.write("# " + key + ": " + value + "\n");
  }

  static Vocabulary read(Path path) {
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(r, path.toString());
    } catch (NoSuchFileException e) {
      throw new VocabularyException(path + ": vocabulary file not found", e);
    } catch (CharacterCodingException e) {
      throw new VocabularyException(path + ": not valid UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read vocabulary file " + path, e);
    }
  }

  static Vocabulary read(Reader in, String sourceName) throws IOException {
    return new Parser(in, sourceName).read();
  }

  /** Reads one vocabulary file; tracks the line number for error messages. */
  private static final class Parser {
    private final BufferedReader in;
    private final String source;
    private final Map<String, String> header = new LinkedHashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private final List<Long> counts = new ArrayList<>();
    private int lineNo;
    private int version;
    private int firstEntryLine;

    Parser(Reader in, String source) {
      this.in = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
      this.source = source;
    }

    private VocabularyException error(int line, String msg) {
      return new VocabularyException(source + " line " + line + ": " + msg);
    }

    private VocabularyException error(String msg) {
      return new VocabularyException(source + ": " + msg);
    }

    Vocabulary read() throws IOException {
      String line = readHeader();
      readEntries(line);
      return version == COUNTED_FORMAT ? counted() : imported();
    }

    private String readHeader() throws IOException {
      String line = in.readLine();
      lineNo = 1;
      List<String> keys = COUNTED_KEYS;
      while (line != null && line.startsWith("# ")) {
        int colon = line.indexOf(": ", 2);
        if (colon < 0) {
          throw error(lineNo, "header line must be '# key: value', found '" + line + "'");
        }
        String key = line.substring(2, colon);
        String value = line.substring(colon + 2);
        if (header.isEmpty()) {
          if (!key.equals(VERSION_KEY)) {
            throw notAVocabulary(lineNo);
          }
          if (value.equals(String.valueOf(COUNTED_FORMAT))) {
            version = COUNTED_FORMAT;
          } else if (value.equals(String.valueOf(IMPORTED_FORMAT))) {
            version = IMPORTED_FORMAT;
            keys = IMPORTED_KEYS;
          } else {
            throw error(
                lineNo,
                "unsupported deepscore-vocabulary version '"
                    + value
                    + "' (supported: ["
                    + COUNTED_FORMAT
                    + ", "
                    + IMPORTED_FORMAT
                    + "])");
          }
        }
        if (!keys.contains(key)) {
          throw error(lineNo, "unknown header key '" + key + "' (allowed: " + keys + ")");
        }
        if (header.put(key, value) != null) {
          throw error(lineNo, "duplicate header key '" + key + "'");
        }
        line = in.readLine();
        lineNo++;
      }
      if (header.isEmpty()) {
        throw notAVocabulary(1);
      }
      for (String key : keys) {
        if (!header.containsKey(key)) {
          throw error("missing header key '" + key + "'");
        }
      }
      return line;
    }

    private VocabularyException notAVocabulary(int line) {
      return error(
          line,
          "not a deepscore vocabulary: the first line must be '# "
              + VERSION_KEY
              + ": "
              + COUNTED_FORMAT
              + "' (or "
              + IMPORTED_FORMAT
              + ")");
    }

    private void readEntries(String first) throws IOException {
      int size = (int) number("size", Vocabulary.RESERVED, Integer.MAX_VALUE);
      firstEntryLine = lineNo;
      String line = first;
      while (line != null) {
        if (tokens.size() == size) {
          throw error(lineNo, "more entries than the header's size " + size);
        }
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
          throw error(lineNo, "expected 'token<TAB>count', found '" + line + "'");
        }
        String c = line.substring(tab + 1);
        long count;
        if (version == IMPORTED_FORMAT && c.equals(UNKNOWN)) {
          count = Vocabulary.UNKNOWN_COUNT;
        } else {
          try {
            count = Long.parseLong(c);
          } catch (NumberFormatException e) {
            throw error(lineNo, "count '" + c + "' is not an integer");
          }
          if (count < 0) {
            throw error(lineNo, "count " + count + " is negative");
          }
        }
        tokens.add(unescape(line.substring(0, tab)));
        counts.add(count);
        line = in.readLine();
        lineNo++;
      }
      if (tokens.size() != size) {
        throw error("header says size " + size + " but the file has " + tokens.size() + " entries");
      }
    }

    private Vocabulary counted() {
      int size = tokens.size();
      int minCount = (int) number("min_count", 1, Integer.MAX_VALUE);
      int maxSize = (int) number("max_size", 1, FieldSpec.MAX_SIZE_LIMIT);
      long distinct = number("distinct_seen", 0, Long.MAX_VALUE);
      long total = number("total_occurrences", 0, Long.MAX_VALUE);
      long keptOcc = number("kept_occurrences", 0, Long.MAX_VALUE);
      if (!tokens.get(Vocabulary.PAD_ID).equals(Vocabulary.PAD)
          || counts.get(Vocabulary.PAD_ID) != 0) {
        throw error(firstEntryLine, "id 0 must be '" + Vocabulary.PAD + "\t0'");
      }
      if (!tokens.get(Vocabulary.OOV_ID).equals(Vocabulary.OOV)) {
        throw error(firstEntryLine + 1, "id 1 must be '" + Vocabulary.OOV + "'");
      }
      String[] kept = tokens.subList(Vocabulary.RESERVED, size).toArray(new String[0]);
      long[] keptCounts = new long[kept.length];
      for (int i = 0; i < kept.length; i++) {
        keptCounts[i] = counts.get(i + Vocabulary.RESERVED);
      }
      Vocabulary v =
          atLine(
              () ->
                  VocabularyRules.counted(
                      header.get("field"), minCount, maxSize, distinct, total, kept, keptCounts));
      if (v.keptOccurrences() != keptOcc) {
        throw error(
            "header says kept_occurrences "
                + keptOcc
                + " but the counts of ids >= 2 sum to "
                + v.keptOccurrences());
      }
      if (counts.get(Vocabulary.OOV_ID) != v.count(Vocabulary.OOV_ID)) {
        throw error(
            firstEntryLine + 1,
            "count of '"
                + Vocabulary.OOV
                + "' must be total_occurrences - kept_occurrences = "
                + v.count(Vocabulary.OOV_ID)
                + ", found "
                + counts.get(Vocabulary.OOV_ID));
      }
      return checkSha(v);
    }

    private Vocabulary imported() {
      if (!header.get("origin").equals(IMPORTED_ORIGIN)) {
        throw error(
            "origin '"
                + header.get("origin")
                + "' is not supported in format "
                + IMPORTED_FORMAT
                + " (supported: ["
                + IMPORTED_ORIGIN
                + "])");
      }
      int last = tokens.size() - 1;
      int padId = (int) number("pad_id", 0, last);
      int unknownId = (int) number("unknown_id", 0, last);
      long[] c = counts.stream().mapToLong(Long::longValue).toArray();
      String from = unescape(header.get("source"));
      return checkSha(
          atLine(
              () ->
                  VocabularyRules.imported(
                      header.get("field"), tokens, c, padId, unknownId, from)));
    }

    /** Runs a construction, moving an entry's error to its file line. */
    private Vocabulary atLine(java.util.function.Supplier<Vocabulary> build) {
      try {
        return build.get();
      } catch (VocabularyException e) {
        if (e.entryId() >= 0 && e.entryId() < tokens.size()) {
          throw new VocabularyException(
              source + " line " + (firstEntryLine + e.entryId()) + ": " + e.getMessage(), e);
        }
        throw new VocabularyException(source + ": " + e.getMessage(), e);
      }
    }

    private Vocabulary checkSha(Vocabulary v) {
      String sha = header.get("sha256");
      if (!v.id().equals(sha)) {
        throw error(
            "sha256 mismatch: header says "
                + sha
                + " but the tokens hash to "
                + v.id()
                + " (file corrupted or edited; rebuild or re-import the vocabulary)");
      }
      return v;
    }

    private long number(String key, long min, long max) {
      String v = header.get(key);
      long n;
      try {
        n = Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw error("header " + key + " '" + v + "' is not an integer");
      }
      if (n < min || n > max) {
        throw error("header " + key + " " + n + " is out of range [" + min + ", " + max + "]");
      }
      return n;
    }

    private String unescape(String s) {
      if (s.indexOf('\\') < 0) {
        return s;
      }
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        char next = i + 1 < s.length() ? s.charAt(++i) : 0;
        switch (next) {
          case '\\' -> sb.append('\\');
          case 't' -> sb.append('\t');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          default ->
              throw error(lineNo, "bad escape in token '" + s + "' (allowed: \\\\ \\t \\n \\r)");
        }
      }
      return sb.toString();
    }
  }

  /** Escapes {@code \}, tab, LF and CR so a token fits on one line. */
  static String escape(String token) {
    int n = token.length();
    int i = 0;
    while (i < n) {
      char c = token.charAt(i);
      if (c == '\\' || c == '\t' || c == '\n' || c == '\r') {
        break;
      }
      i++;
    }
    if (i == n) {
      return token;
    }
    StringBuilder sb = new StringBuilder(n + 8).append(token, 0, i);
    for (; i < n; i++) {
      char c = token.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
