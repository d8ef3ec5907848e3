package io.deepscore.model;

import io.deepscore.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable, validated shape of the network: architecture, embedding width, MLP hidden sizes and
 * dropout. Serialized into the bundle manifest with {@link #toMap()} and read back with {@link
 * #fromMap(Map)}, which rejects unknown keys.
 *
 * @param architecture {@code dnn} or {@code logistic}
 * @param embeddingDim width of every field's embedding table (ignored by {@code logistic}, whose
 *     token weights are scalars), &gt; 0
 * @param hiddenSizes MLP hidden layer widths in order, each &gt; 0; may be empty (then the
 *     concatenated field vectors feed the output layer directly); ignored by {@code logistic}
 * @param dropout dropout probability after every hidden ReLU during training, in [0, 1)
 */
public record NetworkConfig(
    Architecture architecture, int embeddingDim, List<Integer> hiddenSizes, float dropout) {

  /** Default embedding width. */
  public static final int DEFAULT_EMBEDDING_DIM = 32;

  /** Default MLP hidden sizes. */
  public static final List<Integer> DEFAULT_HIDDEN = List.of(256, 128);

  private static final Set<String> KEYS =
      Set.of("architecture", "embedding_dim", "hidden", "dropout");

  /** Validates every component; see the record javadoc for the ranges. */
  public NetworkConfig {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(hiddenSizes, "hiddenSizes");
    if (embeddingDim <= 0) {
      throw new InvalidInputException("embedding_dim must be > 0, got " + embeddingDim);
    }
    hiddenSizes = List.copyOf(hiddenSizes);
    for (int h : hiddenSizes) {
      if (h <= 0) {
        throw new InvalidInputException("hidden sizes must be > 0, got " + hiddenSizes);
      }
    }
    if (!(dropout >= 0f && dropout < 1f)) {
      throw new InvalidInputException("dropout must be in [0, 1), got " + dropout);
    }
  }

  /** The default DNN: embedding 32, hidden 256,128, no dropout. */
  public static NetworkConfig dnn() {
    return new NetworkConfig(Architecture.DNN, DEFAULT_EMBEDDING_DIM, DEFAULT_HIDDEN, 0f);
  }

  /** Logistic regression over the multi-hot tokens. */
  public static NetworkConfig logistic() {
    return new NetworkConfig(Architecture.LOGISTIC, 1, List.of(), 0f);
  }

  /** A copy with another embedding width. */
  public NetworkConfig withEmbeddingDim(int dim) {
    return new NetworkConfig(architecture, dim, hiddenSizes, dropout);
  }

  /** A copy with other hidden sizes. */
  public NetworkConfig withHiddenSizes(List<Integer> hidden) {
    return new NetworkConfig(architecture, embeddingDim, hidden, dropout);
  }

  /** A copy with another dropout probability. */
  public NetworkConfig withDropout(float p) {
    return new NetworkConfig(architecture, embeddingDim, hiddenSizes, p);
  }

  /** The manifest form: {@code architecture, embedding_dim, hidden, dropout}. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", architecture.id());
    m.put("embedding_dim", embeddingDim);
    m.put("hidden", hiddenSizes);
    m.put("dropout", dropout);
    return m;
  }

  /**
   * Reads the manifest form written by {@link #toMap()}.
   *
   * @throws InvalidInputException on an unknown or missing key or a bad value
   */
  public static NetworkConfig fromMap(Map<String, ?> map) {
    for (String k : map.keySet()) {
      if (!KEYS.contains(k)) {
        throw new InvalidInputException(
            "unknown network key '" + k + "': expected " + String.join(", ", KEYS));
      }
    }
    for (String k : KEYS) {
      if (!map.containsKey(k)) {
        throw new InvalidInputException("network config misses key '" + k + "'");
      }
    }
    List<Integer> hidden = new ArrayList<>();
    Object h = map.get("hidden");
    if (!(h instanceof List<?> list)) {
      throw new InvalidInputException("network key 'hidden' must be a list of ints, got " + h);
    }
    for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
      hidden.add(toInt("hidden", it.next()));
    }
    return new NetworkConfig(
        Architecture.parse(String.valueOf(map.get("architecture"))),
        toInt("embedding_dim", map.get("embedding_dim")),
        hidden,
        ((Number) map.get("dropout")).floatValue());
  }

  private static int toInt(String key, Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new InvalidInputException("network key '" + key + "' must be an integer, got " + v);
  }
}
