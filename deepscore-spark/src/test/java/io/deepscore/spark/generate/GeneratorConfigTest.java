package io.deepscore.spark.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class GeneratorConfigTest {

  @Test
  void defaults() {
    GeneratorConfig c = GeneratorConfig.builder().users(1_000).build();
    assertThat(c.users()).isEqualTo(1_000);
    assertThat(c.seed()).isEqualTo(42L);
    assertThat(c.partitions()).isEqualTo(8);
    assertThat(c.badRowFraction()).isZero();
    assertThat(c.eventDay()).isEqualTo(LocalDate.of(2026, 11, 1));
  }

  @Test
  void defaultPartitionsGrowWithUsers() {
    assertThat(GeneratorConfig.defaultPartitions(1)).isEqualTo(8);
    assertThat(GeneratorConfig.defaultPartitions(2_000_000)).isEqualTo(8);
    assertThat(GeneratorConfig.defaultPartitions(100_000_000)).isEqualTo(400);
    assertThat(GeneratorConfig.builder().users(100).partitions(3).build().partitions())
        .isEqualTo(3);
  }

  @Test
  void rejectsNonPositiveUsersNamingTheParameter() {
    assertThatThrownBy(() -> GeneratorConfig.builder().users(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("users must be > 0, got 0");
    assertThatThrownBy(() -> GeneratorConfig.builder().users(-5).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("users must be > 0");
    assertThatThrownBy(() -> GeneratorConfig.builder().build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("users is required");
  }

  @Test
  void rejectsBadRowFractionOutOfRangeNamingTheParameter() {
    assertThatThrownBy(() -> GeneratorConfig.builder().users(10).badRowFraction(0.51).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("badRowFraction must be in [0, 0.5], got 0.51");
    assertThatThrownBy(() -> GeneratorConfig.builder().users(10).badRowFraction(-0.1).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("badRowFraction");
    assertThatThrownBy(() -> GeneratorConfig.builder().users(10).badRowFraction(Double.NaN).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("badRowFraction");
    assertThat(GeneratorConfig.builder().users(10).badRowFraction(0.5).build().badRowFraction())
        .isEqualTo(0.5);
  }

  @Test
  void rejectsNonPositivePartitions() {
    assertThatThrownBy(() -> GeneratorConfig.builder().users(10).partitions(0).build())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("partitions must be > 0, got 0");
  }
}
