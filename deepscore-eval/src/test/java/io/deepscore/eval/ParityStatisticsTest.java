package io.deepscore.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParityStatisticsTest {

  private static final double EXACT = 1e-12;

  /** Absolute differences 3, 1, 4, 2 (in that row order). */
  private static ParityStatistics oneToFour() {
    return ParityStatistics.of(new float[] {0f, 0f, 0f, 0f}, new float[] {3f, -1f, 4f, 2f});
  }

  @Test
  void percentilesInterpolateLinearlyLikeNumpy() {
    // Sorted x = [1, 2, 3, 4], h = (n - 1) q / 100 = 3q / 100:
    // p25: h = 0.75 -> 1 + 0.75 * (2 - 1) = 1.75
    // p50: h = 1.5  -> 2 + 0.5  * (3 - 2) = 2.5
    // p75: h = 2.25 -> 3 + 0.25 * (4 - 3) = 3.25
    // p99: h = 2.97 -> 3 + 0.97 * (4 - 3) = 3.97
    ParityStatistics stats = oneToFour();
    assertThat(stats.p25()).isCloseTo(1.75, within(EXACT));
    assertThat(stats.p50()).isCloseTo(2.5, within(EXACT));
    assertThat(stats.p75()).isCloseTo(3.25, within(EXACT));
    assertThat(stats.p99()).isCloseTo(3.97, within(EXACT));
    assertThat(stats.percentile(0)).isEqualTo(1.0);
    assertThat(stats.percentile(100)).isEqualTo(4.0);
  }

  @Test
  void percentilesOnASkewedSample() {
    // Sorted x = [0, 1, 2, 10, 100], h = 4q / 100:
    // p10: h = 0.4  -> 0 + 0.4 * 1 = 0.4
    // p25: h = 1    -> 1;  p50: h = 2 -> 2;  p75: h = 3 -> 10
    // p99: h = 3.96 -> 10 + 0.96 * (100 - 10) = 96.4
    ParityStatistics stats =
        ParityStatistics.of(new float[] {5, 5, 5, 5, 5}, new float[] {105, 5, 3, -5, 6});
    assertThat(stats.percentile(10)).isCloseTo(0.4, within(EXACT));
    assertThat(stats.p25()).isEqualTo(1.0);
    assertThat(stats.p50()).isEqualTo(2.0);
    assertThat(stats.p75()).isEqualTo(10.0);
    assertThat(stats.p99()).isCloseTo(96.4, within(EXACT));
    assertThat(stats.max()).isEqualTo(100.0);
    assertThat(stats.argMax()).isEqualTo(0);
  }

  @Test
  void meanAndPopulationVariance() {
    // mean 2.5; squared deviations 2.25, 0.25, 0.25, 2.25 sum to 5; / n = 1.25 (not / (n-1)).
    ParityStatistics stats = oneToFour();
    assertThat(stats.count()).isEqualTo(4);
    assertThat(stats.mean()).isEqualTo(2.5);
    assertThat(stats.variance()).isEqualTo(1.25);
    assertThat(stats.stdDev()).isEqualTo(Math.sqrt(1.25));
    assertThat(stats.max()).isEqualTo(4.0);
    assertThat(stats.argMax()).isEqualTo(2);
    assertThat(stats.countBelow(3.0)).isEqualTo(2);
    assertThat(stats.countBelow(3.5)).isEqualTo(3);
  }

  @Test
  void singleRow() {
    ParityStatistics stats = ParityStatistics.of(new float[] {0.25f}, new float[] {0.5f});
    assertThat(stats.p25()).isEqualTo(0.25);
    assertThat(stats.p99()).isEqualTo(0.25);
    assertThat(stats.variance()).isEqualTo(0.0);
  }

  @Test
  void differencesAreExactFloatValuesInDouble() {
    float one = 1.0f;
    float next = Math.nextUp(one);
    ParityStatistics stats =
        ParityStatistics.of(new float[] {0.5f, 0.0f, one}, new float[] {0.5f, -0.0f, next});
    // 1 + 2^-23 minus 1 is exactly 2^-23 = 1.1920928955078125e-7.
    assertThat(stats.difference(2)).isEqualTo(0x1p-23);
    assertThat(stats.difference(1)).isEqualTo(0.0);
    // 0.0f and -0.0f have different bits: only row 0 is bit-identical.
    assertThat(stats.identicalCount()).isEqualTo(1);
    assertThat(stats.identicalFraction()).isCloseTo(1.0 / 3.0, within(EXACT));
    assertThat(stats.maxUlpDistance()).isEqualTo(1);
    assertThat(stats.argMaxUlpDistance()).isEqualTo(2);
  }

  @Test
  void ulpDistances() {
    assertThat(ParityStatistics.ulpDistance(1.0f, 1.0f)).isEqualTo(0);
    assertThat(ParityStatistics.ulpDistance(1.0f, Math.nextUp(1.0f))).isEqualTo(1);
    assertThat(ParityStatistics.ulpDistance(Math.nextUp(Math.nextUp(1.0f)), 1.0f)).isEqualTo(2);
    // Below 1.0 the spacing halves: 1 - 2^-24 is the float just under 1.
    assertThat(ParityStatistics.ulpDistance(1.0f, 1.0f - 0x1p-24f)).isEqualTo(1);
    // Every float in [1, 2) is one step: 2^23 of them.
    assertThat(ParityStatistics.ulpDistance(1.0f, 2.0f)).isEqualTo(1L << 23);
    assertThat(ParityStatistics.ulpDistance(0.0f, -0.0f)).isEqualTo(0);
    assertThat(ParityStatistics.ulpDistance(Float.MIN_VALUE, -Float.MIN_VALUE)).isEqualTo(2);
    assertThat(ParityStatistics.ulpDistance(Float.MAX_VALUE, Float.POSITIVE_INFINITY)).isEqualTo(1);
    // Across zero: bits of 1.0f are 0x3f800000 on each side.
    assertThat(ParityStatistics.ulpDistance(-1.0f, 1.0f)).isEqualTo(2L * 0x3f800000);
    assertThatThrownBy(() -> ParityStatistics.ulpDistance(Float.NaN, 1f))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void largestDifferencesLargestFirstTiesByRow() {
    // differences by row: 3, 1, 4, 2, 4
    ParityStatistics stats =
        ParityStatistics.of(new float[] {0, 0, 0, 0, 0}, new float[] {3, 1, -4, 2, 4});
    assertThat(stats.largestDifferences(0)).isEmpty();
    assertThat(stats.largestDifferences(1)).containsExactly(2);
    assertThat(stats.largestDifferences(2)).containsExactly(2, 4);
    assertThat(stats.largestDifferences(3)).containsExactly(2, 4, 0);
    assertThat(stats.largestDifferences(10)).containsExactly(2, 4, 0, 3, 1);
    assertThat(stats.argMax()).isEqualTo(2);
    assertThatThrownBy(() -> stats.largestDifferences(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k = -1 must be >= 0");
  }

  @Test
  void largestDifferencesAgreeWithAFullSort() {
    Random random = new Random(7);
    int n = 5_000;
    float[] a = new float[n];
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = random.nextInt(50) / 8f; // few distinct values: many tied differences
      b[i] = random.nextInt(50) / 8f;
    }
    ParityStatistics stats = ParityStatistics.of(a, b);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    all.sort(
        Comparator.comparingDouble((Integer i) -> -stats.difference(i)).thenComparingInt(i -> i));
    for (int k : new int[] {1, 17, 500, n}) {
      assertThat(stats.largestDifferences(k)).containsExactlyElementsOf(all.subList(0, k));
    }
  }

  @Test
  void tableHasTheBriefsRowsInItsFormat() {
    String[] lines = oneToFour().toTable().split("\n");
    assertThat(lines)
        .startsWith(
            "| statistic | value |",
            "|---|---|",
            "| count | 4 |",
            "| mean | 2.50e+00 |",
            "| variance | 1.25e+00 |",
            "| p25 | 1.75e+00 |",
            "| p50 | 2.50e+00 |",
            "| p75 | 3.25e+00 |",
            "| p99 | 3.97e+00 |",
            "| max | 4.00e+00 |");
    // From 0.0f to 4.0f the ULP distance is 4.0f's bit pattern, 0x40800000 = 1082130432.
    assertThat(lines)
        .contains("| argmax | 2 |", "| bit-identical | 0 |", "| max ulp distance | 1082130432 |");
  }

  @Test
  void smallDifferencesRenderLikeTheBrief() {
    // 0.3f and its neighbours: spacing of floats in [0.25, 0.5) is 2^-25 = 2.98e-08.
    float x = 0.3f;
    ParityStatistics stats =
        ParityStatistics.of(
            new float[] {x, x, x}, new float[] {x, Math.nextUp(x), Math.nextUp(Math.nextUp(x))});
    assertThat(stats.toTable()).contains("| p50 | 2.98e-08 |", "| max | 5.96e-08 |");
    assertThat(stats.maxUlpDistance()).isEqualTo(2);
  }

  @Test
  void nanIsAnErrorNamingTheRow() {
    assertThatThrownBy(
            () -> ParityStatistics.of(new float[] {1, 2, 3}, new float[] {1, 2, Float.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "candidate[2] is NaN; parity statistics need a number in both inputs for every row"
                + " (reference=3.0, candidate=NaN)");
    assertThatThrownBy(() -> ParityStatistics.of(new float[] {Float.NaN}, new float[] {1}))
        .hasMessageStartingWith("reference[0] is NaN");
  }

  @Test
  void shapesAreChecked() {
    assertThatThrownBy(() -> ParityStatistics.of(new float[] {1, 2}, new float[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "reference has 2 rows but candidate has 1; parity compares the same rows in the same"
                + " order");
    assertThatThrownBy(() -> ParityStatistics.of(new float[0], new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reference and candidate are empty; nothing to compare");
    assertThatThrownBy(() -> ParityStatistics.of(null, new float[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reference is null");
  }
}
