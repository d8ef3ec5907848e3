package io.deepscore.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.train.TablePretrain;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Co-occurrence pretraining on a corpus where tokens come in two groups that never share a row: the
 * learned vectors must separate the groups, be the same for the same seed, and leave the tokens the
 * rows lack at the random init.
 */
class TablePretrainingTest {

  private static final int LEN = 8;
  // ids 2..11 group A, 12..21 group B, 22 never in any row
  private static final int VOCAB = 23;
  private static final int DIM = 8;

  private static final TablePretraining.Settings SETTINGS =
      new TablePretraining.Settings(5, 5, 4, 0.025f, 1e-2);

  /** Rows of field 0 with 3-6 distinct tokens of one group; field 1 single-valued. */
  private static EncodedDataset twoGroups(int rows, long seed) {
    Random rng = new Random(seed);
    int[] tokens = new int[rows * LEN];
    int[] single = new int[rows];
    int[] labels = new int[rows];
    for (int r = 0; r < rows; r++) {
      int first = rng.nextBoolean() ? 2 : 12;
      List<Integer> group = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        group.add(first + i);
      }
      java.util.Collections.shuffle(group, rng);
      int n = 3 + rng.nextInt(4);
      for (int i = 0; i < n; i++) {
        tokens[r * LEN + i] = group.get(i);
      }
      single[r] = 2 + rng.nextInt(3);
      labels[r] = r % 2;
    }
    return EncodedDataset.of(new int[] {LEN, 1}, new int[][] {tokens, single}, labels);
  }

  private static double cosine(float[] v, int a, int b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int d = 0; d < DIM; d++) {
      dot += v[a * DIM + d] * v[b * DIM + d];
      na += v[a * DIM + d] * v[a * DIM + d];
      nb += v[b * DIM + d] * v[b * DIM + d];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void tokensOfTheSameGroupEndCloserThanTokensOfTheOther() {
    TablePretraining.Vectors v =
        new TablePretraining(SETTINGS, DIM).train(twoGroups(2000, 1), 0, VOCAB, 7);
    double same = 0;
    double cross = 0;
    int nSame = 0;
    int nCross = 0;
    for (int a = 2; a < 22; a++) {
      for (int b = a + 1; b < 22; b++) {
        if ((a < 12) == (b < 12)) {
          same += cosine(v.vectors(), a, b);
          nSame++;
        } else {
          cross += cosine(v.vectors(), a, b);
          nCross++;
        }
      }
    }
    same /= nSame;
    cross /= nCross;
    assertThat(same).isGreaterThan(0.5);
    assertThat(same - cross).isGreaterThan(0.5);
    // the sanity figure the training log prints points the same way
    assertThat(v.observedCosine()).isGreaterThan(v.randomCosine() + 0.2);
    assertThat(v.pairs()).isPositive();
  }

  @Test
  void theSameSeedGivesTheSameVectorsAndAnotherSeedOthers() {
    EncodedDataset rows = twoGroups(500, 2);
    TablePretraining p = new TablePretraining(SETTINGS, DIM);
    float[] a = p.train(rows, 0, VOCAB, 3).vectors();
    assertThat(p.train(rows, 0, VOCAB, 3).vectors()).containsExactly(a);
    assertThat(Arrays.equals(p.train(rows, 0, VOCAB, 4).vectors(), a)).isFalse();
  }

  @Test
  void scalingSetsTheRootMeanSquareOfTheSeenRowsOnly() {
    TablePretraining.Vectors v =
        new TablePretraining(SETTINGS, DIM).train(twoGroups(300, 3), 0, VOCAB, 1);
    float[] s = v.scaledTo(0.1);
    double sum = 0;
    for (int i = 2 * DIM; i < 22 * DIM; i++) {
      sum += s[i] * s[i];
    }
    assertThat(Math.sqrt(sum / (20 * DIM)))
        .isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(v.seen(22)).isFalse();
    assertThat(v.seen(0)).isFalse();
    assertThat(v.seen(1)).isFalse();
    assertThat(v.seen(5)).isTrue();
  }

  @Test
  void theNetworkTakesThePretrainedRowsAndTokensNeverSeenKeepTheRandomInit() {
    EncodedDataset rows = twoGroups(400, 4);
    NetworkConfig network = NetworkConfig.dnn().withEmbeddingDim(DIM).withHiddenSizes(List.of(4));
    TrainingConfig config =
        TrainingConfig.builder()
            .seed(9)
            .pretrainTables(TablePretrain.COOC)
            .pretrainScale(1.5f)
            .build();
    DeepScoreNetwork net =
        DeepScoreNetwork.forTraining(network, new long[] {VOCAB, 5}, 0.1f, false);
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      net.initialize(m, DataType.FLOAT32, new Shape(2, LEN), new Shape(2, 1));
      float[] before0 = table(net, 0);
      float[] before1 = table(net, 1);
      List<String> notes = new ArrayList<>();
      PretrainedTables.apply(
          net,
          rows,
          config,
          new TrainingListener() {
            @Override
            public void onNote(String line) {
              notes.add(line);
            }
          });
      float[] after0 = table(net, 0);
      assertThat(notes).hasSize(2);
      assertThat(notes.get(0)).contains("pretrain cooc field 0", "cosine same-row");
      // padding, OOV and the token no row holds keep their random rows
      for (int id : new int[] {0, 1, 22}) {
        assertThat(Arrays.copyOfRange(after0, id * DIM, id * DIM + DIM))
            .containsExactly(Arrays.copyOfRange(before0, id * DIM, id * DIM + DIM));
      }
      // the seen tokens took the pretrained vectors, scaled to 1.5 x the init's standard deviation
      long seed = config.seed() * 31;
      float[] expected =
          new TablePretraining(
                  new TablePretraining.Settings(
                      3, 5, 4, PretrainedTables.LEARNING_RATE, PretrainedTables.SUBSAMPLE),
                  DIM)
              .train(rows, 0, VOCAB, seed)
              .scaledTo(1.5f * config.embeddingInitStd());
      assertThat(Arrays.copyOfRange(after0, 2 * DIM, 22 * DIM))
          .containsExactly(Arrays.copyOfRange(expected, 2 * DIM, 22 * DIM));
      // a single-valued field has no co-occurrences: untouched
      assertThat(table(net, 1)).containsExactly(before1);
    }
  }

  private static float[] table(DeepScoreNetwork net, int field) {
    return net.getChildren()
        .get(field)
        .getValue()
        .getParameters()
        .get(0)
        .getValue()
        .getArray()
        .toFloatArray();
  }
}
