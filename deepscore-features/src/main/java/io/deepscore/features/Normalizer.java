package io.deepscore.features;

import java.text.Normalizer.Form;
import java.util.Locale;

/**
 * Normalizes one string per {@link NormalizeOptions}: NFKC, then lower-case ({@link Locale#ROOT}),
 * then trim, then collapse whitespace runs to one ASCII space. "Whitespace" is any char for which
 * {@link Character#isWhitespace} or {@link Character#isSpaceChar} holds (so NBSP U+00A0 and the
 * ideographic space U+3000 count), plus U+0085.
 *
 * <p>Immutable and thread-safe; build once per field. Strings that are already clean ASCII (the
 * common case: package names, campaign ids) are returned as is, without allocation.
 */
public final class Normalizer {
  private final NormalizeOptions options;
  private final boolean identity;

  private Normalizer(NormalizeOptions options) {
    this.options = options;
    this.identity = options.equals(NormalizeOptions.NONE);
  }

  public static Normalizer of(NormalizeOptions options) {
    if (options == null) {
      throw new IllegalArgumentException("options must not be null");
    }
    return new Normalizer(options);
  }

  public NormalizeOptions options() {
    return options;
  }

  /** True for the whitespace this normalizer trims and collapses. */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }

  /**
   * The normalized form of {@code s}; may be empty (the caller then emits no token). Returns {@code
   * s} itself when nothing changes on the ASCII fast path, and always with every step off ({@code
   * "normalize": "none"}: the value byte for byte).
   */
  public String normalize(String s) {
    if (identity || isCleanAscii(s)) {
      return s;
    }
    String t = s;
    if (options.nfkc() && !isAscii(t)) {
      t = java.text.Normalizer.normalize(t, Form.NFKC);
    }
    if (options.lowercase()) {
      t = t.toLowerCase(Locale.ROOT);
    }
    if (options.trim() || options.collapseSpaces()) {
      t = spaces(t);
    }
    return t;
  }

  /** True when {@code s} is ASCII and no enabled step would change it. */
  private boolean isCleanAscii(String s) {
    boolean lower = options.lowercase();
    boolean trim = options.trim();
    boolean collapse = options.collapseSpaces();
    int n = s.length();
    boolean prevSpace = false;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        return false;
      }
      if (lower && c >= 'A' && c <= 'Z') {
        return false;
      }
      if (isSpace(c)) {
        if (trim && (i == 0 || i == n - 1)) {
          return false;
        }
        if (collapse && (c != ' ' || prevSpace)) {
          return false;
        }
        prevSpace = true;
      } else {
        prevSpace = false;
      }
    }
    return true;
  }

  private static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private String spaces(String t) {
    int start = 0;
    int end = t.length();
    if (options.trim()) {
      while (start < end && isSpace(t.charAt(start))) {
        start++;
      }
      while (end > start && isSpace(t.charAt(end - 1))) {
        end--;
      }
    }
    if (!options.collapseSpaces()) {
      return t.substring(start, end);
    }
    StringBuilder sb = new StringBuilder(end - start);
    boolean prevSpace = false;
    for (int i = start; i < end; i++) {
      char c = t.charAt(i);
      if (isSpace(c)) {
        if (!prevSpace) {
          sb.append(' ');
        }
        prevSpace = true;
      } else {
        sb.append(c);
        prevSpace = false;
      }
    }
    return sb.toString();
  }
}
