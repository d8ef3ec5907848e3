package io.deepscore.spark.parity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.spark.parity.ParityScoring.Matched;
import io.deepscore.spark.parity.ParityScoring.Scored;
import org.junit.jupiter.api.Test;

/** Matching JVM scores to a reference: by id, by order, and what is missing on either side. */
class ParityMatchTest {

  static Scored scored(String[] ids, float... scores) {
    return new Scored(ids, scores, 0);
  }

  @Test
  void matchesByIdInReferenceOrderAndListsWhatIsMissing() {
    Scored ref = scored(new String[] {"c", "a", "x", "b", "y"}, 3f, 1f, 9f, 2f, 8f);
    Scored jvm = scored(new String[] {"a", "b", "c", "z", "w"}, 1.5f, 2.5f, 3.5f, 7f, 6f);
    Matched m = ParityScoring.match(ref, jvm, 1);
    assertThat(m.ids()).containsExactly("c", "a", "b");
    assertThat(m.reference()).containsExactly(3f, 1f, 2f);
    assertThat(m.candidate()).containsExactly(3.5f, 1.5f, 2.5f);
    assertThat(m.referenceOnly()).isEqualTo(2);
    assertThat(m.firstReferenceOnly()).containsExactly("x");
    assertThat(m.candidateOnly()).isEqualTo(2);
    assertThat(m.firstCandidateOnly()).containsExactly("z");
    assertThat(m.complete()).isFalse();
  }

  @Test
  void withoutReferenceIdsRowsMatchByOrder() {
    Scored jvm = scored(new String[] {"a", "b"}, 1f, 2f);
    Matched m = ParityScoring.match(scored(null, 1.1f, 2.2f), jvm, 10);
    assertThat(m.ids()).containsExactly("a", "b");
    assertThat(m.reference()).containsExactly(1.1f, 2.2f);
    assertThat(m.complete()).isTrue();
    assertThatThrownBy(() -> ParityScoring.match(scored(null, 1f), jvm, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "the reference has 1 scores but the JVM scored 2 rows: compare the same rows (give the"
                + " reference's ids to match them by id)");
  }

  @Test
  void duplicateOrMissingIdsAreRefused() {
    Scored jvm = scored(new String[] {"a", "a"}, 1f, 2f);
    assertThatThrownBy(() -> ParityScoring.match(scored(new String[] {"a"}, 1f), jvm, 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("id 'a' occurs twice in the JVM's rows: ids must be unique");
    assertThatThrownBy(
            () -> ParityScoring.requireUniqueIds(new String[] {"a", null}, "the reference"))
        .hasMessage("row 2 of the reference has no id: every row needs one to be matched");
  }

  @Test
  void textScoresParseToTheExactFloat32() {
    float f = 0.534036756f;
    // Python's repr of the float32 value as a double, and the shortest float32 decimal
    assertThat(ReferenceScores.parseScore(Double.toString(f), "r.tsv", 0, "u")).isEqualTo(f);
    assertThat(ReferenceScores.parseScore(Float.toString(f), "r.tsv", 0, "u")).isEqualTo(f);
    assertThat(ReferenceScores.parseScore("nan", "r.tsv", 0, "u")).isNaN();
    assertThat(ReferenceScores.parseScore("-inf", "r.tsv", 0, "u"))
        .isEqualTo(Float.NEGATIVE_INFINITY);
    assertThatThrownBy(() -> ReferenceScores.parseScore("0,5", "r.csv", 6, "u7"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("reference r.csv, row 7 (id 'u7'): score '0,5' is not a number");
  }
}
