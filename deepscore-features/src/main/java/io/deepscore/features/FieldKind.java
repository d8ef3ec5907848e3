package io.deepscore.features;

/** The shape of a field's source column. */
public enum FieldKind implements SpecEnum {
  /**
   * The column is a string (possibly free text that the tokenizer splits into several tokens). Raw
   * value: {@link String} or null.
   */
  SINGLE("single"),
  /**
   * The column is {@code array<string>}; each element is normalized and tokenized. Raw value: a
   * {@link java.util.List} or an array of {@link String}/null elements, or null.
   */
  MULTI("multi");

  private final String id;

  FieldKind(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }
}
