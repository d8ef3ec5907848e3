package io.deepscore.features;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many tokens of a data sample each field's vocabulary does not know, with the most frequent
 * unknown ones. A high share in a field usually means the data is normalised differently from the
 * table (a lower-cased table against raw {@code Drama}): {@code deepscore bundle --sample} warns
 * above a threshold.
 *
 * <p>Tokens come from the encoder's analyzers, so they are exactly the ones scoring will look up.
 * Mutable and not thread-safe: feed it rows with {@link #add}, then read {@link #fields()}.
 */
public final class UnknownTokenSample {

  /** The default warning threshold: more than 5% of a field's tokens unknown. */
  public static final double DEFAULT_MAX_SHARE = 0.05;

  /** Examples kept per field. */
  public static final int EXAMPLES = 3;

  /** Distinct unknown tokens remembered per field (bounds memory on a large sample). */
  static final int MAX_DISTINCT = 100_000;

  /**
   * One field's figures.
   *
   * @param examples up to {@value #EXAMPLES} unknown tokens, most frequent first (ties: first seen)
   */
  public record Field(String field, long tokens, long unknown, List<String> examples) {
    /** unknown / tokens, 0 without tokens. */
    public double unknownShare() {
      return tokens == 0 ? 0.0 : (double) unknown / tokens;
    }
  }

  private final Encoder encoder;
  private final long[] tokens;
  private final long[] unknown;
  private final List<Map<String, long[]>> unknownCounts = new ArrayList<>();
  private long rows;
  private long invalidValues;

  public UnknownTokenSample(Encoder encoder) {
    this.encoder = encoder;
    int n = encoder.fieldCount();
    this.tokens = new long[n];
    this.unknown = new long[n];
    for (int f = 0; f < n; f++) {
      unknownCounts.add(new LinkedHashMap<>());
    }
  }

  /**
   * Counts the tokens of one row. A value of the wrong type is counted in {@link #invalidValues()}
   * and skipped (scoring would reject its row).
   *
   * @param rawValuesByField one raw value per field, in spec order
   */
  public void add(Object[] rawValuesByField) {
    rows++;
    for (int f = 0; f < tokens.length; f++) {
      Vocabulary v = encoder.vocabulary(f);
      Map<String, long[]> seen = unknownCounts.get(f);
      int field = f;
      try {
        encoder
            .analyzer(f)
            .analyze(
                rawValuesByField[f],
                token -> {
                  tokens[field]++;
                  if (v.indexOf(token) == v.unknownId()) {
                    unknown[field]++;
                    long[] c = seen.get(token);
                    if (c != null) {
                      c[0]++;
                    } else if (seen.size() < MAX_DISTINCT) {
                      seen.put(token, new long[] {1});
                    }
                  }
                });
      } catch (InvalidValueException e) {
        invalidValues++;
      }
    }
  }

  /** Rows added. */
  public long rows() {
    return rows;
  }

  /** Field values skipped because of their type. */
  public long invalidValues() {
    return invalidValues;
  }

  /** Per field, in spec order. */
  public List<Field> fields() {
    List<Field> out = new ArrayList<>();
    for (int f = 0; f < tokens.length; f++) {
      List<Map.Entry<String, long[]>> entries = new ArrayList<>(unknownCounts.get(f).entrySet());
      // stable sort: equal counts keep the order they were first seen in
      entries.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]));
      List<String> examples = new ArrayList<>();
      for (int i = 0; i < Math.min(EXAMPLES, entries.size()); i++) {
        examples.add(entries.get(i).getKey());
      }
      out.add(
          new Field(encoder.spec().field(f).name(), tokens[f], unknown[f], List.copyOf(examples)));
    }
    return out;
  }
}
