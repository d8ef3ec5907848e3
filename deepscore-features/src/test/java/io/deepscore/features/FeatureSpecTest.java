package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureSpecTest {
  @TempDir Path dir;

  static final String APPS =
      "{\"name\": \"apps\", \"column\": \"app_packages\", \"kind\": \"multi\","
          + " \"max_length\": 64, \"max_size\": 50000%s}";

  /** A spec with one valid field, then {@code apps} with {@code extra} appended to its keys. */
  static String spec(String extra) {
    return "{\"format_version\": 1, \"name\": \"t\", \"id_column\": \"user_id\","
        + " \"label_column\": \"label\", \"fields\": ["
        + "{\"name\": \"model\", \"column\": \"device_model\", \"kind\": \"single\","
        + " \"max_length\": 1, \"max_size\": 10},"
        + String.format(APPS, extra)
        + "]}";
  }

  static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> FeatureSpec.fromJson(json))
        .isInstanceOf(FeatureSpecException.class)
        .hasMessage(message);
  }

  @Test
  void minimalFieldGetsDocumentedDefaults() {
    FeatureSpec s = FeatureSpec.fromJson(spec(""));
    FieldSpec apps = s.field("apps");
    assertThat(s.fieldCount()).isEqualTo(2);
    assertThat(s.fieldIndex("apps")).isEqualTo(1);
    assertThat(s.idColumn()).isEqualTo("user_id");
    assertThat(s.labelColumn()).contains("label");
    assertThat(apps.normalize()).isEqualTo(NormalizeOptions.DEFAULT);
    assertThat(apps.tokenizerType()).isEqualTo(TokenizerType.WHOLE);
    assertThat(apps.tokenizerPattern()).isEmpty();
    assertThat(apps.truncation()).isEqualTo(Truncation.KEEP_FIRST);
    assertThat(apps.minCount()).isEqualTo(1);
    assertThat(apps.required()).isFalse();
    assertThat(apps.kind()).isEqualTo(FieldKind.MULTI);
  }

  @Test
  void badEnumNamesKeyAndAllowedValues() {
    assertInvalid(
        spec(", \"tokenizer\": {\"type\": \"splitt\"}"),
        "fields[1] 'apps': tokenizer.type 'splitt' is not one of [whole, delimiter, regex]");
    assertInvalid(
        spec(", \"truncation\": \"keep_last\""),
        "fields[1] 'apps': truncation 'keep_last' is not one of [keep_first, keep_most_frequent]");
    assertInvalid(
        spec(", \"kind\": \"Multi\"").replace("\"kind\": \"multi\",", ""),
        "fields[1] 'apps': kind 'Multi' is not one of [single, multi]");
  }

  @Test
  void unknownKeysAreErrorsAtEveryLevel() {
    assertInvalid(
        spec(", \"colum\": \"x\""),
        "fields[1] 'apps': unknown key 'colum' (allowed: [name, column, kind, normalize,"
            + " tokenizer, max_length, truncation, min_count, max_size, required])");
    assertInvalid(
        spec(", \"normalize\": {\"nfc\": true}"),
        "fields[1] 'apps': unknown key 'normalize.nfc' (allowed: [normalize.nfkc,"
            + " normalize.lowercase, normalize.trim, normalize.collapse_spaces])");
    assertInvalid(
        spec("").replace("\"name\": \"t\",", "\"name\": \"t\", \"labels\": \"x\","),
        "unknown key 'labels' (allowed: [format_version, name, id_column, label_column,"
            + " fields])");
  }

  @Test
  void tokenizerPatternRules() {
    assertInvalid(
        spec(", \"tokenizer\": {\"type\": \"regex\"}"),
        "fields[1] 'apps': tokenizer.pattern is required for tokenizer.type 'regex'");
    assertInvalid(
        spec(", \"tokenizer\": {\"type\": \"delimiter\"}"),
        "fields[1] 'apps': tokenizer.pattern is required for tokenizer.type 'delimiter'");
    assertInvalid(
        spec(", \"tokenizer\": {\"type\": \"whole\", \"pattern\": \",\"}"),
        "fields[1] 'apps': tokenizer.pattern is not allowed for tokenizer.type 'whole'");
    assertThatThrownBy(
            () ->
                FeatureSpec.fromJson(
                    spec(", \"tokenizer\": {\"type\": \"regex\", \"pattern\": \"[a-\"}")))
        .isInstanceOf(FeatureSpecException.class)
        .hasMessageStartingWith(
            "fields[1] 'apps': tokenizer.pattern '[a-' is not a valid Java regex");
  }

  @Test
  void duplicateFieldName() {
    assertInvalid(
        spec("").replace("\"name\": \"apps\"", "\"name\": \"model\""),
        "fields[1] 'model': name 'model' is already used by fields[0]; field names must be unique");
  }

  @Test
  void numericRanges() {
    assertInvalid(
        spec("").replace("\"max_length\": 64", "\"max_length\": 0"),
        "fields[1] 'apps': max_length 0 is out of range [1, 4096]");
    assertInvalid(
        spec("").replace("\"max_length\": 64", "\"max_length\": 4097"),
        "fields[1] 'apps': max_length 4097 is out of range [1, 4096]");
    assertInvalid(
        spec("").replace("\"max_length\": 64", "\"max_length\": \"64\""),
        "fields[1] 'apps': max_length must be an integer, found string \"64\"");
    assertInvalid(
        spec("").replace("\"max_length\": 64", "\"max_length\": 6.5"),
        "fields[1] 'apps': max_length must be an integer, found number 6.5");
    assertInvalid(spec(", \"min_count\": 0"), "fields[1] 'apps': min_count 0 must be >= 1");
    assertInvalid(
        spec("").replace(", \"max_size\": 50000", ""),
        "fields[1] 'apps': missing required key 'max_size'");
    assertInvalid(
        spec(", \"required\": \"yes\""),
        "fields[1] 'apps': required must be a boolean (true or false), found string \"yes\"");
  }

  @Test
  void topLevelRules() {
    assertInvalid(
        spec("").replace("\"format_version\": 1", "\"format_version\": 2"),
        "format_version 2 is not supported (supported: [1])");
    assertInvalid(
        spec("").replace("\"format_version\": 1,", ""),
        "missing required key 'format_version' (supported: [1])");
    assertInvalid(
        spec("").replace("\"id_column\": \"user_id\",", ""), "missing required key 'id_column'");
    assertInvalid(
        "{\"format_version\": 1, \"name\": \"t\", \"id_column\": \"id\", \"fields\": []}",
        "fields must not be empty");
    assertInvalid(
        spec("").replace("\"column\": \"app_packages\"", "\"column\": \"label\""),
        "fields[1] 'apps': column 'label' is the label_column; a feature must not read the label");
    assertThatThrownBy(
            () -> FeatureSpec.fromJson(spec("").replace("\"t\"", "\"t\", \"name\": \"u\"")))
        .isInstanceOf(FeatureSpecException.class)
        .hasMessageContaining("invalid JSON at line 1")
        .hasMessageContaining("Duplicate field 'name'");
    assertInvalid(
        "{\"format_version\": 1, \"name\": \"t\", \"id_column\": \"id\", \"fields\": [\"apps\"]}",
        "fields[0]: field must be a JSON object, found string \"apps\"");
    assertInvalid(
        spec(", \"normalize\": true"),
        "fields[1] 'apps': normalize must be a JSON object, found boolean true");
    assertThatThrownBy(() -> FeatureSpec.fromJson(spec("") + " {}"))
        .hasMessageContaining("invalid JSON");
  }

  @Test
  void labelColumnMayBeNullOrAbsent() {
    FeatureSpec nullLabel = FeatureSpec.fromJson(spec("").replace("\"label\"", "null"));
    assertThat(nullLabel.labelColumn()).isEmpty();
    FeatureSpec absent = FeatureSpec.fromJson(spec("").replace("\"label_column\": \"label\",", ""));
    assertThat(absent).isEqualTo(nullLabel);
  }

  @Test
  void builderRunsTheSameValidation() {
    assertThatThrownBy(
            () ->
                FieldSpec.builder("apps")
                    .column("app_packages")
                    .kind(FieldKind.MULTI)
                    .tokenizer(TokenizerType.DELIMITER, null)
                    .maxLength(8)
                    .maxSize(10)
                    .build())
        .isInstanceOf(FeatureSpecException.class)
        .hasMessage("field 'apps': tokenizer.pattern is required for tokenizer.type 'delimiter'");
    assertThatThrownBy(() -> FieldSpec.builder("a b").column("c").build())
        .hasMessageContaining("name 'a b' must match");
    FieldSpec ok =
        FieldSpec.builder("apps")
            .column("c")
            .kind(FieldKind.SINGLE)
            .maxLength(2)
            .maxSize(3)
            .build();
    assertThatThrownBy(
            () -> FeatureSpec.builder().name("t").idColumn("id").addField(ok).addField(ok).build())
        .hasMessage(
            "fields[1] 'apps': name 'apps' is already used by fields[0]; field names must be unique");
  }

  @Test
  void jsonRoundTripIsEqualAndStable() throws Exception {
    FeatureSpec s =
        FeatureSpec.fromJson(
            spec(
                ", \"normalize\": {\"lowercase\": false}, \"tokenizer\": {\"type\": \"delimiter\","
                    + " \"pattern\": \"|\"}, \"truncation\": \"keep_most_frequent\","
                    + " \"min_count\": 3, \"required\": true"));
    String json = s.toJson();
    FeatureSpec back = FeatureSpec.fromJson(json);
    assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(back.id()).isEqualTo(s.id()).hasSize(64);
    assertThat(back.field("apps").normalize())
        .isEqualTo(new NormalizeOptions(true, false, true, true));
    assertThat(json)
        .startsWith(
            "{\n  \"format_version\": 1,\n  \"name\": \"t\",\n  \"id_column\": \"user_id\"");

    Path p = dir.resolve("spec.json");
    s.write(p);
    assertThat(FeatureSpec.read(p)).isEqualTo(s);
    assertThat(
            FeatureSpec.read(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "mem"))
        .isEqualTo(s);
    assertThat(FeatureSpec.fromJson(spec(""))).isNotEqualTo(s);
  }

  @Test
  void readNamesTheFile() throws Exception {
    Path p = dir.resolve("bad.json");
    Files.writeString(p, spec(", \"min_count\": -1"));
    assertThatThrownBy(() -> FeatureSpec.read(p))
        .isInstanceOf(FeatureSpecException.class)
        .hasMessage(p + ": fields[1] 'apps': min_count -1 must be >= 1");
    assertThatThrownBy(() -> FeatureSpec.read(dir.resolve("missing.json")))
        .hasMessage(dir.resolve("missing.json") + ": feature spec file not found");
  }

  @Test
  void generatedSpecInTheRepoIsValidAndCanonical() throws Exception {
    Path p = Path.of("..", "specs", "generated.json");
    FeatureSpec s = FeatureSpec.read(p);
    assertThat(s.names()).containsExactly("device_name", "device_model", "apps", "campaigns");
    assertThat(s.idColumn()).isEqualTo("user_id");
    assertThat(s.labelColumn()).contains("label");
    FieldSpec name = s.field("device_name");
    assertThat(name.tokenizerType()).isEqualTo(TokenizerType.REGEX);
    assertThat(name.maxLength()).isEqualTo(6);
    FieldSpec apps = s.field("apps");
    assertThat(apps.column()).isEqualTo("app_packages");
    assertThat(apps.kind()).isEqualTo(FieldKind.MULTI);
    assertThat(apps.truncation()).isEqualTo(Truncation.KEEP_MOST_FREQUENT);
    assertThat(apps.maxLength()).isEqualTo(64);
    assertThat(apps.minCount()).isEqualTo(3);
    assertThat(apps.maxSize()).isEqualTo(50000);
    FieldSpec campaigns = s.field("campaigns");
    assertThat(campaigns.column()).isEqualTo("ad_events");
    assertThat(campaigns.maxLength()).isEqualTo(32);
    assertThat(campaigns.maxSize()).isEqualTo(10000);
    assertThat(s.field("device_model").maxLength()).isEqualTo(1);
    // Checked in as written by toJson(), so a rewrite is a no-op diff.
    assertThat(Files.readString(p)).isEqualTo(s.toJson() + "\n");
    assertThat(FieldAnalyzer.of(name).analyze(" Xiaomi  Redmi Note 12 Pro ＸＩＡＯＭＩ"))
        .containsExactly("xiaomi", "redmi", "note", "12", "pro", "xiaomi");
  }

  @Test
  void invalidRowPolicyParsing() {
    assertThat(InvalidRowPolicy.parse(" REJECT ")).isEqualTo(InvalidRowPolicy.REJECT);
    assertThat(InvalidRowPolicy.parse("Error")).isEqualTo(InvalidRowPolicy.ERROR);
    assertThat(InvalidRowPolicy.DEFAULT).isEqualTo(InvalidRowPolicy.REJECT);
    assertThatThrownBy(() -> InvalidRowPolicy.parse("skip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid row policy 'skip' is not one of [reject, error]");
  }
}
