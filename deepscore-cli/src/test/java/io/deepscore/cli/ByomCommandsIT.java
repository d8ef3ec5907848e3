package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark side of bring-your-own-model on the committed fixture (python/make_byom_fixtures.py; no
 * Python needed): {@code bundle --sample} and its unknown-token warning, {@code parity --raw}
 * against references in every format, and ids missing on either side.
 */
class ByomCommandsIT {

  static final Path BYOM = VocabImportCommandTest.BYOM;
  static final String RAW = BYOM.resolve("raw.jsonl").toString();

  @TempDir static Path tmp;
  static String vocab;
  static String bundle;

  static void ok(CliRun run) {
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
  }

  static CliRun bundle(String spec, String out, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "bundle",
                "--torchscript",
                BYOM.resolve("model.pt").toString(),
                "--spec",
                spec,
                "--vocab",
                vocab,
                "--out",
                out,
                "--sample",
                RAW,
                "--sample-format",
                "json"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  @BeforeAll
  static void importAndBundle() {
    vocab = tmp.resolve("vocab").toString();
    ok(
        VocabImportCommandTest.importTables(
            BYOM.resolve("spec.json"),
            tmp.resolve("vocab"),
            List.of("device", "genres", "tags", "apps")));
    bundle = tmp.resolve("bundle").toString();
    CliRun run = bundle(BYOM.resolve("spec.json").toString(), bundle, "--max-unknown", "0.2");
    ok(run);
    assertThat(run.out())
        .contains("sample " + RAW + ": 300 rows (0 unreadable, 0 values of the wrong type)")
        .containsPattern("genres +[0-9,]+ +[0-9,]+ +[0-9.]+%  '");
    assertThat(run.err()).doesNotContain("warning");
  }

  @Test
  void aNormalisationMismatchIsAWarningNamingTheFieldAndExamples() throws Exception {
    Path lower = tmp.resolve("lowercased.json");
    // genres normalised (lower-cased) while its table holds the tokens as written
    Files.writeString(
        lower,
        Files.readString(BYOM.resolve("spec.json"))
            .replaceFirst("(\"name\": \"genres\",[^}]*?)\"normalize\": \"none\",", "$1"));
    CliRun run = bundle(lower.toString(), tmp.resolve("b-lower").toString());
    ok(run);
    assertThat(run.err())
        .containsPattern(
            "deepscore bundle: warning: field 'genres': [0-9.]+% of the sample's [0-9,]+ tokens are"
                + " unknown to its vocabulary \\(e\\.g\\. 'sci-fi', 'comedy', '.+'\\), more than"
                + " --max-unknown 5\\.0%: the data is probably normalised or tokenized differently"
                + " from the table")
        .doesNotContain("field 'device'");
  }

  CliRun parity(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("parity", "--model", bundle, "--raw", RAW, "--input-format", "json"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  @Test
  void parityOnRawRecordsAgainstATsvReference() {
    CliRun run = parity("--reference", BYOM.resolve("reference.tsv").toString());
    ok(run);
    assertThat(run.out())
        .contains(
            "raw rows in 300 = scored 300 + rejected 0",
            "ids: 300 in the reference, 300 scored in the JVM, 300 on both sides",
            "| count | 300 |",
            "parity OK");
  }

  @Test
  void missingIdsOnEitherSideAreCountedListedAndFailUnlessAllowed() throws Exception {
    List<String> lines = Files.readAllLines(BYOM.resolve("reference.tsv"));
    List<String> edited = new ArrayList<>(lines.subList(0, 1));
    edited.addAll(lines.subList(6, lines.size())); // u000000 .. u000004 gone
    edited.add("nobody\t0.5");
    Path ref = tmp.resolve("partial.tsv");
    Files.write(ref, edited);
    CliRun run = parity("--reference", ref.toString(), "--list", "3");
    assertThat(run.exitCode()).isNotIn(0, 2);
    assertThat(run.out())
        .contains(
            "ids: 296 in the reference, 300 scored in the JVM, 295 on both sides",
            "  1 reference ids have no JVM score (first 1: nobody)",
            "  5 JVM ids are not in the reference (first 3: u000000, u000001, u000002)",
            "| count | 295 |");
    assertThat(run.err())
        .contains(
            "parity: error: 1 reference ids have no JVM score and 5 JVM ids are not in the"
                + " reference (listed above): compare the same rows, or pass --allow-missing to"
                + " compare the 295 rows both have")
        .doesNotContain("\tat ");
    CliRun allowed = parity("--reference", ref.toString(), "--allow-missing");
    ok(allowed);
    assertThat(allowed.out()).contains("parity OK");
  }

  @Test
  void csvWithOtherColumnNamesAndParquetReferences() throws Exception {
    List<String> csv = new ArrayList<>(List.of("uid,p"));
    for (String line : Files.readAllLines(BYOM.resolve("reference.tsv")).subList(1, 301)) {
      csv.add(line.replace('\t', ','));
    }
    Path ref = tmp.resolve("reference.csv");
    Files.write(ref, csv);
    CliRun run =
        parity("--reference", ref.toString(), "--reference-id", "uid", "--reference-score", "p");
    ok(run);
    assertThat(run.out()).contains("| count | 300 |", "parity OK");

    CliRun noColumn = parity("--reference", ref.toString());
    assertThat(noColumn.exitCode()).isNotIn(0, 2);
    assertThat(noColumn.err())
        .contains(
            "has no column 'user_id'; its columns are [uid, p] (name them with --reference-id and"
                + " --reference-score)");

    // the Parquet output of 'deepscore score' as the reference: the same code path, bit-equal
    String scores = tmp.resolve("scores").toString();
    ok(
        CliRun.of(
            "score", "--model", bundle, "--input", RAW, "--input-format", "json", "--out", scores));
    CliRun parquet = parity("--reference", scores, "--max-abs", "0", "--p99", "0");
    ok(parquet);
    assertThat(parquet.out())
        .contains("| max | 0.00e+00 |", "| bit-identical fraction | 1.00e+00 |");
  }

  @Test
  void deepscoresTrainersRefuseTablesWithTheirOwnReservedIds() {
    CliRun run =
        CliRun.of(
            "train",
            "dnn",
            "--spec",
            BYOM.resolve("spec.json").toString(),
            "--vocab",
            vocab,
            "--train",
            tmp.resolve("no-data").toString(),
            "--out",
            tmp.resolve("trained").toString());
    assertThat(run.exitCode()).isNotIn(0, 2);
    assertThat(run.err())
        .contains(
            "train dnn: error: field 'genres': the imported table pads with id 5 and maps unknown"
                + " tokens to id 2, but deepscore's trainers (the DNN masks id 0, XGBoost skips ids"
                + " 0 and 1) need padding 0 and unknown 1")
        .doesNotContain("\tat ");
  }

  @Test
  void rawRecordsNeedReferenceIdsAndIdsAreForNpyOnly() throws Exception {
    Path npy = tmp.resolve("scores.npy");
    io.deepscore.model.interop.NpyArray.writeFloats(npy, new float[300]);
    CliRun noIds = parity("--reference", npy.toString());
    assertThat(noIds.exitCode()).isEqualTo(2);
    assertThat(noIds.err())
        .contains(
            "--raw needs the reference's ids (--ids for a .npy reference): those rows have no"
                + " fixed order");
    CliRun idsForTsv =
        parity("--reference", BYOM.resolve("reference.tsv").toString(), "--ids", npy.toString());
    assertThat(idsForTsv.exitCode()).isNotIn(0, 2);
    assertThat(idsForTsv.err())
        .contains("--ids is for a .npy reference only: the tsv reference ")
        .doesNotContain("\tat ");
  }

  @Test
  void aDuplicatedReferenceIdIsRefused() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(BYOM.resolve("reference.tsv")));
    lines.add(lines.get(1));
    Path ref = tmp.resolve("dup.tsv");
    Files.write(ref, lines);
    CliRun run = parity("--reference", ref.toString());
    assertThat(run.exitCode()).isNotIn(0, 2);
    assertThat(run.err())
        .contains("parity: error: id 'u000000' occurs twice in the reference: ids must be unique");
  }
}
