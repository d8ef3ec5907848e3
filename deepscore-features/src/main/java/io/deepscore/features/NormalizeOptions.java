package io.deepscore.features;

/**
 * The {@code normalize} object of a field spec. Steps run in this order: NFKC, lower-case, trim,
 * collapse spaces. Every flag defaults to true.
 *
 * @param nfkc Unicode NFKC (full-width letters and digits become ASCII, NBSP and U+3000 become a
 *     space)
 * @param lowercase lower-case with {@link java.util.Locale#ROOT}
 * @param trim strip leading and trailing Unicode whitespace (including NBSP and U+3000); also
 *     strips each tokenizer piece
 * @param collapseSpaces replace every run of whitespace by one ASCII space
 */
public record NormalizeOptions(
    boolean nfkc, boolean lowercase, boolean trim, boolean collapseSpaces) {

  /** All steps on: the default. */
  public static final NormalizeOptions DEFAULT = new NormalizeOptions(true, true, true, true);

  /** All steps off: values pass through unchanged (empty strings still produce no token). */
  public static final NormalizeOptions NONE = new NormalizeOptions(false, false, false, false);
}
