package io.deepscore.eval.report;

/**
 * Mean and spread of one metric over the models of a {@link ModelGroup} (e.g. the same recipe
 * trained with several seeds).
 *
 * @param n number of values, &gt;= 1
 * @param mean arithmetic mean
 * @param sd sample standard deviation (divisor {@code n - 1}); 0 when {@code n == 1}
 * @param min smallest value
 * @param max largest value
 */
public record Spread(int n, double mean, double sd, double min, double max) {

  /**
   * The spread of {@code values}.
   *
   * @throws IllegalArgumentException if {@code values} is empty
   */
  public static Spread of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a spread needs at least one value");
    }
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double mean = sum / values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = values.length == 1 ? 0 : Math.sqrt(squares / (values.length - 1));
    return new Spread(values.length, mean, sd, min, max);
  }
}
