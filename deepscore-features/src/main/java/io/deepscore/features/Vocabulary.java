package io.deepscore.features;

import io.deepscore.hash.Sha256;
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
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token-to-id mapping table of one field. Immutable, thread-safe and versioned by content
 * ({@link #id()}).
 *
 * <p>Ids: {@value #PAD_ID} is {@value #PAD} (padding, never produced by a token), {@value #OOV_ID}
 * is {@value #OOV} (every token not in the table, including a data token spelled {@code <pad>} or
 * {@code <oov>}); then tokens by descending training count, ties broken by ascending token ({@link
 * String#compareTo}), so the same data always yields the same ids. Only tokens counted at least
 * {@code min_count} times are kept, at most {@code max_size} of them.
 *
 * <p>The file format (UTF-8 text, see {@code docs/features.md}) is written byte-identically for
 * equal vocabularies and verified on read (format, size, order, sha256).
 */
public final class Vocabulary {
  /** Version written in the {@code # deepscore-vocabulary:} header. */
  public static final int FORMAT_VERSION = 1;

  public static final int PAD_ID = 0;
  public static final int OOV_ID = 1;

  /** Number of reserved ids before the first real token. */
  public static final int RESERVED = 2;

  public static final String PAD = "<pad>";
  public static final String OOV = "<oov>";

  static final List<String> HEADER_KEYS =
      List.of(
          "deepscore-vocabulary",
          "field",
          "size",
          "min_count",
          "max_size",
          "distinct_seen",
          "total_occurrences",
          "kept_occurrences",
          "sha256");

  private final String field;
  private final int minCount;
  private final int maxSize;
  private final long distinctSeen;
  private final long totalOccurrences;
  private final long keptOccurrences;
  private final String[] tokens;
  private final long[] counts;
  private final String sha256;

  // Open-addressing hash table token -> id: lookups neither allocate nor box.
  private final String[] slots;
  private final int[] slotIds;
  private final int mask;
  private final int shift;

  /**
   * @param kept real tokens in id order (ids start at {@link #RESERVED})
   * @param keptCounts their counts
   */
  private Vocabulary(
      String field,
      int minCount,
      int maxSize,
      long distinctSeen,
      long totalOccurrences,
      String[] kept,
      long[] keptCounts) {
    long keptSum =
        validate(field, minCount, maxSize, distinctSeen, totalOccurrences, kept, keptCounts);
    this.field = field;
    this.minCount = minCount;
    this.maxSize = maxSize;
    this.distinctSeen = distinctSeen;
    this.totalOccurrences = totalOccurrences;
    this.keptOccurrences = keptSum;
    int size = kept.length + RESERVED;
    this.tokens = new String[size];
    this.counts = new long[size];
    tokens[PAD_ID] = PAD;
    tokens[OOV_ID] = OOV;
    counts[OOV_ID] = totalOccurrences - keptSum;
    System.arraycopy(kept, 0, tokens, RESERVED, kept.length);
    System.arraycopy(keptCounts, 0, counts, RESERVED, kept.length);

    int capacity = Integer.highestOneBit(Math.max(4, kept.length * 2 - 1)) << 1;
    this.slots = new String[capacity];
    this.slotIds = new int[capacity];
    this.mask = capacity - 1;
    this.shift = 32 - Integer.numberOfTrailingZeros(capacity);
    for (int id = RESERVED; id < size; id++) {
      String t = tokens[id];
      int i = slot(t);
      while (slots[i] != null) {
        if (slots[i].equals(t)) {
          throw new VocabularyException(
              "vocabulary of field '"
                  + field
                  + "': token '"
                  + escape(t)
                  + "' appears twice (ids "
                  + slotIds[i]
                  + " and "
                  + id
                  + ")",
              id,
              null);
        }
        i = (i + 1) & mask;
      }
      slots[i] = t;
      slotIds[i] = id;
    }
    this.sha256 = hash(tokens);
  }

  /** The single validation of a vocabulary; returns the kept occurrences. */
  private static long validate(
      String field,
      int minCount,
      int maxSize,
      long distinctSeen,
      long totalOccurrences,
      String[] kept,
      long[] keptCounts) {
    if (field == null || !FieldSpec.NAME_PATTERN.matcher(field).matches()) {
      throw new VocabularyException(
          "field name '" + field + "' must match " + FieldSpec.NAME_PATTERN.pattern());
    }
    String of = "vocabulary of field '" + field + "': ";
    if (minCount < 1) {
      throw new VocabularyException(of + "min_count " + minCount + " must be >= 1");
    }
    if (maxSize < 1 || maxSize > FieldSpec.MAX_SIZE_LIMIT) {
      throw new VocabularyException(
          of + "max_size " + maxSize + " is out of range [1, " + FieldSpec.MAX_SIZE_LIMIT + "]");
    }
    if (kept.length > maxSize) {
      throw new VocabularyException(
          of + "has " + kept.length + " tokens, more than max_size " + maxSize,
          maxSize + RESERVED,
          null);
    }
    if (distinctSeen < kept.length) {
      throw new VocabularyException(
          of
              + "distinct_seen "
              + distinctSeen
              + " is less than the "
              + kept.length
              + " kept tokens");
    }
    long sum = 0;
    for (int i = 0; i < kept.length; i++) {
      int id = i + RESERVED;
      String t = kept[i];
      if (t == null || t.isEmpty()) {
        throw new VocabularyException(of + "id " + id + ": token is empty", id, null);
      }
      if (t.equals(PAD) || t.equals(OOV)) {
        throw new VocabularyException(
            of + "id " + id + ": reserved token '" + t + "' cannot have a real id", id, null);
      }
      if (keptCounts[i] < minCount) {
        throw new VocabularyException(
            of + "id " + id + ": count " + keptCounts[i] + " is below min_count " + minCount,
            id,
            null);
      }
      if (i > 0
          && TokenCount.compareForVocabulary(kept[i - 1], keptCounts[i - 1], t, keptCounts[i])
              >= 0) {
        throw new VocabularyException(
            of
                + "id "
                + id
                + ": token '"
                + escape(t)
                + "' is out of order (ids go by descending count, then ascending token)",
            id,
            null);
      }
      sum += keptCounts[i];
    }
    if (sum > totalOccurrences) {
      throw new VocabularyException(
          of
              + "kept tokens occur "
              + sum
              + " times, more than total_occurrences "
              + totalOccurrences);
    }
    return sum;
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
    if (topCountsAnyOrder == null) {
      throw new VocabularyException("topCountsAnyOrder must not be null");
    }
    if (topCountsAnyOrder.size() > distinctSeen) {
      throw new VocabularyException(
          "vocabulary of field '"
              + field
              + "': "
              + topCountsAnyOrder.size()
              + " token counts given but distinct_seen is only "
              + distinctSeen);
    }
    List<TokenCount> candidates = new ArrayList<>();
    long sum = 0;
    for (TokenCount tc : topCountsAnyOrder) {
      if (tc == null) {
        throw new VocabularyException("vocabulary of field '" + field + "': null token count");
      }
      sum += tc.count();
      if (tc.count() >= minCount && !tc.token().equals(PAD) && !tc.token().equals(OOV)) {
        candidates.add(tc);
      }
    }
    if (sum > totalOccurrences) {
      throw new VocabularyException(
          "vocabulary of field '"
              + field
              + "': the given counts sum to "
              + sum
              + ", more than total_occurrences "
              + totalOccurrences);
    }
    candidates.sort(
        (a, b) -> TokenCount.compareForVocabulary(a.token(), a.count(), b.token(), b.count()));
    int n = Math.min(candidates.size(), Math.max(maxSize, 0));
    String[] kept = new String[n];
    long[] keptCounts = new long[n];
    for (int i = 0; i < n; i++) {
      kept[i] = candidates.get(i).token();
      keptCounts[i] = candidates.get(i).count();
    }
    return new Vocabulary(
        field, minCount, maxSize, distinctSeen, totalOccurrences, kept, keptCounts);
  }

  /** The id of {@code token}: {@link #OOV_ID} when unknown or null. Allocation-free. */
  public int indexOf(String token) {
    if (token == null) {
      return OOV_ID;
    }
    int i = slot(token);
    String s;
    while ((s = slots[i]) != null) {
      if (s == token || s.equals(token)) {
        return slotIds[i];
      }
      i = (i + 1) & mask;
    }
    return OOV_ID;
  }

  private int slot(String token) {
    // Fibonacci hashing: spreads String.hashCode (cached by String) over the top bits.
    return (token.hashCode() * 0x9E3779B9) >>> shift;
  }

  /**
   * The token of {@code id} ({@link #PAD} and {@link #OOV} for the reserved ids).
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= id < size()}
   */
  public String token(int id) {
    return tokens[id];
  }

  /**
   * The training count of {@code id}; for {@link #OOV_ID} the occurrences not covered by kept
   * tokens, for {@link #PAD_ID} 0.
   */
  public long count(int id) {
    return counts[id];
  }

  /** Number of ids, including the 2 reserved ones (the embedding table's row count). */
  public int size() {
    return tokens.length;
  }

  /** All tokens in id order, reserved ones included (unmodifiable). */
  public List<String> tokens() {
    return Collections.unmodifiableList(Arrays.asList(tokens));
  }

  /** Content version: hex SHA-256 of the escaped tokens in id order, each followed by '\n'. */
  public String id() {
    return sha256;
  }

  public String field() {
    return field;
  }

  public int minCount() {
    return minCount;
  }

  public int maxSize() {
    return maxSize;
  }

  /** Distinct tokens seen in the data, kept or not. */
  public long distinctSeen() {
    return distinctSeen;
  }

  /** Tokens kept (size() minus the 2 reserved ids). */
  public int keptTokens() {
    return tokens.length - RESERVED;
  }

  /** Token occurrences in the data. */
  public long totalOccurrences() {
    return totalOccurrences;
  }

  /** Token occurrences whose token was kept. */
  public long keptOccurrences() {
    return keptOccurrences;
  }

  /** keptOccurrences / totalOccurrences, in [0, 1]; 0 when there was no data. */
  public double coverage() {
    return totalOccurrences == 0 ? 0.0 : (double) keptOccurrences / totalOccurrences;
  }

  // ---------------------------------------------------------------- file format

  /** Writes the vocabulary file (UTF-8, '\n' line ends) atomically where the file system can. */
  public void write(Path path) {
    Path target = path.toAbsolutePath();
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        write(w);
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

  /** Writes the vocabulary file format to {@code out} (not closed, flushed). */
  public void write(Writer out) throws IOException {
    out.write("# deepscore-vocabulary: " + FORMAT_VERSION + "\n");
    out.write("# field: " + field + "\n");
    out.write("# size: " + tokens.length + "\n");
    out.write("# min_count: " + minCount + "\n");
    out.write("# max_size: " + maxSize + "\n");
    out.write("# distinct_seen: " + distinctSeen + "\n");
    out.write("# total_occurrences: " + totalOccurrences + "\n");
    out.write("# kept_occurrences: " + keptOccurrences + "\n");
    out.write("# sha256: " + sha256 + "\n");
    for (int id = 0; id < tokens.length; id++) {
      out.write(escape(tokens[id]));
      out.write('\t');
      out.write(Long.toString(counts[id]));
      out.write('\n');
    }
    out.flush();
  }

  /**
   * Reads and verifies a vocabulary file.
   *
   * @throws VocabularyException naming the file (and line) if it is missing, corrupted or edited
   */
  public static Vocabulary read(Path path) {
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

  /**
   * Reads and verifies the vocabulary file format from {@code in} (not closed).
   *
   * @param sourceName names the source in error messages
   * @throws VocabularyException naming the source and line on any format or content error
   */
  public static Vocabulary read(Reader in, String sourceName) throws IOException {
    return new FileReader(in, sourceName).read();
  }

  /** Reads one vocabulary file; tracks the line number for error messages. */
  private static final class FileReader {
    private final BufferedReader in;
    private final String source;
    private int lineNo;

    FileReader(Reader in, String source) {
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
      Map<String, String> header = new LinkedHashMap<>();
      String line = in.readLine();
      lineNo = 1;
      while (line != null && line.startsWith("# ")) {
        int colon = line.indexOf(": ", 2);
        if (colon < 0) {
          throw error(lineNo, "header line must be '# key: value', found '" + line + "'");
        }
        String key = line.substring(2, colon);
        String value = line.substring(colon + 2);
        if (header.isEmpty() && !key.equals("deepscore-vocabulary")) {
          throw error(
              lineNo,
              "not a deepscore vocabulary: the first line must be '# deepscore-vocabulary: "
                  + FORMAT_VERSION
                  + "'");
        }
        if (!HEADER_KEYS.contains(key)) {
          throw error(lineNo, "unknown header key '" + key + "' (allowed: " + HEADER_KEYS + ")");
        }
        if (header.put(key, value) != null) {
          throw error(lineNo, "duplicate header key '" + key + "'");
        }
        if (key.equals("deepscore-vocabulary") && !value.equals(String.valueOf(FORMAT_VERSION))) {
          throw error(
              lineNo,
              "unsupported deepscore-vocabulary version '"
                  + value
                  + "' (supported: ["
                  + FORMAT_VERSION
                  + "])");
        }
        line = in.readLine();
        lineNo++;
      }
      if (header.isEmpty()) {
        throw error(
            1,
            "not a deepscore vocabulary: the first line must be '# deepscore-vocabulary: "
                + FORMAT_VERSION
                + "'");
      }
      for (String key : HEADER_KEYS) {
        if (!header.containsKey(key)) {
          throw error("missing header key '" + key + "'");
        }
      }
      String field = header.get("field");
      int size = (int) number(header, "size", RESERVED, Integer.MAX_VALUE);
      int minCount = (int) number(header, "min_count", 1, Integer.MAX_VALUE);
      int maxSize = (int) number(header, "max_size", 1, FieldSpec.MAX_SIZE_LIMIT);
      long distinct = number(header, "distinct_seen", 0, Long.MAX_VALUE);
      long total = number(header, "total_occurrences", 0, Long.MAX_VALUE);
      long keptOcc = number(header, "kept_occurrences", 0, Long.MAX_VALUE);
      String sha = header.get("sha256");

      int firstEntryLine = lineNo;
      List<String> toks = new ArrayList<>();
      List<Long> cnts = new ArrayList<>();
      while (line != null) {
        if (toks.size() == size) {
          throw error(lineNo, "more entries than the header's size " + size);
        }
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
          throw error(lineNo, "expected 'token<TAB>count', found '" + line + "'");
        }
        String token = unescape(line.substring(0, tab));
        long count;
        try {
          count = Long.parseLong(line.substring(tab + 1));
        } catch (NumberFormatException e) {
          throw error(lineNo, "count '" + line.substring(tab + 1) + "' is not an integer");
        }
        if (count < 0) {
          throw error(lineNo, "count " + count + " is negative");
        }
        toks.add(token);
        cnts.add(count);
        line = in.readLine();
        lineNo++;
      }
      if (toks.size() != size) {
        throw error("header says size " + size + " but the file has " + toks.size() + " entries");
      }
      if (!toks.get(PAD_ID).equals(PAD) || cnts.get(PAD_ID) != 0) {
        throw error(firstEntryLine, "id 0 must be '" + PAD + "\t0'");
      }
      if (!toks.get(OOV_ID).equals(OOV)) {
        throw error(firstEntryLine + 1, "id 1 must be '" + OOV + "'");
      }
      String[] kept = toks.subList(RESERVED, size).toArray(new String[0]);
      long[] keptCounts = new long[kept.length];
      for (int i = 0; i < kept.length; i++) {
        keptCounts[i] = cnts.get(i + RESERVED);
      }
      Vocabulary v;
      try {
        v = new Vocabulary(field, minCount, maxSize, distinct, total, kept, keptCounts);
      } catch (VocabularyException e) {
        if (e.entryId() >= 0 && e.entryId() < size) {
          throw new VocabularyException(
              source + " line " + (firstEntryLine + e.entryId()) + ": " + e.getMessage(), e);
        }
        throw new VocabularyException(source + ": " + e.getMessage(), e);
      }
      if (v.keptOccurrences != keptOcc) {
        throw error(
            "header says kept_occurrences "
                + keptOcc
                + " but the counts of ids >= 2 sum to "
                + v.keptOccurrences);
      }
      if (cnts.get(OOV_ID) != v.counts[OOV_ID]) {
        throw error(
            firstEntryLine + 1,
            "count of '"
                + OOV
                + "' must be total_occurrences - kept_occurrences = "
                + v.counts[OOV_ID]
                + ", found "
                + cnts.get(OOV_ID));
      }
      if (!v.sha256.equals(sha)) {
        throw error(
            "sha256 mismatch: header says "
                + sha
                + " but the tokens hash to "
                + v.sha256
                + " (file corrupted or edited; rebuild the vocabulary)");
      }
      return v;
    }

    private long number(Map<String, String> header, String key, long min, long max) {
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
          case '\\':
            sb.append('\\');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          default:
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
        case '\\':
          sb.append("\\\\");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        default:
          sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String hash(String[] tokens) {
    Sha256 md = Sha256.newDigest();
    for (String t : tokens) {
      md.update(escape(t)).update((byte) '\n');
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
        && minCount == v.minCount
        && maxSize == v.maxSize
        && distinctSeen == v.distinctSeen
        && totalOccurrences == v.totalOccurrences
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
    return String.format(
        java.util.Locale.ROOT,
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
