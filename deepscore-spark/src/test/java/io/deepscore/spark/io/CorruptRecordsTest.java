package io.deepscore.spark.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.features.FeatureSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The reason and id of records that did not parse into the spec's schema. */
class CorruptRecordsTest {

  static final FeatureSpec SPEC = FeatureSpec.read(Path.of("..", "specs", "generated.json"));

  @Test
  void replacedBytesInAWellFormedRecordAreAnEncodingProblemAndTheIdIsReadFromTheText() {
    CorruptRecords.Diagnosis d =
        CorruptRecords.diagnose(
            "{\"device_name\":\"Caf\uFFFD\",\"user_id\":\"u1\",\"app_packages\":[]}", null, SPEC);
    assertThat(d.id()).isEqualTo("u1");
    assertThat(d.column()).isNull();
    assertThat(d.reason()).startsWith("invalid UTF-8 in the record").contains("iconv");
  }

  @Test
  void aWrongTypeIsNamedEvenWhenTheRecordAlsoHoldsAReplacementCharacter() {
    CorruptRecords.Diagnosis d =
        CorruptRecords.diagnose(
            "{\"user_id\":\"u2\",\"device_name\":\"\uFFFD\",\"app_packages\":\"com.a\"}",
            "u2",
            SPEC);
    assertThat(d.column()).isEqualTo("app_packages");
    assertThat(d.reason())
        .isEqualTo("column 'app_packages' (field 'apps'): expected array<string>, found string");
  }

  @Test
  void aTruncatedLineKeepsItsIdAndALabelOfTheWrongTypeIsNamed() {
    CorruptRecords.Diagnosis cut =
        CorruptRecords.diagnose("{\"user_id\":\"u3\",\"app_packages\":[\"a\"", null, SPEC);
    assertThat(cut.id()).isEqualTo("u3");
    assertThat(cut.reason()).isEqualTo("malformed JSON record: not a complete JSON object");

    CorruptRecords.Diagnosis label =
        CorruptRecords.diagnose("{\"user_id\":\"u4\",\"label\":\"yes\"}", "u4", SPEC);
    assertThat(label.column()).isEqualTo("label");
    assertThat(label.reason()).contains("expected 0 or 1, found \"yes\"");
  }

  @Test
  void anUnreadableIdIsNoIdAndACsvLineGetsTheGenericReason() {
    assertThat(CorruptRecords.diagnose("{\"user_id\":\"u\uFFFD\",\"x\":1}", null, SPEC).id())
        .isNull();
    CorruptRecords.Diagnosis csv = CorruptRecords.diagnose("u5,a,b,c,d,e,f,g", "u5", SPEC);
    assertThat(csv.id()).isEqualTo("u5");
    assertThat(csv.reason()).isEqualTo(CorruptRecords.GENERIC);
  }
}
