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
 * Immutable, validated shape of the network: architecture, embedding width, MLP hidden sizes,
 * dropout, pooling and dropout on the pooled field vectors. Serialized into the bundle manifest
 * with {@link #toMap()} and read back with {@link #fromMap(Map)}, which rejects unknown keys.
 *
 * @param architecture {@code dnn}, {@code logistic} or {@code wide-deep}
 * @param embeddingDim width of every field's embedding table (ignored by {@code logistic}, whose
 *     token weights are scalars), &gt; 0
 * @param hiddenSizes MLP hidden layer widths in order, each &gt; 0; may be empty (then the
 *     concatenated field vectors feed the output layer directly); ignored by {@code logistic}
 * @param dropout dropout probability after every hidden ReLU during training, in [0, 1)
 * @param pooling how a field's token vectors become one vector (ignored by {@code logistic}, which
 *     always sums its scalar weights)
 * @param pooledDropout dropout probability on the concatenated pooled field vectors (the MLP's
 *     input) during training, in [0, 1)
 * @param tokenDropout during training, the probability that a token is left out of its field's
 *     pooling (each row sees another subset of its tokens every epoch), in [0, 1)
 */
public record NetworkConfig(
    Architecture architecture,
    int embeddingDim,
    List<Integer> hiddenSizes,
    float dropout,
    Pooling pooling,
    float pooledDropout,
    float tokenDropout) {

  /** Default embedding width. */
  public static final int DEFAULT_EMBEDDING_DIM = 32;

  /** Default MLP hidden sizes. */
  public static final List<Integer> DEFAULT_HIDDEN = List.of(256, 128);

  private static final Set<String> REQUIRED_KEYS =
      Set.of("architecture", "embedding_dim", "hidden", "dropout");

  /** Keys added later: a manifest written before them reads as mean pooling, no pooled dropout. */
  private static final Set<String> OPTIONAL_KEYS =
      Set.of("pooling", "pooled_dropout", "token_dropout");

  /** Validates every component; see the record javadoc for the ranges. */
  public NetworkConfig {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(hiddenSizes, "hiddenSizes");
    Objects.requireNonNull(pooling, "pooling");
    if (embeddingDim <= 0) {
      throw new InvalidInputException("embedding_dim must be > 0, got " + embeddingDim);
    }
    hiddenSizes = List.copyOf(hiddenSizes);
    for (int h : hiddenSizes) {
      if (h <= 0) {
        throw new InvalidInputException("hidden sizes must be > 0, got " + hiddenSizes);
      }
    }
    checkProbability("dropout", dropout);
    checkProbability("pooled_dropout", pooledDropout);
    checkProbability("token_dropout", tokenDropout);
  }

  /** Mean pooling and no dropout on the pooled vectors (the shape of the first bundles). */
  public NetworkConfig(
      Architecture architecture, int embeddingDim, List<Integer> hiddenSizes, float dropout) {
    this(architecture, embeddingDim, hiddenSizes, dropout, Pooling.MEAN, 0f, 0f);
  }

  private static void checkProbability(String key, float p) {
    if (!(p >= 0f && p < 1f)) {
      throw new InvalidInputException(key + " must be in [0, 1), got " + p);
    }
  }

  /**
   * The default DNN: embedding 32, hidden 256,128, sqrt-n pooling (sum / sqrt(count): chosen on
   * validation over the brief's mean, which weighs a token by one over its list's length; see
   * docs/model.md), no dropout.
   */
  public static NetworkConfig dnn() {
    return new NetworkConfig(
        Architecture.DNN, DEFAULT_EMBEDDING_DIM, DEFAULT_HIDDEN, 0f, Pooling.SQRT_N, 0f, 0f);
  }

  /** Logistic regression over the multi-hot tokens. */
  public static NetworkConfig logistic() {
    return new NetworkConfig(Architecture.LOGISTIC, 1, List.of(), 0f);
  }

  /** Wide &amp; Deep: the default DNN plus one scalar weight per token, trained jointly. */
  public static NetworkConfig wideDeep() {
    return dnn().withArchitecture(Architecture.WIDE_DEEP);
  }

  /** A copy with another architecture. */
  public NetworkConfig withArchitecture(Architecture a) {
    return new NetworkConfig(
        a, embeddingDim, hiddenSizes, dropout, pooling, pooledDropout, tokenDropout);
  }

  /** A copy with another embedding width. */
  public NetworkConfig withEmbeddingDim(int dim) {
    return new NetworkConfig(
        architecture, dim, hiddenSizes, dropout, pooling, pooledDropout, tokenDropout);
  }

  /** A copy with other hidden sizes. */
  public NetworkConfig withHiddenSizes(List<Integer> hidden) {
    return new NetworkConfig(
        architecture, embeddingDim, hidden, dropout, pooling, pooledDropout, tokenDropout);
  }

  /** A copy with another dropout probability. */
  public NetworkConfig withDropout(float p) {
    return new NetworkConfig(
        architecture, embeddingDim, hiddenSizes, p, pooling, pooledDropout, tokenDropout);
  }

  /** A copy with another pooling. */
  public NetworkConfig withPooling(Pooling p) {
    return new NetworkConfig(
        architecture, embeddingDim, hiddenSizes, dropout, p, pooledDropout, tokenDropout);
  }

  /** A copy with another dropout probability on the pooled field vectors. */
  public NetworkConfig withPooledDropout(float p) {
    return new NetworkConfig(
        architecture, embeddingDim, hiddenSizes, dropout, pooling, p, tokenDropout);
  }

  /** A copy with another token dropout probability. */
  public NetworkConfig withTokenDropout(float p) {
    return new NetworkConfig(
        architecture, embeddingDim, hiddenSizes, dropout, pooling, pooledDropout, p);
  }

  /**
   * The manifest form: {@code architecture, embedding_dim, hidden, dropout, pooling,
   * pooled_dropout}.
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", architecture.id());
    m.put("embedding_dim", embeddingDim);
    m.put("hidden", hiddenSizes);
    m.put("dropout", dropout);
    m.put("pooling", pooling.id());
    m.put("pooled_dropout", pooledDropout);
    m.put("token_dropout", tokenDropout);
    return m;
  }

  /**
   * Reads the manifest form written by {@link #toMap()}; {@code pooling} and {@code pooled_dropout}
   * may be missing (manifests written before them: mean, 0).
   *
   * @throws InvalidInputException on an unknown or missing key or a bad value
   */
  public static NetworkConfig fromMap(Map<String, ?> map) {
    for (String k : map.keySet()) {
      if (!REQUIRED_KEYS.contains(k) && !OPTIONAL_KEYS.contains(k)) {
        throw new InvalidInputException(
            "unknown network key '"
                + k
                + "': expected architecture, embedding_dim, hidden, dropout, pooling,"
                + " pooled_dropout, token_dropout");
      }
    }
    for (String k : REQUIRED_KEYS) {
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
    Object pooling = map.get("pooling");
    return new NetworkConfig(
        Architecture.parse(String.valueOf(map.get("architecture"))),
        toInt("embedding_dim", map.get("embedding_dim")),
        hidden,
        toFloat("dropout", map.get("dropout")),
        pooling == null ? Pooling.MEAN : Pooling.parse(String.valueOf(pooling)),
        optionalFloat(map, "pooled_dropout"),
        optionalFloat(map, "token_dropout"));
  }

  private static float optionalFloat(Map<String, ?> map, String key) {
    return map.containsKey(key) ? toFloat(key, map.get(key)) : 0f;
  }

  private static int toInt(String key, Object v) {
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.intValue();
    }
    throw new InvalidInputException("network key '" + key + "' must be an integer, got " + v);
  }

  private static float toFloat(String key, Object v) {
    if (v instanceof Number n) {
      return n.floatValue();
    }
    throw new InvalidInputException("network key '" + key + "' must be a number, got " + v);
  }
}
