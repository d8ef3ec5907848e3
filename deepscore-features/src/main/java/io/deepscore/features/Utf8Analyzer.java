package io.deepscore.features;

import java.nio.charset.StandardCharsets;

/**
 * {@link FieldAnalyzer} over UTF-8 bytes ({@link Utf8Value}): the same tokens, looked up in a
 * {@link ByteTokenIndex} without a {@link String} per token. Exactness by construction: a value
 * whose bytes are all ASCII is normalized in place with the ASCII meaning of every step (NFKC is
 * the identity on ASCII, lower-case {@code ROOT} maps only A-Z, the whitespace set restricted to
 * ASCII) and split by the field's tokenizer on bytes; any other value (non-ASCII, or a regex the
 * fast path does not know) is decoded and goes through {@link FieldAnalyzer} itself.
 *
 * <p>The one regex with a fast path is {@value #ALNUM_SPLIT} (split on runs of what is not a letter
 * or a digit), whose ASCII meaning is: pieces are the runs of {@code [A-Za-z0-9]}. Immutable and
 * thread-safe; the caller passes its own buffer.
 */
final class Utf8Analyzer {
  /** The regex pattern with an ASCII fast path. */
  static final String ALNUM_SPLIT = "[^\\p{L}\\p{N}]+";

  private static final boolean[] SPACE = new boolean[128];
  private static final boolean[] ALNUM = new boolean[128];

  /** {@link #scan} flags: the value has an upper-case letter / a whitespace byte. */
  private static final int UPPER = 1;

  private static final int WHITESPACE = 2;
  private static final byte[] CLASS = new byte[128];

  static {
    for (char c = 0; c < 128; c++) {
      SPACE[c] = Normalizer.isSpace(c);
      ALNUM[c] = Character.isLetter(c) || Character.isDigit(c);
      CLASS[c] = (byte) ((c >= 'A' && c <= 'Z' ? UPPER : 0) | (SPACE[c] ? WHITESPACE : 0));
    }
  }

  private enum Split {
    WHOLE,
    DELIMITER,
    ALNUM_RUNS,
    SLOW
  }

  private final FieldAnalyzer exact;
  private final boolean multi;
  private final boolean lowercase;
  private final boolean trim;
  private final boolean collapse;
  private final boolean trimPieces;
  private final Split split;
  private final byte[] delimiter;
  private final ByteTokenIndex index;
  private final int unknownId;
  // the scan flags for which normalization changes an ASCII value: without them it is the identity
  private final int changes;

  Utf8Analyzer(FieldAnalyzer exact, Vocabulary vocabulary) {
    FieldSpec fs = exact.spec();
    this.exact = exact;
    this.multi = fs.kind() == FieldKind.MULTI;
    NormalizeOptions o = fs.normalize();
    this.lowercase = o.lowercase();
    this.trim = o.trim();
    this.collapse = o.collapseSpaces();
    this.trimPieces = o.trim();
    String pattern = fs.tokenizerPattern().orElse(null);
    this.split =
        switch (fs.tokenizerType()) {
          case WHOLE -> Split.WHOLE;
          case DELIMITER -> Split.DELIMITER;
          case REGEX -> ALNUM_SPLIT.equals(pattern) ? Split.ALNUM_RUNS : Split.SLOW;
        };
    this.delimiter =
        split == Split.DELIMITER ? pattern.getBytes(StandardCharsets.UTF_8) : new byte[0];
    this.index = new ByteTokenIndex(vocabulary);
    this.unknownId = vocabulary.unknownId();
    this.changes = (lowercase ? UPPER : 0) | (trim || collapse ? WHITESPACE : 0);
  }

  /**
   * Sends the ids of {@code value}'s tokens to {@code sink}, in order: the ids {@link
   * FieldAnalyzer#analyze} and {@link Vocabulary#indexOf} give for the decoded value.
   *
   * @throws InvalidValueException when the value's kind is not the field's
   */
  void analyze(Utf8Value value, Utf8Buffer buffer, IdSink sink) {
    if (value.isArray() != multi) {
      throw exact.invalid(
          multi ? "expected array<string>, found string" : "expected string, found array<string>");
    }
    for (int i = 0, n = value.size(); i < n; i++) {
      int len = value.read(i, buffer);
      if (len < 0) {
        continue;
      }
      byte[] b = buffer.array();
      int flags = scan(b, len);
      if (split == Split.SLOW || flags < 0) {
        exact.tokenize(new String(b, 0, len, StandardCharsets.UTF_8), sink);
      } else {
        // most values (package names, ids) are already normalized: one pass over them, not three
        int end = (flags & changes) == 0 ? len : normalize(b, len);
        if (end > 0) {
          tokenize(b, end, sink);
        }
      }
    }
  }

  /** -1 if a byte is not ASCII, else the {@link #UPPER} and {@link #WHITESPACE} flags seen. */
  private static int scan(byte[] b, int len) {
    int flags = 0;
    for (int i = 0; i < len; i++) {
      byte c = b[i];
      if (c < 0) {
        return -1;
      }
      flags |= CLASS[c];
    }
    return flags;
  }

  /** {@link Normalizer#normalize} on ASCII bytes, in place; returns the new length. */
  private int normalize(byte[] b, int len) {
    if (lowercase) {
      for (int i = 0; i < len; i++) {
        if (b[i] >= 'A' && b[i] <= 'Z') {
          b[i] += 'a' - 'A';
        }
      }
    }
    int start = 0;
    int end = len;
    if (trim) {
      while (start < end && SPACE[b[start]]) {
        start++;
      }
      while (end > start && SPACE[b[end - 1]]) {
        end--;
      }
    }
    int w = 0;
    boolean prevSpace = false;
    for (int i = start; i < end; i++) {
      byte c = b[i];
      if (collapse && SPACE[c]) {
        if (!prevSpace) {
          b[w++] = ' ';
        }
        prevSpace = true;
      } else {
        b[w++] = c;
        prevSpace = false;
      }
    }
    return w;
  }

  private void tokenize(byte[] b, int len, IdSink sink) {
    switch (split) {
      case WHOLE -> sink.acceptId(index.get(b, 0, len, unknownId));
      case DELIMITER -> splitLiteral(b, len, sink);
      case ALNUM_RUNS -> splitAlnum(b, len, sink);
      default -> throw new AssertionError(split);
    }
  }

  private void splitLiteral(byte[] b, int len, IdSink sink) {
    int from = 0;
    int at;
    while ((at = indexOf(b, len, from)) >= 0) {
      emit(b, from, at, sink);
      from = at + delimiter.length;
    }
    emit(b, from, len, sink);
  }

  private int indexOf(byte[] b, int len, int from) {
    int d = delimiter.length;
    outer:
    for (int i = from; i + d <= len; i++) {
      for (int k = 0; k < d; k++) {
        if (b[i + k] != delimiter[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The pieces between runs of non-alphanumerics are the alphanumeric runs themselves. */
  private void splitAlnum(byte[] b, int len, IdSink sink) {
    int i = 0;
    while (i < len) {
      while (i < len && !ALNUM[b[i]]) {
        i++;
      }
      int start = i;
      while (i < len && ALNUM[b[i]]) {
        i++;
      }
      if (start < i) {
        sink.acceptId(index.get(b, start, i, unknownId));
      }
    }
  }

  /** Emits {@code b[start, end)} if it is non-empty after the optional strip. */
  private void emit(byte[] b, int start, int end, IdSink sink) {
    if (trimPieces) {
      while (start < end && SPACE[b[start]]) {
        start++;
      }
      while (end > start && SPACE[b[end - 1]]) {
        end--;
      }
    }
    if (start < end) {
      sink.acceptId(index.get(b, start, end, unknownId));
    }
  }
}
