package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizerTest {
  private final Normalizer all = Normalizer.of(NormalizeOptions.DEFAULT);

  @Test
  void fullWidthLettersAndDigitsBecomeAsciiLowerCase() {
    assertThat(all.normalize("ＸＩＡＯＭＩ")).isEqualTo("xiaomi");
    assertThat(all.normalize("Ｒｅｄｍｉ　Ｎｏｔｅ　１２")).isEqualTo("redmi note 12");
    assertThat(all.normalize("２２１０１３１６Ｃ")).isEqualTo("22101316c");
  }

  @Test
  void nfkcWithoutLowercaseKeepsCase() {
    Normalizer n = Normalizer.of(new NormalizeOptions(true, false, true, true));
    assertThat(n.normalize("ＸＩＡＯＭＩ")).isEqualTo("XIAOMI");
  }

  @Test
  void ideographicSpaceAndNbspAreTrimmedAndCollapsed() {
    assertThat(all.normalize("\u3000Xiaomi\u00a0\u00a0Redmi\u3000")).isEqualTo("xiaomi redmi");
    // Without NFKC they are still whitespace for trim and collapse.
    Normalizer noNfkc = Normalizer.of(new NormalizeOptions(false, true, true, true));
    assertThat(noNfkc.normalize("\u3000a\u00a0\u3000b\u00a0")).isEqualTo("a b");
  }

  @Test
  void mixedCaseAndWhitespaceRuns() {
    assertThat(all.normalize("  Xiaomi \t\n Redmi   Note 12 PRO "))
        .isEqualTo("xiaomi redmi note 12 pro");
  }

  @Test
  void whitespaceOnlyBecomesEmpty() {
    assertThat(all.normalize(" \t\u3000\u00a0 ")).isEmpty();
    assertThat(all.normalize("")).isEmpty();
  }

  @Test
  void alreadyCleanAsciiIsReturnedAsIs() {
    String s = "com.autohome";
    assertThat(all.normalize(s)).isSameAs(s);
    String spaced = "redmi note 12";
    assertThat(all.normalize(spaced)).isSameAs(spaced);
  }

  @Test
  void eachStepCanBeSwitchedOff() {
    Normalizer none = Normalizer.of(NormalizeOptions.NONE);
    assertThat(none.normalize(" ＡB  c ")).isEqualTo(" ＡB  c ");
    Normalizer trimOnly = Normalizer.of(new NormalizeOptions(false, false, true, false));
    assertThat(trimOnly.normalize("  A \t B  ")).isEqualTo("A \t B");
    Normalizer collapseOnly = Normalizer.of(new NormalizeOptions(false, false, false, true));
    assertThat(collapseOnly.normalize("  A \t B  ")).isEqualTo(" A B ");
  }

  @Test
  void latin1IsNotMistakenForCleanAscii() {
    assertThat(all.normalize("km\u00b2")).isEqualTo("km2");
    assertThat(all.normalize("\u00c0B")).isEqualTo("\u00e0b");
    assertThat(all.normalize("a\u00a0b")).isEqualTo("a b");
  }

  @Test
  void lowercaseUsesRootLocale() {
    // In a Turkish locale "I" would lower-case to a dotless i.
    assertThat(all.normalize("IPHONE")).isEqualTo("iphone");
  }
}
