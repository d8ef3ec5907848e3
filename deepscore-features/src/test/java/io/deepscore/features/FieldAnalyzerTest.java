package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldAnalyzerTest {
  static FieldSpec.Builder field(String name, FieldKind kind) {
    return FieldSpec.builder(name).column("col_" + name).kind(kind).maxLength(4).maxSize(100);
  }

  static FieldAnalyzer analyzer(FieldKind kind, TokenizerType type, String pattern) {
    return FieldAnalyzer.of(field("f", kind).tokenizer(type, pattern).build());
  }

  @Test
  void wholeKeepsTheNormalizedString() {
    FieldAnalyzer a = analyzer(FieldKind.SINGLE, TokenizerType.WHOLE, null);
    assertThat(a.analyze("  22101316C ")).containsExactly("22101316c");
    assertThat(a.analyze("Redmi Note")).containsExactly("redmi note");
  }

  @Test
  void delimiterSplitsOnALiteralAndDropsEmptyPieces() {
    FieldAnalyzer a = analyzer(FieldKind.SINGLE, TokenizerType.DELIMITER, ".");
    // "." is a literal here, not "any char".
    assertThat(a.analyze("com.AutoHome..app.")).containsExactly("com", "autohome", "app");
    FieldAnalyzer comma = analyzer(FieldKind.SINGLE, TokenizerType.DELIMITER, ",");
    assertThat(comma.analyze(" a , b,, ,c ")).containsExactly("a", "b", "c");
  }

  @Test
  void regexSplitsOnMatchesAndDropsEmptyPieces() {
    FieldAnalyzer a = analyzer(FieldKind.SINGLE, TokenizerType.REGEX, "[^\\p{L}\\p{N}]+");
    assertThat(a.analyze("Xiaomi Redmi-Note_12 Pro (5G)"))
        .containsExactly("xiaomi", "redmi", "note", "12", "pro", "5g");
    assertThat(a.analyze("--ＸＩＡＯＭＩ　１２--")).containsExactly("xiaomi", "12");
    assertThat(a.analyze("---")).isEmpty();
  }

  @Test
  void singleRejectsNonStrings() {
    FieldAnalyzer a = analyzer(FieldKind.SINGLE, TokenizerType.WHOLE, null);
    assertThat(a.analyze((Object) null)).isEmpty();
    assertThatThrownBy(() -> a.analyze(42))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("field 'f' (column 'col_f'): expected string, found java.lang.Integer")
        .satisfies(
            e -> {
              InvalidValueException ive = (InvalidValueException) e;
              assertThat(ive.field()).isEqualTo("f");
              assertThat(ive.column()).isEqualTo("col_f");
              assertThat(ive.reason()).isEqualTo("expected string, found java.lang.Integer");
              assertThat(ive.getStackTrace()).isEmpty();
            });
  }

  @Test
  void multiNormalizesEachElementAndSkipsNullAndBlankElements() {
    FieldAnalyzer a = analyzer(FieldKind.MULTI, TokenizerType.WHOLE, null);
    List<String> raw = Arrays.asList("com.AutoHome", null, "  ", "\u3000", " com.tencent.mm ");
    assertThat(a.analyze(raw)).containsExactly("com.autohome", "com.tencent.mm");
    assertThat(a.analyze(new LinkedList<>(raw))).containsExactly("com.autohome", "com.tencent.mm");
    assertThat(a.analyze(new String[] {"B", null, "a"})).containsExactly("b", "a");
    assertThat(a.analyze(List.of())).isEmpty();
  }

  @Test
  void multiTokenizesEachElement() {
    FieldAnalyzer a = analyzer(FieldKind.MULTI, TokenizerType.DELIMITER, "|");
    assertThat(a.analyze(List.of("a|b", "c"))).containsExactly("a", "b", "c");
  }

  @Test
  void multiRejectsABareStringAndNonStringElementsBeforeEmittingAnything() {
    FieldAnalyzer a = analyzer(FieldKind.MULTI, TokenizerType.WHOLE, null);
    assertThatThrownBy(() -> a.analyze("com.autohome"))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("field 'f' (column 'col_f'): expected array<string>, found string");
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(() -> a.analyze(Arrays.asList("ok", 7), seen::add))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("element 1 of type java.lang.Integer");
    assertThat(seen).isEmpty();
    assertThatThrownBy(() -> a.analyze(Integer.valueOf(3)))
        .hasMessageEndingWith("expected array<string>, found java.lang.Integer");
  }
}
