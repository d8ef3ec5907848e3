package io.deepscore.spark.generate;

import java.util.Map;

/**
 * What one {@link UserDataGenerator#write} run produced.
 *
 * @param path the output directory
 * @param format its file format
 * @param rowsWritten number of rows written
 * @param positives rows with {@code label = 1}
 * @param badRows rows that received a defect (sum of {@code badRowsByKind})
 * @param badRowsByKind the count of each {@link DefectKind} (every kind present, maybe 0)
 * @param bytesOnDisk total size of the output directory's files
 * @param seconds wall-clock time of the write, in seconds
 */
public record GenerationSummary(
    String path,
    OutputFormat format,
    long rowsWritten,
    long positives,
    long badRows,
    Map<DefectKind, Long> badRowsByKind,
    long bytesOnDisk,
    double seconds) {

  public GenerationSummary {
    badRowsByKind = Map.copyOf(badRowsByKind);
  }

  /** Fraction of rows with {@code label = 1}, 0 if no rows. */
  public double labelRate() {
    return rowsWritten == 0 ? 0.0 : (double) positives / rowsWritten;
  }

  /** Average bytes per row on disk (after the format's compression), 0 if no rows. */
  public double bytesPerRow() {
    return rowsWritten == 0 ? 0.0 : (double) bytesOnDisk / rowsWritten;
  }
}
