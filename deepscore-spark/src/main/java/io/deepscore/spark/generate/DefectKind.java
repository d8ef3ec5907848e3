package io.deepscore.spark.generate;

/**
 * The realistic defects injected into a {@link GeneratorConfig#badRowFraction()} of the rows, one
 * per bad row, in this order (a bad row's kind cycles through them evenly). {@code user_id} is
 * never damaged, so every rejected row can be traced.
 */
public enum DefectKind {
  /** {@code app_packages} is null. */
  NULL_APP_PACKAGES,
  /** {@code app_packages} is an empty array. */
  EMPTY_APP_PACKAGES,
  /** {@code app_packages} holds {@value UserRowSynthesizer#HUGE_APP_COUNT} distinct packages. */
  HUGE_APP_PACKAGES,
  /**
   * {@code device_name} and one app package contain U+FFFD, as left by a decoder that replaced
   * invalid UTF-8.
   */
  REPLACEMENT_CHARS,
  /** Whitespace-only tokens ({@code " "}, {@code "\t"}) inside {@code app_packages}. */
  WHITESPACE_TOKENS,
  /**
   * Null elements inside {@code ad_events} (the only array declared {@code containsNull = true}).
   */
  NULL_ELEMENTS,
  /** {@code device_name} is null. */
  NULL_DEVICE_NAME
}
