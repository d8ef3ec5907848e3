package io.deepscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.VocabularyImport.Format;
import io.deepscore.features.VocabularyImport.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapping tables made elsewhere: accepted forms, kept indices, and every refusal's message. */
class VocabularyImportTest {
  @TempDir Path dir;

  Path file(String name, String content) throws Exception {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  Path file(String name, byte[] content) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  Vocabulary read(Path p) {
    return VocabularyImport.read("genres", p, Options.DEFAULT);
  }

  void refused(Path p, Options o, String message) {
    assertThatThrownBy(() -> VocabularyImport.read("genres", p, o))
        .isInstanceOf(VocabularyException.class)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  void refused(Path p, String message) {
    refused(p, Options.DEFAULT, message);
  }

  @Test
  void plainTextKeepsLineNumbersAsIdsAndTokensByteForByte() throws Exception {
    Path p = file("genres.txt", "<pad>\n<unk>\nZeta\nDrama\n  spaced  \n小米 13\nSci-Fi!\n");
    Vocabulary v = read(p);
    assertThat(v.origin()).isEqualTo(Vocabulary.Origin.IMPORTED);
    assertThat(v.tokens())
        .containsExactly("<pad>", "<unk>", "Zeta", "Drama", "  spaced  ", "小米 13", "Sci-Fi!");
    assertThat(v.padId()).isZero();
    assertThat(v.unknownId()).isEqualTo(1);
    assertThat(v.indexOf("Drama")).isEqualTo(3);
    assertThat(v.indexOf("drama")).isEqualTo(1);
    assertThat(v.indexOf("  spaced  ")).isEqualTo(4);
    assertThat(v.indexOf("小米 13")).isEqualTo(5);
    // data spelled like a reserved entry never gets the padding id
    assertThat(v.indexOf("<pad>")).isEqualTo(1);
    assertThat(v.count(3)).isEqualTo(Vocabulary.UNKNOWN_COUNT);
    assertThat(v.coverage()).isNaN();
    assertThat(v.source()).isEqualTo("genres.txt (text)");
  }

  @Test
  void tsvWithReservedTokensAnywhereAndOptionalCounts() throws Exception {
    Path p = file("genres.tsv", "Drama\t0\t40\nComedy\t2\t7\n[UNK]\t3\n[PAD]\t1\n");
    Vocabulary v = read(p);
    assertThat(v.padId()).isEqualTo(1);
    assertThat(v.unknownId()).isEqualTo(3);
    assertThat(v.tokens()).containsExactly("Drama", "[PAD]", "Comedy", "[UNK]");
    assertThat(v.indexOf("Drama")).isZero();
    assertThat(v.indexOf("Horror")).isEqualTo(3);
    assertThat(v.count(0)).isEqualTo(40);
    assertThat(v.count(2)).isEqualTo(7);
    assertThat(v.count(3)).isEqualTo(Vocabulary.UNKNOWN_COUNT);
  }

  @Test
  void jsonObjectWithoutAPaddingEntryAndJsonArray() throws Exception {
    // a tokenizer that reserves 0 for padding without listing it
    Path object = file("tags.json", "{\n  \"[UNK]\": 1,\n  \"b\": 3,\n  \"a\": 2\n}\n");
    Vocabulary v = read(object);
    assertThat(v.tokens()).containsExactly("<pad>", "[UNK]", "a", "b");
    assertThat(v.padId()).isZero();
    assertThat(v.unknownId()).isEqualTo(1);

    Path array = file("apps.json", "[\"<unk>\", \"<pad>\", \"x\", \"y\"]");
    Vocabulary w = read(array);
    assertThat(w.padId()).isEqualTo(1);
    assertThat(w.unknownId()).isZero();
    assertThat(w.indexOf("y")).isEqualTo(3);
  }

  @Test
  void statedIndicesAcceptAnyTokenThere() throws Exception {
    Path p = file("genres.txt", "PADDING\nDrama\nNOT_FOUND\nComedy\n");
    Vocabulary v = VocabularyImport.read("genres", p, new Options(null, 0, 2));
    assertThat(v.padId()).isZero();
    assertThat(v.unknownId()).isEqualTo(2);
    assertThat(v.indexOf("Comedy")).isEqualTo(3);
    assertThat(v.indexOf("PADDING")).isEqualTo(2);
    // the format given explicitly wins over the file name
    Path tsvNamedTxt = file("t.txt", "<pad>\t0\n<unk>\t1\nx\t2\n");
    assertThat(VocabularyImport.read("genres", tsvNamedTxt, new Options(Format.TSV, null, null)))
        .satisfies(w -> assertThat(w.indexOf("x")).isEqualTo(2));
  }

  @Test
  void gapsAreRefusedNamingTheLineAfterTheGap() throws Exception {
    Path p = file("genres.tsv", "<pad>\t0\n<unk>\t1\nDrama\t2\nComedy\t4\n");
    refused(
        p,
        "field 'genres', "
            + p
            + " line 4: no token has index 3: indices must run from 0 to 3 without gaps (the next"
            + " index is 4, on this line)");
  }

  @Test
  void duplicateTokensAndIndicesAreRefused() throws Exception {
    Path token = file("genres.txt", "<pad>\n<unk>\nDrama\nComedy\nDrama\n");
    refused(
        token, "field 'genres', " + token + " line 5: token 'Drama' appears twice (lines 3 and 5)");
    Path index = file("genres.tsv", "<pad>\t0\n<unk>\t1\nDrama\t2\nComedy\t2\n");
    refused(
        index,
        "field 'genres', "
            + index
            + " line 4: index 2 of 'Comedy' is also the index of 'Drama' (line 3)");
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedWithLineAndByte() throws Exception {
    byte[] latin1 = "<pad>\n<unk>\nCaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Path p = file("genres.txt", latin1);
    refused(
        p,
        "field 'genres', "
            + p
            + " line 3: byte 4 (0xe9) is not valid UTF-8: save the table as UTF-8");
  }

  @Test
  void aDefaultReservedIndexHoldingARealTokenIsRefused() throws Exception {
    Path p = file("genres.txt", "Drama\nComedy\nHorror\n");
    refused(
        p,
        "field 'genres', "
            + p
            + " line 1: index 0 is the padding index by default but holds the token 'Drama', not"
            + " one of [<pad>, [PAD], <PAD>]: if it is the padding entry say so with --pad-index"
            + " genres=0, else state the padding index with --pad-index");
  }

  @Test
  void reservedIndicesThatContradictTheTableAreRefused() throws Exception {
    Path p = file("genres.tsv", "Drama\t0\n[PAD]\t1\n[UNK]\t2\n");
    refused(
        p,
        new Options(null, 0, null),
        "field 'genres', "
            + p
            + " line 2: '[PAD]' has index 1 but --pad-index says 0: fix the"
            + " table or the option");
    Path same = file("same.txt", "<pad>\nDrama\n");
    refused(
        same,
        new Options(null, null, 0),
        "field 'genres', "
            + same
            + ": the padding index and the unknown index are both 0: they must differ (state them"
            + " with --pad-index and --unknown-index)");
    Path two = file("two.txt", "<pad>\n[PAD]\n<unk>\n");
    refused(
        two,
        "field 'genres', "
            + two
            + " line 2: both '<pad>' (line 1) and '[PAD]' are spellings of the padding token: keep"
            + " one");
  }

  @Test
  void malformedLinesAreRefused() throws Exception {
    Path empty = file("e.txt", "<pad>\n<unk>\nDrama\n\nComedy\n");
    refused(empty, "field 'genres', " + empty + " line 4: empty token (index 3)");
    Path crlf = file("w.txt", "<pad>\r\n<unk>\r\n");
    refused(
        crlf,
        "field 'genres', "
            + crlf
            + " line 1: ends with a carriage return (Windows line ends): save the table with \\n"
            + " line ends");
    Path header = file("h.tsv", "token\tindex\n<pad>\t0\n");
    refused(
        header,
        "field 'genres', "
            + header
            + " line 1: index 'index' is not an integer >= 0 (a header line? the table has none:"
            + " remove it)");
    Path tabs = file("t.tsv", "<pad>\t0\na\tb\t2\t3\n");
    refused(
        tabs,
        "field 'genres', "
            + tabs
            + " line 2: expected 'token<TAB>index' or 'token<TAB>index<TAB>count', found 3 tabs in"
            + " 'a\\tb\\t2\\t3' (a token with a tab needs the JSON format)");
    Path json = file("j.json", "{\"<pad>\": 0,\n \"a\": \"1\"}");
    refused(
        json,
        "field 'genres', " + json + " line 2: the index of 'a' must be an integer >= 0, found 1");
    Path notTable = file("n.json", "42");
    refused(
        notTable,
        "field 'genres', "
            + notTable
            + ": a JSON table must be an object {\"token\": index, ...} or an array [\"token\","
            + " ...]");
    Path nothing = file("z.txt", "");
    refused(nothing, "field 'genres', " + nothing + ": the table is empty");
    Path missing = dir.resolve("missing.txt");
    refused(missing, "field 'genres': mapping table " + missing + " not found");
  }

  @Test
  void importedVocabularyFileRoundTripsByteIdenticallyAndIsVerified() throws Exception {
    Vocabulary v = read(file("genres.tsv", "Dr\\ama\t0\t40\n[PAD]\t1\n小米\t2\n[UNK]\t3\t5\n"));
    Path a = dir.resolve("a.vocab");
    v.write(a);
    String text = Files.readString(a);
    assertThat(text)
        .isEqualTo(
            "# deepscore-vocabulary: 2\n"
                + "# field: genres\n"
                + "# origin: imported\n"
                + "# source: genres.tsv (tsv)\n"
                + "# size: 4\n"
                + "# pad_id: 1\n"
                + "# unknown_id: 3\n"
                + "# sha256: "
                + v.id()
                + "\n"
                + "Dr\\\\ama\t40\n"
                + "[PAD]\t-\n"
                + "小米\t-\n"
                + "[UNK]\t5\n");
    // the content hash covers the reserved ids, then the escaped token lines
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    String hashed = "pad_id 1\nunknown_id 3\nDr\\\\ama\n[PAD]\n小米\n[UNK]\n";
    assertThat(v.id())
        .isEqualTo(
            java.util.HexFormat.of().formatHex(md.digest(hashed.getBytes(StandardCharsets.UTF_8))));

    Vocabulary back = Vocabulary.read(a);
    assertThat(back).isEqualTo(v);
    Path b = dir.resolve("b.vocab");
    back.write(b);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));

    Files.writeString(a, text.replace("# pad_id: 1", "# pad_id: 3"));
    assertThatThrownBy(() -> Vocabulary.read(a))
        .hasMessageStartingWith(
            a + ": vocabulary of field 'genres': padding id 3 and unknown id 3");
    Files.writeString(a, text.replace("# unknown_id: 3", "# unknown_id: 2"));
    assertThatThrownBy(() -> Vocabulary.read(a)).hasMessageStartingWith(a + ": sha256 mismatch");
    Files.writeString(a, text.replace("小米\t-", "Drama\t-"));
    assertThatThrownBy(() -> Vocabulary.read(a)).hasMessageStartingWith(a + ": sha256 mismatch");
    Files.writeString(a, text.replace("# origin: imported", "# origin: counted"));
    assertThatThrownBy(() -> Vocabulary.read(a))
        .hasMessage(a + ": origin 'counted' is not supported in format 2 (supported: [imported])");
  }

  @Test
  void sameTokensWithOtherReservedIdsHashDifferently() {
    Vocabulary a = Vocabulary.imported("f", List.of("p", "u", "x"), null, 0, 1, "");
    Vocabulary b = Vocabulary.imported("f", List.of("p", "u", "x"), null, 1, 0, "");
    assertThat(a.id()).isNotEqualTo(b.id());
    assertThatThrownBy(() -> Vocabulary.imported("f", List.of("p", "u", "x", "x"), null, 0, 1, ""))
        .hasMessage("vocabulary of field 'f': token 'x' appears twice (ids 2 and 3)");
  }
}
