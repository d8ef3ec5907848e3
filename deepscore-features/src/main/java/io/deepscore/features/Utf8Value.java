package io.deepscore.features;

/**
 * One raw column value seen as UTF-8 bytes, for callers that hold strings as bytes (Spark's
 * internal rows): the {@link Encoder} looks its tokens up without building a {@link String} per
 * token when they are ASCII. A single field's value has one element; a multi field's value is the
 * array (elements may be null and are skipped, as in {@link FieldAnalyzer}).
 *
 * <p>Implementations are views over the caller's row, valid until it moves on; not thread-safe.
 */
public interface Utf8Value {

  /** True for an {@code array<string>} value, false for a {@code string}. */
  boolean isArray();

  /** The number of elements: 1 for a string. */
  int size();

  /**
   * Copies the bytes of element {@code i} into {@code buffer} (from index 0, growing it when
   * needed).
   *
   * @return the number of bytes, or -1 when the element is null
   */
  int read(int i, Utf8Buffer buffer);
}
