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

  /** Checks that {@code v} was built for field {@code f} with the spec's counting parameters. */
  static void check(FieldSpec f, Vocabulary v, String source) {
    if (!v.field().equals(f.name())) {
      throw new VocabularyException(
          source + ": vocabulary is for field '" + v.field() + "', expected '" + f.name() + "'");
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
