package io.deepscore.cli;

import io.deepscore.model.NetworkConfig;
import io.deepscore.model.Pooling;
import java.util.List;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The shape of a network with a deep part ({@code dnn}, {@code wide-deep}): embedding width, MLP,
 * pooling and dropouts. A mixin; values are checked by {@link NetworkConfig} (a bad one is a usage
 * error).
 */
final class NetworkShapeOptions {

  @Option(
      names = "--embedding-dim",
      defaultValue = "32",
      paramLabel = "D",
      description = "Width of every field's embedding. Default: ${DEFAULT-VALUE}.")
  int embeddingDim;

  @Option(
      names = "--hidden",
      defaultValue = "256,128",
      split = ",",
      paramLabel = "SIZES",
      description = "Hidden layer sizes of the MLP. Default: ${DEFAULT-VALUE}.")
  List<Integer> hidden;

  @Option(
      names = "--dropout",
      defaultValue = "0",
      paramLabel = "P",
      description = "Dropout after every hidden layer, in [0, 1). Default: ${DEFAULT-VALUE}.")
  float dropout;

  @Option(
      names = "--pooling",
      defaultValue = "sqrtn",
      paramLabel = "P",
      description =
          "How a field's token vectors are combined: mean, sum, sqrtn or max. Default:"
              + " ${DEFAULT-VALUE}.")
  String pooling;

  @Option(
      names = "--pooled-dropout",
      defaultValue = "0",
      paramLabel = "P",
      description =
          "Dropout on the concatenated pooled field vectors (the MLP's input). Default:"
              + " ${DEFAULT-VALUE}.")
  float pooledDropout;

  @Option(
      names = "--token-dropout",
      defaultValue = "0",
      paramLabel = "P",
      description =
          "In training, leave each token out of its field's pooling with probability P. Default:"
              + " ${DEFAULT-VALUE}.")
  float tokenDropout;

  /**
   * {@code base} with the options {@code use} accepts (all of them, or with {@code --from-bundle}
   * only those given on the command line).
   */
  NetworkConfig apply(NetworkConfig base, Predicate<String> use) {
    NetworkConfig n = base;
    n = use.test("--embedding-dim") ? n.withEmbeddingDim(embeddingDim) : n;
    n = use.test("--hidden") ? n.withHiddenSizes(hidden) : n;
    n = use.test("--dropout") ? n.withDropout(dropout) : n;
    n = use.test("--pooling") ? n.withPooling(Pooling.parse(pooling)) : n;
    n = use.test("--pooled-dropout") ? n.withPooledDropout(pooledDropout) : n;
    return use.test("--token-dropout") ? n.withTokenDropout(tokenDropout) : n;
  }
}
