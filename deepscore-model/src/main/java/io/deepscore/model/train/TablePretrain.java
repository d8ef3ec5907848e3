package io.deepscore.model.train;

import io.deepscore.errors.InvalidInputException;
import java.util.Locale;

/**
 * How the deep embedding tables start before supervised training: drawn at random, or from
 * label-free co-occurrence pretraining on the training rows (docs/model.md, round 4).
 */
public enum TablePretrain {
  /** The normal random init ({@code embedding_init_std}). */
  NONE("none"),
  /**
   * Skip-gram with negative sampling over the tokens of each row's field (item2vec), the vectors
   * scaled to {@code pretrain_scale * embedding_init_std}; tokens the training rows lack keep the
   * random init.
   */
  COOC("cooc");

  private final String id;

  TablePretrain(String id) {
    this.id = id;
  }

  /** The lower-case name used in options and provenance. */
  public String id() {
    return id;
  }

  /**
   * Parses {@code none} or {@code cooc} (case-insensitive).
   *
   * @throws InvalidInputException naming the accepted values
   */
  public static TablePretrain parse(String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (TablePretrain p : values()) {
        if (p.id.equals(v)) {
          return p;
        }
      }
    }
    throw new InvalidInputException(
        "unknown table pretraining '" + value + "': expected one of none, cooc");
  }
}
