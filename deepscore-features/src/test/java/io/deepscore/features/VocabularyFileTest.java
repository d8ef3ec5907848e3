package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyFileTest {
  @TempDir Path dir;

  static Vocabulary awkward() {
    return new VocabularyBuilder()
        .add("com.autohome", 9)
        .add("tab\there", 4)
        .add("back\\slash", 4)
        .add("new\nline\r", 3)
        .add("小米", 3)
        .add("# not a header", 2)
        .add("rare", 1)
        .build("apps", 2, 100);
  }

  static String text(Vocabulary v) throws Exception {
    StringWriter w = new StringWriter();
    v.write(w);
    return w.toString();
  }

  @Test
  void fileFormatIsPlainTextWithEscapedTokens() throws Exception {
    Vocabulary v = awkward();
    String expectedBody =
        "<pad>\t0\n"
            + "<oov>\t1\n"
            + "com.autohome\t9\n"
            + "back\\\\slash\t4\n"
            + "tab\\there\t4\n"
            + "new\\nline\\r\t3\n"
            + "小米\t3\n"
            + "# not a header\t2\n";
    String expectedHeader =
        "# deepscore-vocabulary: 1\n"
            + "# field: apps\n"
            + "# size: 8\n"
            + "# min_count: 2\n"
            + "# max_size: 100\n"
            + "# distinct_seen: 7\n"
            + "# total_occurrences: 26\n"
            + "# kept_occurrences: 25\n"
            + "# sha256: "
            + v.id()
            + "\n";
    assertThat(text(v)).isEqualTo(expectedHeader + expectedBody);
    // sha256 is over the escaped token lines (token + '\n'), so a script can check it without
    // unescaping.
    StringBuilder tokenLines = new StringBuilder();
    for (String line : expectedBody.split("\n")) {
      tokenLines.append(line, 0, line.lastIndexOf('\t')).append('\n');
    }
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    assertThat(v.id())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(md.digest(tokenLines.toString().getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void roundTripIsEqualAndByteIdentical() throws Exception {
    Vocabulary v = awkward();
    Path a = dir.resolve("a.vocab");
    Path b = dir.resolve("b.vocab");
    v.write(a);
    Vocabulary back = Vocabulary.read(a);
    assertThat(back).isEqualTo(v);
    assertThat(back.indexOf("tab\there")).isEqualTo(4);
    assertThat(back.indexOf("new\nline\r")).isEqualTo(5);
    back.write(b);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    v.write(b); // overwrite
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
  }

  private Path writeEdited(String from, String to) throws Exception {
    String t = text(awkward());
    assertThat(t).contains(from);
    Path p = dir.resolve("apps.vocab");
    Files.writeString(p, t.replace(from, to), StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void editedTokenFailsTheSha256CheckNamingTheFile() throws Exception {
    Path p = writeEdited("com.autohome\t9", "com.autohomf\t9");
    assertThatThrownBy(() -> Vocabulary.read(p))
        .isInstanceOf(VocabularyException.class)
        .hasMessageStartingWith(p + ": sha256 mismatch");
  }

  @Test
  void corruptedHeadersAreRefusedNamingFileAndLine() throws Exception {
    Path badVersion = writeEdited("# deepscore-vocabulary: 1", "# deepscore-vocabulary: 3");
    assertThatThrownBy(() -> Vocabulary.read(badVersion))
        .hasMessage(
            badVersion
                + " line 1: unsupported deepscore-vocabulary version '3' (supported: [1, 2])");

    Path badSize = writeEdited("# size: 8", "# size: 9");
    assertThatThrownBy(() -> Vocabulary.read(badSize))
        .hasMessage(badSize + ": header says size 9 but the file has 8 entries");

    Path unknownKey = writeEdited("# max_size: 100", "# max_sise: 100");
    assertThatThrownBy(() -> Vocabulary.read(unknownKey))
        .hasMessageStartingWith(unknownKey + " line 5: unknown header key 'max_sise' (allowed: [")
        .hasMessageContaining("max_size");

    Path badSha = writeEdited("# sha256: ", "# sha256: 00");
    assertThatThrownBy(() -> Vocabulary.read(badSha))
        .hasMessageStartingWith(badSha + ": sha256 mismatch: header says 00");
  }

  @Test
  void outOfOrderEntryIsRefusedWithItsLine() throws Exception {
    // Swap the counts of lines so the order rule breaks at id 3 (file line 9 + 3 + 1 = 13).
    Path p = writeEdited("back\\\\slash\t4\n", "back\\\\slash\t10\n");
    assertThatThrownBy(() -> Vocabulary.read(p))
        .isInstanceOf(VocabularyException.class)
        .hasMessageStartingWith(p + " line 13: ")
        .hasMessageContaining("out of order");
  }

  @Test
  void notAVocabularyFile() throws Exception {
    assertThatThrownBy(() -> Vocabulary.read(new StringReader("hello\t1\n"), "x.vocab"))
        .hasMessageStartingWith("x.vocab line 1: not a deepscore vocabulary");
  }

  @Test
  void readAllAndWriteAllUseOneFilePerField() throws Exception {
    FeatureSpec spec =
        FeatureSpec.builder()
            .name("t")
            .idColumn("id")
            .addField(
                FieldSpec.builder("apps")
                    .column("app_packages")
                    .kind(FieldKind.MULTI)
                    .maxLength(4)
                    .minCount(2)
                    .maxSize(100)
                    .build())
            .addField(
                FieldSpec.builder("model")
                    .column("device_model")
                    .kind(FieldKind.SINGLE)
                    .maxLength(1)
                    .maxSize(10)
                    .build())
            .build();
    Map<String, Vocabulary> vocabs = new LinkedHashMap<>();
    vocabs.put("apps", awkward());
    Vocabularies.writeAll(dir, vocabs);
    assertThat(dir.resolve("apps.vocab")).exists();

    assertThatThrownBy(() -> Vocabularies.readAll(dir, spec))
        .isInstanceOf(VocabularyException.class)
        .hasMessage(
            "no vocabulary for field 'model': expected file "
                + dir.resolve("model.vocab")
                + " (not found)");

    vocabs.put("model", new VocabularyBuilder().add("22101316c").build("model", 1, 10));
    Vocabularies.writeAll(dir, vocabs);
    assertThat(Vocabularies.readAll(dir, spec)).isEqualTo(vocabs);

    // A vocabulary built with other counting parameters than the spec's is stale.
    Vocabularies.writeAll(
        dir, Map.of("model", new VocabularyBuilder().add("x").build("model", 1, 11)));
    assertThatThrownBy(() -> Vocabularies.readAll(dir, spec))
        .hasMessageContaining("built with min_count 1 and max_size 11 but the spec says 1 and 10");
  }
}
