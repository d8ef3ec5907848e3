package io.deepscore.features;

/** Which tokens survive when a field has more tokens than its {@code max_length}. */
public enum Truncation implements SpecEnum {
  /** Keep the first {@code max_length} tokens. */
  KEEP_FIRST("keep_first"),
  /**
   * Keep the {@code max_length} tokens with the smallest vocabulary ids (the most frequent in the
   * training data; OOV counts as id 1), in their original order; among equal ids the earliest win.
   */
  KEEP_MOST_FREQUENT("keep_most_frequent");

  private final String id;

  Truncation(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }
}
