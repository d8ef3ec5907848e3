package io.deepscore.eval.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.EncodedBatch;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scoring run saw, small enough to keep next to its output and compare with yesterday's:
 * the score histogram in {@value #SCORE_BINS} fixed bins of width 1/{@value #SCORE_BINS} over [0,
 * 1] (fixed so profiles of any two runs line up bin for bin), and per feature field the rows
 * encoded, tokens, OOV tokens, empty rows (no token at all: null or empty) and truncated rows. The
 * run's bundle id, rejects by reason and audience size are set on the driver.
 *
 * <p>An accumulator: each partition fills its own ({@link #addBatch}, {@link #addScore}) and the
 * driver {@link #merge}s them; merging is associative and commutative (sums only), so the result
 * does not depend on partitioning. Not thread-safe. Serialized as JSON ({@link #toJson}, {@link
 * #fromJson}) in {@value #FILE}.
 */
public final class RunProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The file name of a profile inside an output directory (ignored by Spark's readers). */
  public static final String FILE = "_profile.json";

  /** Layout version of the JSON document. */
  public static final int FORMAT_VERSION = 1;

  /** Number of fixed score bins over [0, 1]. */
  public static final int SCORE_BINS = 100;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<String> fields;
  private final long[] scoreBins = new long[SCORE_BINS];
  private long nonFiniteScores;
  private long encodedRows;
  private final long[] tokens;
  private final long[] oovTokens;
  private final long[] emptyRows;
  private final long[] truncatedRows;
  private String bundleId = "";
  private long rejected;
  private Map<String, Long> rejectsByReason = new LinkedHashMap<>();
  private long audienceSize = -1;

  /** An empty profile of the given feature fields (spec order). */
  public RunProfile(List<String> fields) {
    this.fields = List.copyOf(fields);
    int n = fields.size();
    tokens = new long[n];
    oovTokens = new long[n];
    emptyRows = new long[n];
    truncatedRows = new long[n];
  }

  /**
   * Adds the rows of {@code batch} and its counters, then resets its counters (so a batch reused
   * for the next rows is counted once).
   *
   * @param padIds per field the vocabulary's padding id: a row whose first id is padding is empty
   *     (ids are written left-aligned)
   */
  public void addBatch(EncodedBatch batch, int[] padIds) {
    checkFields(batch.fieldCount());
    int rows = batch.size();
    encodedRows += rows;
    for (int f = 0; f < fields.size(); f++) {
      int ml = batch.maxLength(f);
      int[] ids = batch.field(f);
      for (int r = 0; r < rows; r++) {
        if (ids[r * ml] == padIds[f]) {
          emptyRows[f]++;
        }
      }
      tokens[f] += batch.tokens(f);
      oovTokens[f] += batch.oovTokens(f);
      truncatedRows[f] += batch.truncatedRows(f);
    }
    batch.resetCounters();
  }

  /** Adds {@code count} scores that fall in {@code bin} ({@link #bin}). */
  public void addScores(int bin, long count) {
    scoreBins[bin] += count;
  }

  /** Adds {@code count} NaN or infinite scores. */
  public void addNonFiniteScores(long count) {
    nonFiniteScores += count;
  }

  /** Adds one score: to its bin, or to the non-finite count. */
  public void addScore(double score) {
    if (Double.isFinite(score)) {
      scoreBins[bin(score)]++;
    } else {
      nonFiniteScores++;
    }
  }

  /** The fixed bin of a finite score: {@code floor(score * SCORE_BINS)}, clamped to the bins. */
  public static int bin(double score) {
    return (int) Math.max(0, Math.min(SCORE_BINS - 1, Math.floor(score * SCORE_BINS)));
  }

  /** Adds {@code other}'s counts to this one (same fields); returns this. */
  public RunProfile merge(RunProfile other) {
    checkFields(other.fields.size());
    if (!fields.equals(other.fields)) {
      throw new IllegalArgumentException(
          "cannot merge profiles of fields " + fields + " and " + other.fields);
    }
    add(scoreBins, other.scoreBins);
    add(tokens, other.tokens);
    add(oovTokens, other.oovTokens);
    add(emptyRows, other.emptyRows);
    add(truncatedRows, other.truncatedRows);
    nonFiniteScores += other.nonFiniteScores;
    encodedRows += other.encodedRows;
    return this;
  }

  private static void add(long[] into, long[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  private void checkFields(int n) {
    if (n != fields.size()) {
      throw new IllegalArgumentException("expected " + fields.size() + " fields, got " + n);
    }
  }

  /**
   * Sets what the driver knows of the run.
   *
   * @param audienceSize -1 when the run made no audience
   */
  public RunProfile run(
      String bundleId, long rejected, Map<String, Long> rejectsByReason, long audienceSize) {
    this.bundleId = bundleId;
    this.rejected = rejected;
    this.rejectsByReason = new LinkedHashMap<>(rejectsByReason);
    this.audienceSize = audienceSize;
    return this;
  }

  public List<String> fields() {
    return fields;
  }

  /** A copy of the score bins. */
  public long[] scoreBins() {
    return scoreBins.clone();
  }

  /** Finite scores counted. */
  public long scored() {
    return Arrays.stream(scoreBins).sum();
  }

  public long nonFiniteScores() {
    return nonFiniteScores;
  }

  /** Rows encoded (the field statistics' denominator). */
  public long encodedRows() {
    return encodedRows;
  }

  public String bundleId() {
    return bundleId;
  }

  public long rejected() {
    return rejected;
  }

  public Map<String, Long> rejectsByReason() {
    return Map.copyOf(rejectsByReason);
  }

  /** Users in the audience, -1 when the run made none. */
  public long audienceSize() {
    return audienceSize;
  }

  /** Share of field {@code f}'s tokens that were OOV (0 when it had none). */
  public double oovShare(int f) {
    return tokens[f] == 0 ? 0 : (double) oovTokens[f] / tokens[f];
  }

  /** Share of rows with no token in field {@code f}. */
  public double emptyShare(int f) {
    return share(emptyRows[f]);
  }

  /** Share of rows truncated in field {@code f}. */
  public double truncatedShare(int f) {
    return share(truncatedRows[f]);
  }

  /** Mean tokens per row in field {@code f} (before truncation). */
  public double meanTokens(int f) {
    return share(tokens[f]);
  }

  private double share(long n) {
    return encodedRows == 0 ? 0 : (double) n / encodedRows;
  }

  /** The profile as UTF-8 JSON (counts and, for readers, the derived shares). */
  public byte[] toJson() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format_version", FORMAT_VERSION);
    doc.put("bundle_id", bundleId);
    doc.put("encoded_rows", encodedRows);
    doc.put("rejected", rejected);
    doc.put("rejects_by_reason", rejectsByReason);
    doc.put("audience_size", audienceSize);
    doc.put("non_finite_scores", nonFiniteScores);
    doc.put("score_bins", scoreBins);
    Map<String, Object> byField = new LinkedHashMap<>();
    for (int f = 0; f < fields.size(); f++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tokens", tokens[f]);
      m.put("oov_tokens", oovTokens[f]);
      m.put("empty_rows", emptyRows[f]);
      m.put("truncated_rows", truncatedRows[f]);
      m.put("oov_share", oovShare(f));
      m.put("empty_share", emptyShare(f));
      m.put("truncated_share", truncatedShare(f));
      m.put("mean_tokens", meanTokens(f));
      byField.put(fields.get(f), m);
    }
    doc.put("fields", byField);
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the run profile", e);
    }
  }

  /**
   * Reads a profile written by {@link #toJson}.
   *
   * @param source names the file in error messages
   * @throws InvalidInputException if it is not a profile of a known format version
   */
  public static RunProfile fromJson(byte[] json, String source) {
    try {
      JsonNode doc = JSON.readTree(json);
      int version = doc.path("format_version").asInt(-1);
      if (version != FORMAT_VERSION) {
        throw new InvalidInputException(
            "run profile "
                + source
                + " has format_version "
                + version
                + ", this deepscore reads "
                + FORMAT_VERSION
                + ": score that day again with this version");
      }
      List<String> names = new ArrayList<>();
      doc.path("fields").fieldNames().forEachRemaining(names::add);
      RunProfile p = new RunProfile(names);
      p.encodedRows = doc.path("encoded_rows").asLong();
      p.nonFiniteScores = doc.path("non_finite_scores").asLong();
      JsonNode bins = doc.path("score_bins");
      if (bins.size() != SCORE_BINS) {
        throw new InvalidInputException(
            "run profile "
                + source
                + " has "
                + bins.size()
                + " score bins, expected "
                + SCORE_BINS);
      }
      for (int b = 0; b < SCORE_BINS; b++) {
        p.scoreBins[b] = bins.get(b).asLong();
      }
      for (int f = 0; f < names.size(); f++) {
        JsonNode m = doc.path("fields").path(names.get(f));
        p.tokens[f] = m.path("tokens").asLong();
        p.oovTokens[f] = m.path("oov_tokens").asLong();
        p.emptyRows[f] = m.path("empty_rows").asLong();
        p.truncatedRows[f] = m.path("truncated_rows").asLong();
      }
      Map<String, Long> reasons = new LinkedHashMap<>();
      doc.path("rejects_by_reason")
          .fields()
          .forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
      return p.run(
          doc.path("bundle_id").asText(),
          doc.path("rejected").asLong(),
          reasons,
          doc.path("audience_size").asLong(-1));
    } catch (IOException e) {
      throw new InvalidInputException(
          "run profile " + source + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
