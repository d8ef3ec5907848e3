package io.deepscore.spark.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.EngineFailureException;
import io.deepscore.errors.InvalidInputException;
import io.deepscore.errors.ModelContractException;
import io.deepscore.features.EncodedBatch;
import io.deepscore.model.Scorer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The scoring job's dry run inside the pass: a task's scorer checks its first batch. */
class FirstBatchCheckTest {

  /** Scores every row with {@code value}, or throws {@code failure}. */
  private static Scorer fixed(float value, RuntimeException failure) {
    return new Scorer() {
      @Override
      public void score(EncodedBatch batch, float[] out) {
        if (failure != null) {
          throw failure;
        }
        Arrays.fill(out, 0, batch.size(), value);
      }

      @Override
      public void close() {}
    };
  }

  private static EncodedBatch rows(int n) {
    EncodedBatch b = new EncodedBatch(new int[] {2}, 4);
    for (int i = 0; i < n; i++) {
      b.appendEncoded(new int[] {1, 0});
    }
    return b;
  }

  @Test
  void aFirstBatchOfOnlyNonFiniteScoresIsCorruptWeights() {
    Scorer s = new FirstBatchCheck(fixed(Float.NaN, null), "b-1");
    assertThatThrownBy(() -> s.score(rows(3), new float[4]))
        .isInstanceOf(ModelContractException.class)
        .hasMessage(
            "model bundle b-1: all 3 scores of a task's first batch are NaN or infinite: the"
                + " weights are corrupt; re-export the bundle");
  }

  @Test
  void onlyTheFirstBatchIsChecked() {
    float[] out = new float[4];
    Scorer fine = new FirstBatchCheck(fixed(0.5f, null), "b-1");
    fine.score(rows(2), out);
    assertThat(out[1]).isEqualTo(0.5f);
    Scorer later = new FirstBatchCheck(fixed(Float.POSITIVE_INFINITY, null), "b-1");
    assertThatThrownBy(() -> later.score(rows(1), out)).isInstanceOf(ModelContractException.class);
  }

  @Test
  void aFailingEngineKeepsItsKindAndGetsTheBundle() {
    Scorer crash = new FirstBatchCheck(fixed(0, new IllegalStateException("index 9 >= 4")), "b-2");
    assertThatThrownBy(() -> crash.score(rows(1), new float[4]))
        .isInstanceOf(EngineFailureException.class)
        .hasMessage("first batch of model bundle b-2 failed: index 9 >= 4");
    Scorer typed = new FirstBatchCheck(fixed(0, new InvalidInputException("bad ids")), "b-3");
    assertThatThrownBy(() -> typed.score(rows(1), new float[4]))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("first batch of model bundle b-3 failed: ");
  }
}
