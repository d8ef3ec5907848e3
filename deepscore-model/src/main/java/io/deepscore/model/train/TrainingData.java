package io.deepscore.model.train;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.model.EncodedDataset;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Trainer} learns from: encoded training and validation rows, the vocabulary size of
 * each field (rows of its embedding table, columns of its multi-hot block), and where the rows came
 * from. Validated once here for every algorithm: rows in both sets, both classes in both sets (an
 * AUC needs them), equal field layouts, and token ids inside the vocabularies.
 *
 * @param train training rows
 * @param valid validation rows: early stopping and the threshold are chosen on them
 * @param vocabSizes per field (spec order) the vocabulary size, reserved ids included
 * @param source where the rows came from (paths, split), recorded in provenance as given; may be
 *     empty
 */
public record TrainingData(
    EncodedDataset train, EncodedDataset valid, long[] vocabSizes, Map<String, Object> source) {

  /** Validates (see the class javadoc) and copies. */
  public TrainingData {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(valid, "valid");
    vocabSizes = vocabSizes.clone();
    source = Collections.unmodifiableMap(new LinkedHashMap<>(source));
    requireBothClasses(train, "training");
    requireBothClasses(valid, "validation");
    if (!Arrays.equals(train.maxLengths(), valid.maxLengths())) {
      throw new InvalidInputException(
          "training max lengths "
              + Arrays.toString(train.maxLengths())
              + " differ from validation max lengths "
              + Arrays.toString(valid.maxLengths())
              + ": featurize both with the same spec");
    }
    if (vocabSizes.length != train.fieldCount()) {
      throw new InvalidInputException(
          "got " + vocabSizes.length + " vocabulary sizes for " + train.fieldCount() + " fields");
    }
    for (EncodedDataset d : new EncodedDataset[] {train, valid}) {
      for (int f = 0; f < d.fieldCount(); f++) {
        int max = Arrays.stream(d.field(f)).max().orElse(0);
        if (max >= vocabSizes[f]) {
          throw new InvalidInputException(
              "field "
                  + f
                  + ": token id "
                  + max
                  + " >= vocabulary size "
                  + vocabSizes[f]
                  + ": the data was encoded with other vocabularies");
        }
      }
    }
  }

  /** Rows without a recorded source. */
  public static TrainingData of(EncodedDataset train, EncodedDataset valid, long[] vocabSizes) {
    return new TrainingData(train, valid, vocabSizes, Map.of());
  }

  @Override
  public long[] vocabSizes() {
    return vocabSizes.clone();
  }

  /** Per field the fixed row length. */
  public int[] maxLengths() {
    return train.maxLengths();
  }

  /**
   * What provenance records of the data: row and positive counts, a content hash of each set
   * ({@link EncodedDataset#sha256()}), the vocabulary sizes and the source.
   */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train_rows", train.rows());
    m.put("train_positives", train.positives());
    m.put("valid_rows", valid.rows());
    m.put("valid_positives", valid.positives());
    m.put("train_sha256", train.sha256());
    m.put("valid_sha256", valid.sha256());
    m.put("vocab_sizes", Arrays.stream(vocabSizes).boxed().toList());
    if (!source.isEmpty()) {
      m.put("source", source);
    }
    return m;
  }

  private static void requireBothClasses(EncodedDataset d, String what) {
    int pos = d.positives();
    if (d.rows() == 0 || pos == 0 || pos == d.rows()) {
      throw new InvalidInputException(
          "the "
              + what
              + " set has "
              + d.rows()
              + " rows and "
              + pos
              + " positives: it needs both classes (more rows, or other split fractions)");
    }
  }
}
