package io.deepscore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.model.djl.PyTorchThreads;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodedDatasetTest {

  private static EncodedDataset sample() {
    return EncodedDataset.builder(new int[] {2, 1})
        .addRow(1, new int[] {5, 6}, new int[] {7})
        .addRow(0, new int[] {8}, new int[] {})
        .addRow(1, new int[] {}, new int[] {9})
        .build();
  }

  @Test
  void builderPadsAndKeepsRowMajorLayout() {
    EncodedDataset d = sample();
    assertThat(d.rows()).isEqualTo(3);
    assertThat(d.fieldCount()).isEqualTo(2);
    assertThat(d.maxLengths()).containsExactly(2, 1);
    assertThat(d.field(0)).containsExactly(5, 6, 8, 0, 0, 0);
    assertThat(d.field(1)).containsExactly(7, 0, 9);
    assertThat(d.labels()).containsExactly(1, 0, 1);
    assertThat(d.positives()).isEqualTo(2);
    d.field(0)[0] = 99; // a copy: the dataset is immutable
    assertThat(d.field(0)[0]).isEqualTo(5);
  }

  @Test
  void sliceSelectAndBatchCopies() {
    EncodedDataset d = sample();
    assertThat(d.slice(1, 3).field(0)).containsExactly(8, 0, 0, 0);
    EncodedDataset s = d.select(new int[] {2, 0});
    assertThat(s.field(1)).containsExactly(9, 7);
    assertThat(s.labels()).containsExactly(1, 1);
    LongBuffer buf = LongBuffer.allocate(4);
    d.copyRowsAsLong(0, new int[] {2, 1, 0}, 1, 3, buf);
    assertThat(buf.array()).containsExactly(8, 0, 5, 6);
    assertThat(d.batchCount(2)).isEqualTo(2);
  }

  @Test
  void shufflingIsASeededPermutation() {
    EncodedDataset d = EncodedDataset.of(new int[] {1}, new int[][] {new int[50]}, new int[50]);
    int[] a = d.shuffledOrder(new Random(3));
    assertThat(a)
        .isEqualTo(d.shuffledOrder(new Random(3)))
        .isNotEqualTo(d.shuffledOrder(new Random(4)));
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) {
      assertThat(sorted[i]).isEqualTo(i);
    }
    EncodedDataset[] split = d.split(0.2, 1);
    assertThat(split[0].rows()).isEqualTo(40);
    assertThat(split[1].rows()).isEqualTo(10);
  }

  @Test
  void badInputIsRefusedNamingRowAndField() {
    assertThatThrownBy(
            () -> EncodedDataset.builder(new int[] {1}).addRow(0, new int[] {1, 2}).build())
        .hasMessageContaining("row 0, field 0: 2 ids > max length 1");
    assertThatThrownBy(() -> EncodedDataset.builder(new int[] {1}).addRow(2, new int[] {1}))
        .hasMessageContaining("row 0: label must be 0 or 1");
    assertThatThrownBy(
            () -> EncodedDataset.of(new int[] {2}, new int[][] {{1, 2, 3}}, new int[] {0, 1}))
        .hasMessageContaining("field 0: expected rows * maxLength = 2 * 2 ids, got 3");
  }

  @Test
  void engineSettingsReportTheEffectiveThreads() {
    PyTorchThreads.Effective e = PyTorchThreads.apply(EngineSettings.defaults());
    assertThat(e.numThreads()).isPositive();
    assertThat(e.numInteropThreads()).isPositive();
    assertThat(e.engineVersion()).isEqualTo("2.7.1");
    assertThat(e.toString()).contains("num_threads=", "OMP_NUM_THREADS=");
    assertThatThrownBy(() -> new EngineSettings(-1, 1)).hasMessageContaining("must be >= 0");
  }
}
