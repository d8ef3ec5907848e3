package io.deepscore.features;

/** How a normalized string is cut into tokens. Empty pieces are always dropped. */
public enum TokenizerType implements SpecEnum {
  /** The whole normalized string is one token; takes no pattern. */
  WHOLE("whole"),
  /** Split on a literal (non-regex) delimiter string given as {@code pattern}. */
  DELIMITER("delimiter"),
  /** Split on matches of the Java regular expression given as {@code pattern}. */
  REGEX("regex");

  private final String id;

  TokenizerType(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }
}
