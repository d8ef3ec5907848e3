package io.deepscore.spark.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How raw records are stored. {@code AUTO} looks at the files' extensions. */
public enum InputFormat {
  AUTO,
  PARQUET,
  JSON,
  CSV,
  /** A table of the session's catalog, named instead of a path. */
  TABLE;

  /** Compression suffixes Hadoop's codecs recognise; the reader decompresses such files itself. */
  static final List<String> COMPRESSION_SUFFIXES = List.of(".gz", ".bz2", ".deflate", ".zst");

  /** The extensions {@link #ofFileName} recognises, for messages. */
  public static final String KNOWN_EXTENSIONS =
      "*.parquet, *.json, *.jsonl, *.ndjson, *.csv (JSON and CSV optionally .gz, .bz2, .deflate"
          + " or .zst compressed)";

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

  /**
   * The format a data file's name says: {@code .parquet}; {@code .json}, {@code .jsonl}, {@code
   * .ndjson}; {@code .csv}; JSON and CSV also with a compression suffix ({@code .json.gz}, {@code
   * .csv.gz}, ...). Case-insensitive. Empty when the name says nothing.
   */
  public static Optional<InputFormat> ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".parquet")) {
      return Optional.of(PARQUET);
    }
    for (String suffix : COMPRESSION_SUFFIXES) {
      if (n.endsWith(suffix)) {
        n = n.substring(0, n.length() - suffix.length());
        break;
      }
    }
    if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
      return Optional.of(JSON);
    }
    if (n.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    return Optional.empty();
  }
}
