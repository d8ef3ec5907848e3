package io.deepscore.model.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.model.train.TrainingConfig;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void epochDecayLowersTheRateAfterEveryEpochAndPlateauDecayOnlyAfterAnEpochWithoutGain() {
    LearningRateSchedule s =
        LearningRateSchedule.of(
            TrainingConfig.builder()
                .learningRate(1e-2f)
                .epochDecay(0.5f)
                .plateauDecay(0.1f)
                .build());
    assertThat(s.getNewValue(1)).isEqualTo(1e-2f);
    s.endEpoch(true);
    assertThat(s.factor()).isEqualTo(0.5f);
    s.endEpoch(true);
    assertThat(s.factor()).isEqualTo(0.25f);
    s.endEpoch(false);
    assertThat(s.factor()).isEqualTo(0.0125f);
    assertThat(s.getNewValue(1000)).isEqualTo(1e-2f * 0.0125f);
  }

  @Test
  void theDefaultsKeepTheRateConstantAfterTheWarmUp() {
    LearningRateSchedule s =
        LearningRateSchedule.of(
            TrainingConfig.builder().learningRate(1e-3f).warmupSteps(4).build());
    assertThat(s.getNewValue(1)).isEqualTo(1e-3f / 4);
    assertThat(s.getNewValue(4)).isEqualTo(1e-3f);
    s.endEpoch(true);
    s.endEpoch(false);
    assertThat(s.getNewValue(100)).isEqualTo(1e-3f);
  }
}
