/**
 * The feature pipeline of deepscore, in pure Java (Jackson for JSON, nothing else): it knows
 * nothing of Spark or DJL, which build on it.
 *
 * <p>It owns:
 *
 * <ul>
 *   <li>{@link io.deepscore.features.FeatureSpec} / {@link io.deepscore.features.FieldSpec}: the
 *       versioned JSON contract of which columns feed the model and how;
 *   <li>{@link io.deepscore.features.Normalizer} and {@link io.deepscore.features.FieldAnalyzer}:
 *       the one code path from a raw value to tokens, shared by vocabulary counting, training
 *       featurization and scoring, so train and serve cannot skew;
 *   <li>{@link io.deepscore.features.VocabularyBuilder} and {@link
 *       io.deepscore.features.Vocabulary}: fit (count) then an immutable, content-versioned mapping
 *       table with deterministic ids, and its text file format;
 *   <li>{@link io.deepscore.features.Encoder} and {@link io.deepscore.features.EncodedBatch}: the
 *       allocation-light hot path to fixed-length id rows;
 *   <li>the bad-input contract: {@link io.deepscore.features.InvalidValueException} and {@link
 *       io.deepscore.features.InvalidRowPolicy}.
 * </ul>
 *
 * <p>See {@code docs/features.md} for the spec keys, file format and bad-input table.
 */
package io.deepscore.features;
