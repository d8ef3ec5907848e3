package io.deepscore.spark.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How raw records are stored. {@code AUTO} looks at the files' extensions. */
public enum InputFormat {
  AUTO,
  PARQUET,
  JSON,
  CSV,
  /** A table of the session's catalog, named instead of a path. */
  TABLE;

  /** Parses a format name case-insensitively, listing the allowed values on error. */
  public static InputFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "input format '"
              + value
              + "' is not one of "
              + Arrays.stream(values())
                  .map(v -> v.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ", "[", "]")));
    }
  }
}
