package io.deepscore.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubmitMainTest {

  @Test
  void onlyYarnClusterModeKeepsTheJvmForTheApplicationMaster() {
    assertThat(SubmitMain.exitsJvm("spark://127.0.0.1:7077", "client")).isTrue();
    assertThat(SubmitMain.exitsJvm("spark://127.0.0.1:7077", "cluster")).isTrue();
    assertThat(SubmitMain.exitsJvm("k8s://https://k:6443", "cluster")).isTrue();
    assertThat(SubmitMain.exitsJvm("yarn", "client")).isTrue();
    assertThat(SubmitMain.exitsJvm("yarn", "cluster")).isFalse();
  }
}
