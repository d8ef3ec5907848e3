package io.deepscore.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes the vocabularies of a spec: one file {@code <field>.vocab} per field. */
public final class Vocabularies {
  /** File name suffix of a vocabulary file. */
  public static final String SUFFIX = ".vocab";

  private Vocabularies() {}

  /** The path of field {@code field}'s vocabulary in {@code dir}. */
  public static Path path(Path dir, String field) {
    return dir.resolve(field + SUFFIX);
  }

  /**
   * Reads and verifies the vocabulary of every field of {@code spec}, and checks each one was built
   * for that field with the spec's {@code min_count} and {@code max_size} (a mismatch means the
   * spec changed after the vocabularies were built).
   *
   * @return field name to vocabulary, in spec order
   * @throws VocabularyException naming the field and the expected path for a missing file, or the
   *     file and line for a bad one
   */
  public static Map<String, Vocabulary> readAll(Path dir, FeatureSpec spec) {
    Map<String, Vocabulary> out = new LinkedHashMap<>();
    for (FieldSpec f : spec.fields()) {
      Path p = path(dir, f.name());
      if (!Files.isRegularFile(p)) {
        throw new VocabularyException(
            "no vocabulary for field '" + f.name() + "': expected file " + p + " (not found)");
      }
      Vocabulary v = Vocabulary.read(p);
      check(f, v, p.toString());
      out.put(f.name(), v);
    }
    return out;
  }

  /**
   * Checks that {@code v} belongs to field {@code f}: the same field name and, for a counted
   * vocabulary, the spec's counting parameters. An imported table was not counted, so {@code
   * min_count} and {@code max_size} do not apply to it; but its ids are not ordered by count, so a
   * field truncated {@code keep_most_frequent} (which ranks tokens by id) cannot use one.
   */
  static void check(FieldSpec f, Vocabulary v, String source) {
    if (!v.field().equals(f.name())) {
      throw new VocabularyException(
          source + ": vocabulary is for field '" + v.field() + "', expected '" + f.name() + "'");
    }
    if (v.origin() == Vocabulary.Origin.IMPORTED) {
      if (f.truncation() == Truncation.KEEP_MOST_FREQUENT) {
        throw new VocabularyException(
            source
                + ": field '"
                + f.name()
                + "' is truncated keep_most_frequent, which ranks tokens by their ids, but its"
                + " vocabulary is an imported table whose ids are not ordered by count: use"
                + " \"truncation\": \"keep_first\" in the spec");
      }
      return;
    }
    if (v.minCount() != f.minCount() || v.maxSize() != f.maxSize()) {
      throw new VocabularyException(
          source
              + ": vocabulary was built with min_count "
              + v.minCount()
              + " and max_size "
              + v.maxSize()
              + " but the spec says "
              + f.minCount()
              + " and "
              + f.maxSize()
              + "; rebuild the vocabularies for this spec");
    }
  }

  /**
   * Refuses vocabularies whose padding or unknown id is not deepscore's ({@value Vocabulary#PAD_ID}
   * and {@value Vocabulary#OOV_ID}): code that relies on them (deepscore's own trainers) cannot use
   * such an imported table.
   *
   * @param who what relies on them, for the message (e.g. {@code deepscore's trainers})
   * @throws VocabularyException naming the first such field and its ids
   */
  public static void requireStandardReservedIds(Map<String, Vocabulary> vocabularies, String who) {
    for (Vocabulary v : vocabularies.values()) {
      if (v.padId() != Vocabulary.PAD_ID || v.unknownId() != Vocabulary.OOV_ID) {
        throw new VocabularyException(
            "field '"
                + v.field()
                + "': the imported table pads with id "
                + v.padId()
                + " and maps unknown tokens to id "
                + v.unknownId()
                + ", but "
                + who
                + " need padding 0 and unknown 1: re-import the table with its padding at index 0"
                + " and its unknown token at 1, or train the model outside deepscore and bundle it");
      }
    }
  }

  /**
   * Writes every vocabulary as {@code dir/<field>.vocab}, creating {@code dir} if needed.
   *
   * @throws IllegalArgumentException if a map key differs from its vocabulary's field
   */
  public static void writeAll(Path dir, Map<String, Vocabulary> vocabularies) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create vocabulary directory " + dir, e);
    }
    for (Map.Entry<String, Vocabulary> e : vocabularies.entrySet()) {
      if (!e.getKey().equals(e.getValue().field())) {
        throw new IllegalArgumentException(
            "key '"
                + e.getKey()
                + "' holds the vocabulary of field '"
                + e.getValue().field()
                + "'");
      }
    }
    for (Vocabulary v : vocabularies.values()) {
      v.write(path(dir, v.field()));
    }
  }
}
