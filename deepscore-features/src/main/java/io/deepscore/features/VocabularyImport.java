package io.deepscore.features;

import io.deepscore.features.MappingTableReader.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports a mapping table made outside deepscore (token -> index, e.g. by a data scientist's Python
 * preprocessing) as an {@link Vocabulary.Origin#IMPORTED} vocabulary that keeps its indices
 * exactly.
 *
 * <p>Formats ({@link Format}): plain text, one token per line, index = line number - 1; {@code
 * token<TAB>index[<TAB>count]} per line; a JSON object {@code {"token": index}} or array {@code
 * ["token", ...]} (index = position). Tokens are taken byte for byte (UTF-8, nothing trimmed), in
 * any order.
 *
 * <p>Reserved indices: the padding index and the unknown index are the indices of tokens spelled
 * like {@link #PAD_SPELLINGS} and {@link #UNKNOWN_SPELLINGS} when the table has them, else the
 * stated ones, else 0 and 1. A stated index that contradicts the table's spelling is refused; so is
 * a default index holding an ordinary token (it would silently swallow a real token). A reserved
 * index may be absent from the table (e.g. padding 0 in a table starting at 1). Indices must then
 * run from 0 without gaps; duplicate tokens, duplicate indices, empty tokens and bytes that are not
 * UTF-8 are refused. Every error names the field, the file and the line.
 */
public final class VocabularyImport {

  /** Tokens recognised as the padding entry of a table. */
  public static final List<String> PAD_SPELLINGS = List.of("<pad>", "[PAD]", "<PAD>");

  /** Tokens recognised as the unknown entry of a table. */
  public static final List<String> UNKNOWN_SPELLINGS =
      List.of("<unk>", "[UNK]", "<UNK>", "<oov>", "[OOV]", "<OOV>");

  /** How a mapping table file is written. */
  public enum Format implements SpecEnum {
    /** One token per line; index = line number - 1. */
    TEXT("text"),
    /** {@code token<TAB>index} or {@code token<TAB>index<TAB>count} per line. */
    TSV("tsv"),
    /** An object {@code {"token": index}} or an array of tokens (index = position). */
    JSON("json");

    private final String id;

    Format(String id) {
      this.id = id;
    }

    @Override
    public String id() {
      return id;
    }

    /** By file name: {@code .tsv} is TSV, {@code .json} JSON, anything else plain text. */
    public static Format of(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      return name.endsWith(".tsv") ? TSV : name.endsWith(".json") ? JSON : TEXT;
    }

    /**
     * @throws IllegalArgumentException listing the formats if {@code value} is none of them
     */
    public static Format parse(String value) {
      Format f = SpecEnum.find(Format.class, value, true);
      if (f == null) {
        throw new IllegalArgumentException(SpecEnum.notOneOf(Format.class, "table format", value));
      }
      return f;
    }
  }

  /**
   * How to read one table.
   *
   * @param format null: by file name ({@link Format#of})
   * @param padIndex the stated padding index, or null (recognised spelling, else 0)
   * @param unknownIndex the stated unknown index, or null (recognised spelling, else 1)
   */
  public record Options(Format format, Integer padIndex, Integer unknownIndex) {
    /** No format, no stated indices. */
    public static final Options DEFAULT = new Options(null, null, null);
  }

  private VocabularyImport() {}

  /**
   * Reads the mapping table {@code file} as the vocabulary of {@code field}.
   *
   * @throws VocabularyException naming the field, the file and the line of the problem
   */
  public static Vocabulary read(String field, Path file, Options options) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new VocabularyException(
          "field '" + field + "': mapping table " + file + " not found", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mapping table " + file, e);
    }
    Format format = options.format() != null ? options.format() : Format.of(file);
    String name = file.getFileName().toString();
    return parse(field, content, file.toString(), name + " (" + format.id() + ")", format, options);
  }

  /**
   * Parses a table given as bytes.
   *
   * @param fileName names the table in error messages
   * @param source recorded in the vocabulary file as where it came from
   */
  static Vocabulary parse(
      String field, byte[] content, String fileName, String source, Format format, Options o) {
    MappingTableReader reader = new MappingTableReader("field '" + field + "', " + fileName);
    List<Entry> entries = reader.read(content, format);
    return new Resolver(field, reader, entries).resolve(o.padIndex(), o.unknownIndex(), source);
  }

  /** Turns a table's entries into ids: reserved indices, duplicates, gaps. */
  private static final class Resolver {
    private final String field;
    private final MappingTableReader reader;
    private final List<Entry> entries;
    private final Map<Integer, Entry> byIndex = new HashMap<>();

    Resolver(String field, MappingTableReader reader, List<Entry> entries) {
      this.field = field;
      this.reader = reader;
      this.entries = entries;
      Map<String, Entry> byToken = new HashMap<>();
      for (Entry e : entries) {
        Entry sameToken = e.token().isEmpty() ? null : byToken.putIfAbsent(e.token(), e);
        if (sameToken != null) {
          throw reader.error(
              e.line(),
              "token '"
                  + VocabularyFile.escape(e.token())
                  + "' appears twice (lines "
                  + sameToken.line()
                  + " and "
                  + e.line()
                  + ")");
        }
        Entry sameIndex = byIndex.putIfAbsent(e.index(), e);
        if (sameIndex != null) {
          throw reader.error(
              e.line(),
              "index "
                  + e.index()
                  + " of '"
                  + VocabularyFile.escape(e.token())
                  + "' is also the index of '"
                  + VocabularyFile.escape(sameIndex.token())
                  + "' (line "
                  + sameIndex.line()
                  + ")");
        }
      }
    }

    Vocabulary resolve(Integer statedPad, Integer statedUnknown, String source) {
      int pad = reserved("padding", "--pad-index", PAD_SPELLINGS, statedPad, Vocabulary.PAD_ID);
      int unknown =
          reserved(
              "unknown", "--unknown-index", UNKNOWN_SPELLINGS, statedUnknown, Vocabulary.OOV_ID);
      if (pad == unknown) {
        throw reader.error(
            "the padding index and the unknown index are both "
                + pad
                + ": they must differ (state them with --pad-index and --unknown-index)");
      }
      int size = entries.size();
      size += byIndex.containsKey(pad) ? 0 : 1;
      size += byIndex.containsKey(unknown) ? 0 : 1;
      checkNoGap(size, pad, unknown);
      List<String> tokens = new ArrayList<>(size);
      long[] counts = new long[size];
      Arrays.fill(counts, Vocabulary.UNKNOWN_COUNT);
      for (int id = 0; id < size; id++) {
        Entry e = byIndex.get(id);
        if (e == null) {
          tokens.add(id == pad ? Vocabulary.PAD : "<unk>");
          continue;
        }
        if (e.token().isEmpty() && id != pad && id != unknown) {
          throw reader.error(e.line(), "empty token (index " + id + ")");
        }
        tokens.add(e.token());
        counts[id] = e.count();
      }
      return Vocabulary.imported(field, tokens, counts, pad, unknown, source);
    }

    /** The index of a reserved entry: recognised spelling, else stated, else the default. */
    private int reserved(
        String what, String option, List<String> spellings, Integer stated, int dflt) {
      if (stated != null && stated < 0) {
        throw reader.error("the stated " + what + " index " + stated + " must be >= 0");
      }
      Entry found = null;
      for (Entry e : entries) {
        if (spellings.contains(e.token())) {
          if (found != null) {
            throw reader.error(
                e.line(),
                "both '"
                    + found.token()
                    + "' (line "
                    + found.line()
                    + ") and '"
                    + e.token()
                    + "' are spellings of the "
                    + what
                    + " token: keep one");
          }
          found = e;
        }
      }
      if (found != null) {
        if (stated != null && stated != found.index()) {
          throw reader.error(
              found.line(),
              "'"
                  + found.token()
                  + "' has index "
                  + found.index()
                  + " but "
                  + option
                  + " says "
                  + stated
                  + ": fix the table or the option");
        }
        return found.index();
      }
      int index = stated != null ? stated : dflt;
      Entry at = byIndex.get(index);
      if (stated == null && at != null && !at.token().isEmpty()) {
        throw reader.error(
            at.line(),
            "index "
                + index
                + " is the "
                + what
                + " index by default but holds the token '"
                + VocabularyFile.escape(at.token())
                + "', not one of "
                + spellings
                + ": if it is the "
                + what
                + " entry say so with "
                + option
                + " "
                + field
                + "="
                + index
                + ", else state the "
                + what
                + " index with "
                + option);
      }
      return index;
    }

    /** Indices (with the reserved ones) must be exactly {@code 0 .. size-1}. */
    private void checkNoGap(int size, int pad, int unknown) {
      int[] present = new int[entries.size() + 2];
      int n = 0;
      for (Entry e : entries) {
        present[n++] = e.index();
      }
      for (int reserved : new int[] {pad, unknown}) {
        if (!byIndex.containsKey(reserved)) {
          present[n++] = reserved;
        }
      }
      Arrays.sort(present, 0, n);
      for (int i = 0; i < n; i++) {
        if (present[i] != i) {
          Entry next = byIndex.get(present[i]);
          String problem =
              "no token has index "
                  + i
                  + ": indices must run from 0 to "
                  + (size - 1)
                  + " without gaps (the next index is "
                  + present[i];
          throw next == null
              ? reader.error(problem + ", the reserved one)")
              : reader.error(next.line(), problem + ", on this line)");
        }
      }
    }
  }
}
