package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.features.Vocabulary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deepscore vocab import}: what it writes and every refusal as the user sees it. */
class VocabImportCommandTest {

  static final Path BYOM = Path.of("..", "deepscore-model", "src", "test", "resources", "byom");

  @TempDir Path tmp;

  /** The fixture's tables, one per field. */
  static final Map<String, String> TABLES =
      Map.of(
          "device", "device.txt", "genres", "genres.tsv", "tags", "tags.json", "apps", "apps.json");

  /**
   * Runs {@code vocab import} of the fixture's tables of {@code fields} for {@code spec} into
   * {@code out}, then the {@code extra} arguments.
   */
  static CliRun importTables(Path spec, Path out, List<String> fields, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of("vocab", "import", "--spec", spec.toString(), "--out", out.toString()));
    for (String field : fields) {
      args.addAll(
          List.of("--table", field + "=" + BYOM.resolve("tables").resolve(TABLES.get(field))));
    }
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  /** Every field but apps (each test adds its own apps table). */
  CliRun importTables(String... extra) {
    return importTables(
        BYOM.resolve("spec.json"),
        tmp.resolve("vocab"),
        List.of("device", "genres", "tags"),
        extra);
  }

  /** Exit code of a failure that is not a usage error (0 success and 2 usage excluded). */
  static final int FAILURE = -1;

  /**
   * A usage error (code 2) or a failure ({@link #FAILURE}: any code but 0 and 2) printed as one
   * line, without a stack trace.
   */
  static void failsWith(CliRun run, int code, String message) {
    if (code == FAILURE) {
      assertThat(run.exitCode()).as(run.err()).isNotIn(0, 2);
    } else {
      assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
    }
    assertThat(run.err()).contains(message).doesNotContain("\tat ");
  }

  @Test
  void importsEveryFieldKeepingItsIndices() throws Exception {
    CliRun run = importTables("--table", "apps=" + BYOM.resolve("tables/apps.json"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("imported mapping tables -> " + tmp.resolve("vocab"))
        .containsPattern("genres +genres.tsv \\(tsv\\) +14 5 \\[PAD\\] +2 \\[UNK\\] +12/14")
        .containsPattern("apps +apps.json \\(json\\) +14 1 \\[PAD\\] +0 \\[UNK\\] +none");
    Vocabulary genres = Vocabulary.read(tmp.resolve("vocab/genres.vocab"));
    assertThat(genres.origin()).isEqualTo(Vocabulary.Origin.IMPORTED);
    assertThat(genres.padId()).isEqualTo(5);
    assertThat(Files.readString(tmp.resolve("vocab/tags.vocab")))
        .startsWith("# deepscore-vocabulary: 2\n# field: tags\n# origin: imported\n");

    failsWith(
        importTables("--table", "apps=" + BYOM.resolve("tables/apps.json")),
        FAILURE,
        "vocab import: error: vocabulary " + tmp.resolve("vocab/device.vocab") + " already exists");
  }

  @Test
  void everySpecFieldNeedsATableAndOptionsNameFields() {
    failsWith(
        importTables(), 2, "no --table for field [apps]: give one mapping table per spec field");
    failsWith(
        importTables("--table", "apps=x.json", "--pad-index", "app=0"),
        2,
        "--pad-index app=...: 'app' is not a field of the spec [device, genres, tags, apps]");
    failsWith(
        importTables("--table", "apps=x.json", "--format", "apps=csv"),
        2,
        "--format apps: table format 'csv' is not one of [text, tsv, json]");
  }

  @Test
  void aBadTableIsRefusedWithFileLineAndReason() throws Exception {
    Path apps = tmp.resolve("apps.tsv");
    Files.write(apps, "<pad>\t0\n<unk>\t1\ncom.a\t2\ncom.b\t2\n".getBytes(StandardCharsets.UTF_8));
    failsWith(
        importTables("--table", "apps=" + apps),
        FAILURE,
        "vocab import: error: field 'apps', "
            + apps
            + " line 4: index 2 of 'com.b' is also the index of 'com.a' (line 3)");
    assertThat(tmp.resolve("vocab")).doesNotExist();
  }

  @Test
  void aKeepMostFrequentFieldCannotTakeAnImportedTable() throws Exception {
    Path spec = tmp.resolve("spec.json");
    Files.writeString(
        spec,
        Files.readString(BYOM.resolve("spec.json"))
            .replace(
                "\"max_length\": 8,",
                "\"max_length\": 8, \"truncation\": \"keep_most_frequent\","));
    CliRun run = importTables(spec, tmp.resolve("v"), List.of("device", "genres", "tags", "apps"));
    failsWith(
        run,
        FAILURE,
        "field 'apps' is truncated keep_most_frequent, which ranks tokens by their ids, but its"
            + " vocabulary is an imported table whose ids are not ordered by count");
  }

  @Test
  void helpHasAnExample() {
    CliRun run = CliRun.of("vocab", "import", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: deepscore vocab import", "Example");
  }

  @Test
  void countingVocabStillNeedsItsOptions() {
    failsWith(
        CliRun.of("vocab", "--spec", "s.json"),
        2,
        "Missing required options: --spec, --input and --out (or 'vocab import')");
  }
}
