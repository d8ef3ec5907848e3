package io.deepscore.model.bundle;

/**
 * One input of the model input contract: field {@code field} is an int64 array of shape {@code [-1,
 * maxLength]} ({@code -1}: any batch size).
 *
 * @param field the feature spec's field name
 * @param dtype always {@code int64}
 * @param maxLength the fixed row length
 */
public record InputField(String field, String dtype, int maxLength) {

  /** The only dtype of the contract. */
  public static final String INT64 = "int64";
}
