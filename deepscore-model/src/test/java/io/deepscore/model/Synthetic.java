package io.deepscore.model;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.FieldKind;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.features.VocabularyBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small synthetic problem with an interaction: field {@code apps} may hold token {@code a3},
 * field {@code campaigns} may hold token {@code c5} (each in half of the rows); the label is {@code
 * a3 XOR c5}, flipped for 5% of rows. A logistic regression over the tokens cannot represent XOR
 * (an AND would be linearly separable), a DNN can. Plus a single-valued {@code device} field and
 * random filler tokens; 3% of the rows have an empty {@code campaigns} list (all padding).
 */
final class Synthetic {

  final FeatureSpec spec;
  final Map<String, Vocabulary> vocabularies;
  final Encoder encoder;
  final List<Object[]> raw = new ArrayList<>();
  final int[] labels;

  Synthetic(int rows, long seed) {
    spec =
        FeatureSpec.builder()
            .name("synthetic")
            .idColumn("user_id")
            .labelColumn("label")
            .addField(field("device", FieldKind.SINGLE, 1))
            .addField(field("apps", FieldKind.MULTI, 6))
            .addField(field("campaigns", FieldKind.MULTI, 4))
            .build();
    Random rng = new Random(seed);
    labels = new int[rows];
    VocabularyBuilder[] vb = {
      new VocabularyBuilder(), new VocabularyBuilder(), new VocabularyBuilder()
    };
    for (int r = 0; r < rows; r++) {
      String device = "d" + rng.nextInt(12);
      boolean a = rng.nextBoolean();
      boolean c = rng.nextBoolean();
      List<String> apps = filler(rng, "a", 20, 1 + rng.nextInt(4), 3);
      if (a) {
        apps.add(rng.nextInt(apps.size() + 1), "a3");
      }
      List<String> campaigns =
          rng.nextInt(100) < 3 && !c ? new ArrayList<>() : filler(rng, "c", 15, rng.nextInt(3), 5);
      if (c) {
        campaigns.add("c5");
      }
      int label = (a ^ c) ? 1 : 0;
      if (rng.nextInt(100) < 5) {
        label = 1 - label;
      }
      labels[r] = label;
      raw.add(new Object[] {device, apps, campaigns});
      vb[0].add(device);
      apps.forEach(vb[1]::add);
      campaigns.forEach(vb[2]::add);
    }
    vocabularies = new LinkedHashMap<>();
    for (int f = 0; f < 3; f++) {
      vocabularies.put(spec.field(f).name(), vb[f].build(spec.field(f)));
    }
    encoder = new Encoder(spec, vocabularies);
  }

  private static FieldSpec field(String name, FieldKind kind, int maxLength) {
    return FieldSpec.builder(name)
        .column(name)
        .kind(kind)
        .maxLength(maxLength)
        .maxSize(1000)
        .build();
  }

  private static List<String> filler(Random rng, String prefix, int universe, int n, int skip) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int t = rng.nextInt(universe);
      if (t != skip) {
        out.add(prefix + t);
      }
    }
    return out;
  }

  long[] vocabSizes() {
    long[] v = new long[spec.fieldCount()];
    for (int f = 0; f < v.length; f++) {
      v[f] = vocabularies.get(spec.field(f).name()).size();
    }
    return v;
  }

  /** All rows encoded into a dataset. */
  EncodedDataset dataset() {
    EncodedDataset.Builder b = EncodedDataset.builder(encoder.maxLengths());
    EncodedBatch batch = encoder.newBatch(256);
    int[] batchLabels = new int[256];
    for (int r = 0; r < raw.size(); r++) {
      batchLabels[batch.size()] = labels[r];
      encoder.encodeRow(raw.get(r), batch);
      if (batch.isFull() || r == raw.size() - 1) {
        int[][] buffers = new int[batch.fieldCount()][];
        for (int f = 0; f < buffers.length; f++) {
          buffers[f] = batch.field(f);
        }
        b.addRows(batch.size(), buffers, batchLabels);
        batch.clear();
      }
    }
    return b.build();
  }

  /** Scores every row through {@code scorer} in batches of {@code capacity}. */
  float[] score(Scorer scorer, int capacity) {
    return score(scorer, capacity, 0, raw.size());
  }

  /** Scores rows {@code [from, to)} with a new scorer of {@code model}. */
  float[] score(ScoringModel model, int capacity, int from, int to) {
    try (Scorer s = model.newScorer()) {
      return score(s, capacity, from, to);
    }
  }

  /** Scores rows {@code [from, to)} through {@code scorer} in batches of {@code capacity}. */
  float[] score(Scorer scorer, int capacity, int from, int to) {
    float[] out = new float[to - from];
    float[] buf = new float[capacity];
    EncodedBatch batch = encoder.newBatch(capacity);
    int start = 0;
    for (int r = from; r < to; r++) {
      encoder.encodeRow(raw.get(r), batch);
      if (batch.isFull() || r == to - 1) {
        scorer.score(batch, buf);
        System.arraycopy(buf, 0, out, start, batch.size());
        start += batch.size();
        batch.clear();
      }
    }
    return out;
  }
}
