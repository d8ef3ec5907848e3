package io.deepscore.features;

/**
 * What a job does with a row whose values cannot be encoded ({@link InvalidValueException}).
 * Spelled {@code reject} / {@code error} in config, case-insensitively.
 */
public enum InvalidRowPolicy implements SpecEnum {
  /** Default: count the row and write it to the rejects output with the reason; keep going. */
  REJECT("reject"),
  /** Fail the job at the first bad row, naming the row and the column. */
  ERROR("error");

  /** The policy used when none is configured. */
  public static final InvalidRowPolicy DEFAULT = REJECT;

  private final String id;

  InvalidRowPolicy(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * Parses {@code reject} or {@code error}, ignoring case and surrounding spaces.
   *
   * @throws IllegalArgumentException naming the value and the allowed values
   */
  public static InvalidRowPolicy parse(String value) {
    InvalidRowPolicy p = SpecEnum.find(InvalidRowPolicy.class, value, true);
    if (p == null) {
      throw new IllegalArgumentException(
          SpecEnum.notOneOf(InvalidRowPolicy.class, "invalid row policy", value));
    }
    return p;
  }
}
