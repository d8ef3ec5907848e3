package io.deepscore.spark.features;

import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.spark.ExecutorCache;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A feature spec and its vocabularies in a serializable form (their own text formats), shipped to
 * executors once per job in a broadcast. {@link #encoder()} rebuilds the {@link Encoder} at most
 * once per executor JVM through the {@link ExecutorCache}, keyed by the spec and vocabulary content
 * hashes.
 */
public final class EncoderPayload implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String specJson;
  private final LinkedHashMap<String, String> vocabularyTexts;
  private final String key;

  private EncoderPayload(
      String specJson, LinkedHashMap<String, String> vocabularyTexts, String key) {
    this.specJson = specJson;
    this.vocabularyTexts = vocabularyTexts;
    this.key = key;
  }

  /** Captures a spec and its vocabularies (one per spec field). */
  public static EncoderPayload of(FeatureSpec spec, Map<String, Vocabulary> vocabularies) {
    LinkedHashMap<String, String> texts = new LinkedHashMap<>();
    StringBuilder key = new StringBuilder("encoder:").append(spec.id());
    for (var field : spec.fields()) {
      Vocabulary v = vocabularies.get(field.name());
      if (v == null) {
        throw new IllegalArgumentException("no vocabulary for field '" + field.name() + "'");
      }
      StringWriter w = new StringWriter();
      try {
        v.write(w);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      texts.put(field.name(), w.toString());
      key.append(':').append(v.id());
    }
    return new EncoderPayload(spec.toJson(), texts, key.toString());
  }

  /** The encoder, built once per JVM for this content. */
  public Encoder encoder() {
    return ExecutorCache.get(key, Encoder.class, this::build);
  }

  private Encoder build() {
    FeatureSpec spec = FeatureSpec.fromJson(specJson);
    Map<String, Vocabulary> vocabularies = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : vocabularyTexts.entrySet()) {
      try {
        vocabularies.put(
            e.getKey(),
            Vocabulary.read(
                new StringReader(e.getValue()), "vocabulary of field '" + e.getKey() + "'"));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return new Encoder(spec, vocabularies);
  }
}
