package io.deepscore.features;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Turns raw column values into fixed-length rows of token ids: the model's input. Built once from a
 * {@link FeatureSpec} and the vocabulary of each field; immutable and thread-safe (each thread uses
 * its own small scratch buffer, owned by this encoder).
 *
 * <p>Per field: {@link FieldAnalyzer} tokens are looked up in the vocabulary (unknown tokens give
 * its {@link Vocabulary#unknownId()}, {@value Vocabulary#OOV_ID} when deepscore counted it),
 * truncated to {@code max_length} by the field's {@link Truncation}, and padded with its {@link
 * Vocabulary#padId()} ({@value Vocabulary#PAD_ID} when counted; an imported table keeps its own). A
 * null value gives an all-padding row, except for a required field ({@link InvalidValueException}).
 * The hot path does not allocate per token.
 *
 * <p>A raw value may also be a {@link Utf8Value} (strings as UTF-8 bytes, as Spark holds them): its
 * ASCII tokens are looked up from the bytes, without a {@link String} per token, and give the same
 * ids as the decoded value would.
 */
public final class Encoder {
  private final FeatureSpec spec;
  private final FieldAnalyzer[] analyzers;
  private final Utf8Analyzer[] utf8Analyzers;
  private final Vocabulary[] vocabularies;
  private final int[] maxLengths;
  private final int[] padIds;
  private final boolean[] keepMostFrequent;
  private final boolean[] required;
  private final ThreadLocal<Scratch> scratch;

  /**
   * @param vocabularies by field name; must hold one for every field of {@code spec}, built for it
   *     (same field name, {@code min_count} and {@code max_size}); extra entries are ignored
   * @throws VocabularyException naming the field whose vocabulary is missing or does not match
   */
  public Encoder(FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    this.spec = Objects.requireNonNull(spec, "spec");
    int n = spec.fieldCount();
    this.analyzers = new FieldAnalyzer[n];
    this.utf8Analyzers = new Utf8Analyzer[n];
    this.vocabularies = new Vocabulary[n];
    this.maxLengths = new int[n];
    this.padIds = new int[n];
    this.keepMostFrequent = new boolean[n];
    this.required = new boolean[n];
    for (int f = 0; f < n; f++) {
      FieldSpec fs = spec.field(f);
      Vocabulary v = vocabularies.get(fs.name());
      if (v == null) {
        throw new VocabularyException(
            "no vocabulary for field '"
                + fs.name()
                + "' (vocabularies given for: "
                + vocabularies.keySet()
                + ")");
      }
      Vocabularies.check(fs, v, "vocabulary given for field '" + fs.name() + "'");
      analyzers[f] = FieldAnalyzer.of(fs);
      utf8Analyzers[f] = new Utf8Analyzer(analyzers[f], v);
      this.vocabularies[f] = v;
      maxLengths[f] = fs.maxLength();
      padIds[f] = v.padId();
      keepMostFrequent[f] = fs.truncation() == Truncation.KEEP_MOST_FREQUENT;
      required[f] = fs.required();
    }
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(n));
  }

  /** An encoder over the vocabularies in {@code vocabularyDir} (see {@link Vocabularies}). */
  public static Encoder load(FeatureSpec spec, Path vocabularyDir) {
    return new Encoder(spec, Vocabularies.readAll(vocabularyDir, spec));
  }

  public FeatureSpec spec() {
    return spec;
  }

  public int fieldCount() {
    return maxLengths.length;
  }

  public int maxLength(int field) {
    return maxLengths[field];
  }

  /** A copy of the per-field max lengths, in field order. */
  public int[] maxLengths() {
    return maxLengths.clone();
  }

  public Vocabulary vocabulary(int field) {
    return vocabularies[field];
  }

  public FieldAnalyzer analyzer(int field) {
    return analyzers[field];
  }

  /** A batch shaped for this encoder. */
  public EncodedBatch newBatch(int capacity) {
    return new EncodedBatch(maxLengths, capacity);
  }

  /**
   * Encodes one value of field {@code field} into {@code dst[offset, offset + maxLength(field))}:
   * ids, then padding (the vocabulary's pad id). On exception {@code dst} is unchanged.
   *
   * @return the number of non-padding ids written (OOV ids included)
   * @throws InvalidValueException on a wrong type, or a null value of a required field
   */
  public int encodeField(int field, Object rawValue, int[] dst, int offset) {
    Objects.checkFromIndexSize(offset, maxLengths[field], dst.length);
    return encodeInto(field, rawValue, dst, offset, scratch.get());
  }

  /**
   * Appends one row to {@code batch}. If any field throws, the row is not appended and the batch
   * (rows and counters) is unchanged.
   *
   * @param rawValuesByField one raw value per field, in spec order
   * @throws InvalidValueException from the first bad field
   * @throws IllegalStateException if the batch is full
   * @throws IllegalArgumentException if the array length or the batch shape does not match
   */
  public void encodeRow(Object[] rawValuesByField, EncodedBatch batch) {
    int n = maxLengths.length;
    if (rawValuesByField.length != n) {
      throw new IllegalArgumentException(
          "expected " + n + " raw values (one per field), got " + rawValuesByField.length);
    }
    if (!batch.hasShape(maxLengths)) {
      throw new IllegalArgumentException(
          "batch is not shaped for this encoder (max lengths " + Arrays.toString(maxLengths) + ")");
    }
    if (batch.isFull()) {
      throw new IllegalStateException(
          "batch is full (capacity " + batch.capacity() + "): hand it over and clear() it first");
    }
    Scratch s = scratch.get();
    int row = batch.size();
    int f = 0;
    try {
      for (; f < n; f++) {
        int ml = maxLengths[f];
        encodeInto(f, rawValuesByField[f], batch.field(f), row * ml, s);
        s.rowTruncated[f] = s.truncated;
        s.rowOov[f] = s.oov;
        s.rowTokens[f] = s.count;
      }
    } catch (RuntimeException e) {
      // Fields before f were written: blank them so the failed row leaves no trace.
      for (int g = 0; g < f; g++) {
        int ml = maxLengths[g];
        Arrays.fill(batch.field(g), row * ml, row * ml + ml, padIds[g]);
      }
      throw e;
    }
    batch.commitRow(s.rowTruncated, s.rowOov, s.rowTokens);
  }

  private int encodeInto(int f, Object raw, int[] dst, int off, Scratch s) {
    int ml = maxLengths[f];
    s.count = 0;
    s.oov = 0;
    s.truncated = false;
    if (raw == null) {
      if (required[f]) {
        FieldSpec fs = spec.field(f);
        throw new InvalidValueException(
            fs.name(), fs.column(), "required column '" + fs.column() + "' is null");
      }
      Arrays.fill(dst, off, off + ml, padIds[f]);
      return 0;
    }
    s.vocabulary = vocabularies[f];
    try {
      if (raw instanceof Utf8Value bytes) {
        utf8Analyzers[f].analyze(bytes, s.utf8, s);
      } else {
        analyzers[f].analyze(raw, s);
      }
    } finally {
      s.vocabulary = null;
    }
    int n = s.count;
    int written;
    if (n <= ml) {
      System.arraycopy(s.ids, 0, dst, off, n);
      written = n;
    } else {
      s.truncated = true;
      written = ml;
      if (keepMostFrequent[f]) {
        keepSmallestIds(s, n, ml, dst, off);
      } else {
        System.arraycopy(s.ids, 0, dst, off, ml);
      }
    }
    if (written < ml) {
      Arrays.fill(dst, off + written, off + ml, padIds[f]);
    }
    return written;
  }

  /**
   * Writes the {@code keep} most frequent of {@code s.ids[0, n)} in their original order. Smaller
   * ids are more frequent, except OOV (id 1), which ranks below every known token: an unknown token
   * never displaces a known one. Among tokens of equal rank at the cut-off, the earliest are kept.
   * Only counted vocabularies (ids by count) get here: {@link Vocabularies#check} refuses an
   * imported table for a {@code keep_most_frequent} field.
   */
  private static void keepSmallestIds(Scratch s, int n, int keep, int[] dst, int off) {
    int[] ids = s.ids;
    int[] sorted = s.sorted(n);
    for (int i = 0; i < n; i++) {
      sorted[i] = frequencyRank(ids[i]);
    }
    Arrays.sort(sorted, 0, n);
    int cutoff = sorted[keep - 1];
    int below = keep - 1;
    while (below > 0 && sorted[below - 1] == cutoff) {
      below--;
    }
    int equalLeft = keep - below; // how many ids equal to cutoff may still be kept
    int w = off;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      int rank = frequencyRank(id);
      if (rank < cutoff) {
        dst[w++] = id;
      } else if (rank == cutoff && equalLeft > 0) {
        dst[w++] = id;
        equalLeft--;
      }
    }
  }

  private static int frequencyRank(int id) {
    return id == Vocabulary.OOV_ID ? Integer.MAX_VALUE : id;
  }

  /** Per-thread scratch: collects the ids of one value, and one row's counters. */
  private static final class Scratch implements IdSink {
    final Utf8Buffer utf8 = new Utf8Buffer();
    Vocabulary vocabulary;
    int[] ids = new int[64];
    private int[] sorted = new int[64];
    int count;
    int oov;
    boolean truncated;
    final boolean[] rowTruncated;
    final int[] rowOov;
    final int[] rowTokens;

    Scratch(int fields) {
      rowTruncated = new boolean[fields];
      rowOov = new int[fields];
      rowTokens = new int[fields];
    }

    @Override
    public void accept(String token) {
      acceptId(vocabulary.indexOf(token));
    }

    @Override
    public void acceptId(int id) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = id;
      if (id == vocabulary.unknownId()) {
        oov++;
      }
    }

    int[] sorted(int n) {
      if (sorted.length < n) {
        sorted = new int[Math.max(n, sorted.length * 2)];
      }
      return sorted;
    }
  }
}
