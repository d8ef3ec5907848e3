package io.deepscore.features;

import io.deepscore.hash.Sha256;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The token-to-id mapping table of one field. Immutable, thread-safe and versioned by content
 * ({@link #id()}). Two origins:
 *
 * <ul>
 *   <li>{@link Origin#COUNTED} (built by deepscore from data): {@value #PAD_ID} is {@value #PAD}
 *       (padding, never produced by a token), {@value #OOV_ID} is {@value #OOV} (every token not in
 *       the table, including a data token spelled {@code <pad>} or {@code <oov>}); then tokens by
 *       descending training count, ties broken by ascending token ({@link String#compareTo}), so
 *       the same data always yields the same ids. Only tokens counted at least {@code min_count}
 *       times are kept, at most {@code max_size} of them.
 *   <li>{@link Origin#IMPORTED} (a mapping table made elsewhere, see {@link VocabularyImport}): the
 *       ids are exactly the table's, in any token order; its own padding id ({@link #padId()}) and
 *       unknown id ({@link #unknownId()}); counts may be unknown ({@value #UNKNOWN_COUNT}).
 * </ul>
 *
 * <p>Either way the two reserved ids never come out of {@link #indexOf} for a known token: a data
 * token spelled like a reserved entry maps to the unknown id, so data can never produce padding.
 * The file format ({@link VocabularyFile}, {@code docs/features.md}) is written byte-identically
 * for equal vocabularies and verified on read (format, size, order, sha256).
 */
public final class Vocabulary {
  /** Format version of a counted vocabulary file ({@code # deepscore-vocabulary: 1}). */
  public static final int FORMAT_VERSION = VocabularyFile.COUNTED_FORMAT;

  /** Format version of an imported vocabulary file ({@code # deepscore-vocabulary: 2}). */
  public static final int IMPORTED_FORMAT_VERSION = VocabularyFile.IMPORTED_FORMAT;

  /** Padding id of a counted vocabulary. */
  public static final int PAD_ID = 0;

  /** Out-of-vocabulary id of a counted vocabulary. */
  public static final int OOV_ID = 1;

  /** Number of reserved ids (padding and unknown), in every vocabulary. */
  public static final int RESERVED = 2;

  public static final String PAD = "<pad>";
  public static final String OOV = "<oov>";

  /** The count of an entry whose count is not known (imported tables without counts). */
  public static final long UNKNOWN_COUNT = -1;

  /** Where a vocabulary's ids come from. */
  public enum Origin {
    /** Counted by deepscore: ids by descending count, {@value #PAD_ID} and {@value #OOV_ID}. */
    COUNTED,
    /** Imported from a mapping table made elsewhere: ids exactly as given. */
    IMPORTED
  }

  private final String field;
  private final Origin origin;
  private final int padId;
  private final int unknownId;
  private final int minCount;
  private final int maxSize;
  private final long distinctSeen;
  private final long totalOccurrences;
  private final long keptOccurrences;
  private final String[] tokens;
  private final long[] counts;
  private final String source;
  private final String sha256;
  private final TokenIndex index;

  /** Use {@link VocabularyRules}, which validates first. */
  Vocabulary(
      String field,
      Origin origin,
      int padId,
      int unknownId,
      int minCount,
      int maxSize,
      long[] stats,
      String[] tokens,
      long[] counts,
      String source) {
    this.field = field;
    this.origin = origin;
    this.padId = padId;
    this.unknownId = unknownId;
    this.minCount = minCount;
    this.maxSize = maxSize;
    this.distinctSeen = stats[0];
    this.totalOccurrences = stats[1];
    this.keptOccurrences = stats[2];
    this.tokens = tokens;
    this.counts = counts;
    this.source = source;
    this.index = new TokenIndex(tokens, padId, unknownId, of(field));
    this.sha256 = hash(origin == Origin.IMPORTED ? reservedLines(padId, unknownId) : "", tokens);
  }

  static String of(String field) {
    return "vocabulary of field '" + field + "': ";
  }

  /**
   * An imported mapping table: ids exactly as given (a model trained on id 57 sees 57).
   *
   * @param tokens the token of every id {@code 0 .. size-1}; the entries at {@code padId} and
   *     {@code unknownId} are only the table's spelling of them (may be empty) and are never looked
   *     up; every other token is non-empty and unique
   * @param counts per id, each {@code >= 0} or {@link #UNKNOWN_COUNT}; null when none is known
   * @param source where the table came from (e.g. its file name), recorded in the file; may be
   *     empty
   * @throws VocabularyException naming the field and the id at fault
   */
  public static Vocabulary imported(
      String field, List<String> tokens, long[] counts, int padId, int unknownId, String source) {
    return VocabularyRules.imported(field, tokens, counts, padId, unknownId, source);
  }

  /**
   * Builds a vocabulary from counts computed elsewhere (e.g. distributed in Spark), with exactly
   * the rules of {@link VocabularyBuilder#build}: given the same data both give equal vocabularies.
   *
   * @param topCountsAnyOrder the highest counts in any order; must include every token that can be
   *     kept, i.e. the first {@code maxSize + 2} tokens by (count desc, token asc) with {@code
   *     count >= minCount} (the +2 covers data tokens spelled like the reserved ones, which are
   *     dropped). Tokens must be distinct.
   * @param distinctSeen number of distinct tokens in the whole data
   * @param totalOccurrences number of token occurrences in the whole data
   * @throws VocabularyException on inconsistent arguments
   */
  public static Vocabulary fromTopCounts(
      String field,
      List<TokenCount> topCountsAnyOrder,
      int minCount,
      int maxSize,
      long distinctSeen,
      long totalOccurrences) {
    return VocabularyRules.fromTopCounts(
        field, topCountsAnyOrder, minCount, maxSize, distinctSeen, totalOccurrences);
  }

  /** The id of {@code token}: {@link #unknownId()} when unknown or null. Allocation-free. */
  public int indexOf(String token) {
    return token == null ? unknownId : index.get(token, unknownId);
  }

  /**
   * The token of {@code id} (for the reserved ids: {@link #PAD} and {@link #OOV} when counted, the
   * table's own spelling when imported).
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= id < size()}
   */
  public String token(int id) {
    return tokens[id];
  }

  /**
   * The training count of {@code id}, or {@link #UNKNOWN_COUNT}. Counted: for {@link #OOV_ID} the
   * occurrences not covered by kept tokens, for {@link #PAD_ID} 0. Imported: as the table gave it.
   */
  public long count(int id) {
    return counts[id];
  }

  /** Number of ids, the 2 reserved ones included (the embedding table's row count). */
  public int size() {
    return tokens.length;
  }

  /** All tokens in id order, reserved ones included (unmodifiable). */
  public List<String> tokens() {
    return Collections.unmodifiableList(Arrays.asList(tokens));
  }

  /**
   * Content version: hex SHA-256 of the escaped tokens in id order, each followed by '\n'; for an
   * imported table preceded by the lines {@code pad_id <P>} and {@code unknown_id <U>}.
   */
  public String id() {
    return sha256;
  }

  public String field() {
    return field;
  }

  public Origin origin() {
    return origin;
  }

  /** The id padding is written with: {@value #PAD_ID} when counted. */
  public int padId() {
    return padId;
  }

  /** The id every token not in the table gets: {@value #OOV_ID} when counted. */
  public int unknownId() {
    return unknownId;
  }

  /** The largest id a token or padding can be encoded to: {@code size() - 1}. */
  public int largestId() {
    return tokens.length - 1;
  }

  /** Where an imported table came from (as recorded); empty when counted. */
  public String source() {
    return source == null ? "" : source;
  }

  /** {@code min_count} it was counted with; 0 when imported. */
  public int minCount() {
    return minCount;
  }

  /** {@code max_size} it was counted with; 0 when imported. */
  public int maxSize() {
    return maxSize;
  }

  /** Distinct tokens seen in the data, kept or not; -1 when imported. */
  public long distinctSeen() {
    return distinctSeen;
  }

  /** Tokens with an id of their own: {@code size()} minus the 2 reserved ids. */
  public int keptTokens() {
    return tokens.length - RESERVED;
  }

  /** Token occurrences in the data; -1 when imported. */
  public long totalOccurrences() {
    return totalOccurrences;
  }

  /** Token occurrences whose token was kept; -1 when imported. */
  public long keptOccurrences() {
    return keptOccurrences;
  }

  /**
   * keptOccurrences / totalOccurrences, in [0, 1]; 0 when there was no data; NaN when imported (the
   * data it was made from is unknown).
   */
  public double coverage() {
    if (origin == Origin.IMPORTED) {
      return Double.NaN;
    }
    return totalOccurrences == 0 ? 0.0 : (double) keptOccurrences / totalOccurrences;
  }

  // ---------------------------------------------------------------- file format

  /** Writes the vocabulary file (UTF-8, '\n' line ends) atomically where the file system can. */
  public void write(Path path) {
    VocabularyFile.write(this, path);
  }

  /** Writes the vocabulary file format to {@code out} (not closed, flushed). */
  public void write(Writer out) throws IOException {
    VocabularyFile.write(this, out);
  }

  /**
   * Reads and verifies a vocabulary file (format 1 or 2).
   *
   * @throws VocabularyException naming the file (and line) if it is missing, corrupted or edited
   */
  public static Vocabulary read(Path path) {
    return VocabularyFile.read(path);
  }

  /**
   * Reads and verifies the vocabulary file format from {@code in} (not closed).
   *
   * @param sourceName names the source in error messages
   * @throws VocabularyException naming the source and line on any format or content error
   */
  public static Vocabulary read(Reader in, String sourceName) throws IOException {
    return VocabularyFile.read(in, sourceName);
  }

  static String reservedLines(int padId, int unknownId) {
    return "pad_id " + padId + "\nunknown_id " + unknownId + "\n";
  }

  private static String hash(String prefix, String[] tokens) {
    Sha256 md = Sha256.newDigest().update(prefix);
    for (String t : tokens) {
      md.update(VocabularyFile.escape(t)).update((byte) '\n');
    }
    return md.hex();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Vocabulary)) {
      return false;
    }
    Vocabulary v = (Vocabulary) o;
    return field.equals(v.field)
        && origin == v.origin
        && padId == v.padId
        && unknownId == v.unknownId
        && minCount == v.minCount
        && maxSize == v.maxSize
        && distinctSeen == v.distinctSeen
        && totalOccurrences == v.totalOccurrences
        && source().equals(v.source())
        && sha256.equals(v.sha256)
        && Arrays.equals(tokens, v.tokens)
        && Arrays.equals(counts, v.counts);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode() * 31 + field.hashCode();
  }

  @Override
  public String toString() {
    if (origin == Origin.IMPORTED) {
      return String.format(
          Locale.ROOT,
          "Vocabulary{%s, imported from %s, size=%d, pad_id=%d, unknown_id=%d, id=%s}",
          field,
          source.isEmpty() ? "?" : source,
          size(),
          padId,
          unknownId,
          sha256.substring(0, 12));
    }
    return String.format(
        Locale.ROOT,
        "Vocabulary{%s, size=%d, min_count=%d, max_size=%d, distinct_seen=%d, coverage=%.4f, id=%s}",
        field,
        size(),
        minCount,
        maxSize,
        distinctSeen,
        coverage(),
        sha256.substring(0, 12));
  }
}
