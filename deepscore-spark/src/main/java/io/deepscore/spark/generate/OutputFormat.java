package io.deepscore.spark.generate;

/**
 * File formats {@link UserDataGenerator#write} can produce. Parquet carries the canonical schema;
 * JSON keeps arrays; CSV cannot hold arrays, so {@code app_packages} and {@code ad_events} are
 * written as one {@code '|'}-joined string (null array: empty cell; empty array: {@code ""}; null
 * elements are dropped).
 */
public enum OutputFormat {
  PARQUET,
  JSON,
  CSV
}
