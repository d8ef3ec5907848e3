package io.deepscore.features;

/** Receives the tokens of one raw value, in order. Tokens are never null or empty. */
@FunctionalInterface
public interface TokenSink {
  void accept(String token);
}
