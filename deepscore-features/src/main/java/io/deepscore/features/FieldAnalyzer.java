package io.deepscore.features;

import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one code path from a raw column value to tokens. Vocabulary counting, featurizing for
 * training and scoring all call this, so train and serve cannot drift apart.
 *
 * <p>Steps per string: {@link Normalizer} (an empty result gives no token), then the tokenizer
 * ({@code whole} keeps the string, {@code delimiter} splits on a literal, {@code regex} splits on
 * matches); pieces are stripped of surrounding whitespace when {@code normalize.trim} is on, and
 * empty pieces are dropped.
 *
 * <p>Raw values: null gives no tokens. {@link FieldKind#SINGLE}: a {@link String}. {@link
 * FieldKind#MULTI}: a {@link List} or an {@code Object[]} (e.g. {@code String[]}) whose elements
 * are {@link String} or null (null elements are skipped). Anything else throws {@link
 * InvalidValueException}. Required-field checks belong to the {@link Encoder}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FieldAnalyzer {
  private final FieldSpec spec;
  private final Normalizer normalizer;
  private final boolean multi;
  private final TokenizerType tokenizer;
  private final String delimiter;
  private final Pattern regex;
  private final boolean trimPieces;

  private FieldAnalyzer(FieldSpec spec) {
    this.spec = spec;
    this.normalizer = Normalizer.of(spec.normalize());
    this.multi = spec.kind() == FieldKind.MULTI;
    this.tokenizer = spec.tokenizerType();
    this.delimiter = spec.tokenizerPattern().orElse(null);
    this.regex = spec.compiledPattern();
    this.trimPieces = spec.normalize().trim();
  }

  public static FieldAnalyzer of(FieldSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("spec must not be null");
    }
    return new FieldAnalyzer(spec);
  }

  public FieldSpec spec() {
    return spec;
  }

  /**
   * Sends the tokens of {@code rawValue} to {@code sink}, in order. A value of the wrong type
   * (including one bad array element) throws before any token is sent, so a rejected row never
   * half-counts into a vocabulary.
   *
   * @throws InvalidValueException if the value has the wrong type
   */
  public void analyze(Object rawValue, TokenSink sink) {
    if (rawValue == null) {
      return;
    }
    if (!multi) {
      if (!(rawValue instanceof String)) {
        throw invalid("expected string, found " + rawValue.getClass().getName());
      }
      tokenize((String) rawValue, sink);
      return;
    }
    if (rawValue instanceof List) {
      List<?> list = (List<?>) rawValue;
      checkElements(list);
      if (list instanceof RandomAccess) {
        for (int i = 0, n = list.size(); i < n; i++) {
          Object e = list.get(i);
          if (e != null) {
            tokenize((String) e, sink);
          }
        }
      } else {
        for (Object e : list) {
          if (e != null) {
            tokenize((String) e, sink);
          }
        }
      }
    } else if (rawValue instanceof Object[]) {
      Object[] array = (Object[]) rawValue;
      for (int i = 0; i < array.length; i++) {
        checkElement(array[i], i);
      }
      for (Object e : array) {
        if (e != null) {
          tokenize((String) e, sink);
        }
      }
    } else if (rawValue instanceof String) {
      throw invalid("expected array<string>, found string");
    } else {
      throw invalid("expected array<string>, found " + rawValue.getClass().getName());
    }
  }

  /** The tokens of {@code rawValue} as a new list (convenience; the sink form allocates less). */
  public List<String> analyze(Object rawValue) {
    List<String> out = new ArrayList<>();
    analyze(rawValue, out::add);
    return out;
  }

  private void checkElements(List<?> list) {
    if (list instanceof RandomAccess) {
      for (int i = 0, n = list.size(); i < n; i++) {
        checkElement(list.get(i), i);
      }
    } else {
      int i = 0;
      for (Object e : list) {
        checkElement(e, i++);
      }
    }
  }

  private void checkElement(Object e, int i) {
    if (e != null && !(e instanceof String)) {
      throw invalid(
          "expected array<string>, found element " + i + " of type " + e.getClass().getName());
    }
  }

  InvalidValueException invalid(String reason) {
    return new InvalidValueException(spec.name(), spec.column(), reason);
  }

  /** Normalizes and tokenizes one string: the exact path every other one must agree with. */
  void tokenize(String raw, TokenSink sink) {
    String s = normalizer.normalize(raw);
    if (s.isEmpty()) {
      return;
    }
    switch (tokenizer) {
      case WHOLE:
        sink.accept(s);
        break;
      case DELIMITER:
        splitLiteral(s, sink);
        break;
      case REGEX:
        splitRegex(s, sink);
        break;
      default:
        throw new AssertionError(tokenizer);
    }
  }

  private void splitLiteral(String s, TokenSink sink) {
    int from = 0;
    int at;
    while ((at = s.indexOf(delimiter, from)) >= 0) {
      emit(s, from, at, sink);
      from = at + delimiter.length();
    }
    emit(s, from, s.length(), sink);
  }

  private void splitRegex(String s, TokenSink sink) {
    Matcher m = regex.matcher(s);
    int from = 0;
    while (m.find()) {
      emit(s, from, m.start(), sink);
      from = Math.max(from, m.end());
    }
    emit(s, from, s.length(), sink);
  }

  /** Emits {@code s[start, end)} if it is non-empty after the optional strip. */
  private void emit(String s, int start, int end, TokenSink sink) {
    if (trimPieces) {
      while (start < end && Normalizer.isSpace(s.charAt(start))) {
        start++;
      }
      while (end > start && Normalizer.isSpace(s.charAt(end - 1))) {
        end--;
      }
    }
    if (start < end) {
      sink.accept(start == 0 && end == s.length() ? s : s.substring(start, end));
    }
  }
}
