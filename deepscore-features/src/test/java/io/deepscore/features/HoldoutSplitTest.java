package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

  @Test
  void bucketIsFnv1a64OfTheUtf8Bytes() {
    // FNV-1a 64 of "" is the offset basis 0xcbf29ce484222325; of "a" it is 0xaf63dc4c8601ec8c
    // (published test vectors); the bucket is (h >>> 1) % 10000.
    assertThat(HoldoutSplit.bucket("")).isEqualTo((int) ((0xcbf29ce484222325L >>> 1) % 10_000));
    assertThat(HoldoutSplit.bucket("a")).isEqualTo((int) ((0xaf63dc4c8601ec8cL >>> 1) % 10_000));
  }

  @Test
  void fractionsAreRespectedAndAssignmentIsStable() {
    HoldoutSplit split = HoldoutSplit.DEFAULT;
    Map<HoldoutSplit.Part, Integer> counts = new EnumMap<>(HoldoutSplit.Part.class);
    for (int i = 0; i < 100_000; i++) {
      counts.merge(split.of("u" + i), 1, Integer::sum);
    }
    assertThat(counts.get(HoldoutSplit.Part.VALID)).isBetween(9_500, 10_500);
    assertThat(counts.get(HoldoutSplit.Part.TEST)).isBetween(9_500, 10_500);
    assertThat(split.of("u123")).isEqualTo(new HoldoutSplit(0.1, 0.1).of("u123"));
  }

  @Test
  void invalidFractionsAreRefused() {
    assertThatThrownBy(() -> new HoldoutSplit(0.6, 0.5)).hasMessageContaining("sum to less than 1");
    assertThatThrownBy(() -> new HoldoutSplit(-0.1, 0.1)).hasMessageContaining("must be >= 0");
  }
}
