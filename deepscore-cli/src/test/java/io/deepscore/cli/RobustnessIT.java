package io.deepscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.model.interop.NpyArray;
import io.deepscore.spark.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probes of docs/robustness.md through the command line, as a user runs them: each one's exit
 * code, its one-line message, rows in = scored + rejected where rows are involved, and never a
 * stack trace without {@code --verbose} (neither in the command's output nor in the log on stderr).
 * Ends with a {@code kill -9} of a scoring JVM mid-job: no partial output, the previous output
 * kept.
 */
class RobustnessIT {

  static final String SPEC = Path.of("..", "specs", "generated.json").toString();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Pattern ROWS =
      Pattern.compile("rows in: ([\\d,]+) = scored ([\\d,]+) \\+ rejected ([\\d,]+)");

  @TempDir static Path tmp;
  static String raw;
  static String vocab;
  static String encoded;
  static String bundle;

  /** One command's result, with what was logged on stderr while it ran. */
  record Probe(CliRun run, String log) {
    String all() {
      return run.out() + run.err() + log;
    }
  }

  static Probe probe(String... args) {
    PrintStream systemErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      CliRun run = CliRun.of(args);
      Probe p = new Probe(run, log.toString(StandardCharsets.UTF_8));
      assertThat(p.all())
          .as("no stack trace without --verbose: %s", p.all())
          .doesNotContain("\tat ");
      return p;
    } finally {
      System.setErr(systemErr);
    }
  }

  static Probe ok(String... args) {
    Probe p = probe(args);
    assertThat(p.run().exitCode()).as(p.all()).isZero();
    return p;
  }

  /** Exit code of invalid input (README). */
  static final int INVALID_INPUT = 3;

  /** Exit code of an invalid bundle (README). */
  static final int INVALID_BUNDLE = 4;

  /**
   * A failure: the exit code of its kind ({@code -1}: any failure, neither success nor usage error)
   * and one error line naming what is wrong.
   */
  static Probe fails(int code, String[] args, String... expected) {
    Probe p = probe(args);
    if (code < 0) {
      assertThat(p.run().exitCode()).as(p.all()).isNotIn(0, 2);
    } else {
      assertThat(p.run().exitCode()).as(p.all()).isEqualTo(code);
    }
    List<String> errors = p.run().err().lines().filter(l -> l.contains(": error: ")).toList();
    assertThat(errors).as(p.all()).hasSize(1);
    assertThat(errors.get(0)).contains(expected);
    return p;
  }

  /** Asserts the printed rows in = scored + rejected and returns {in, scored, rejected}. */
  static long[] rows(Probe p) {
    Matcher m = ROWS.matcher(p.run().out());
    assertThat(m.find()).as(p.all()).isTrue();
    long[] n = new long[3];
    for (int i = 0; i < 3; i++) {
      n[i] = Long.parseLong(m.group(i + 1).replace(",", ""));
    }
    assertThat(n[1] + n[2]).isEqualTo(n[0]);
    return n;
  }

  static String path(String name) {
    return tmp.resolve(name).toString();
  }

  static String[] score(String input, String out, String... extra) {
    List<String> a =
        new ArrayList<>(List.of("score", "--model", bundle, "--input", input, "--out", out));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  /** A tiny, quick training of {@code data} into {@code out}. */
  static String[] train(String data, String out) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "train", "dnn", "--spec", SPEC, "--vocab", vocab, "--train", data, "--out", out));
    a.addAll(TINY_NETWORK);
    return a.toArray(String[]::new);
  }

  /** One epoch of a small network: enough for a bundle to score with. */
  static final List<String> TINY_NETWORK =
      List.of("--epochs", "1", "--embedding-dim", "8", "--hidden", "16", "--batch-size", "256");

  /** {@code featurize} of {@code input} into {@code out} with the shared vocabularies. */
  static String[] featurize(String input, String out) {
    return new String[] {
      "featurize", "--spec", SPEC, "--vocab", vocab, "--input", input, "--out", out
    };
  }

  static SparkSession spark() {
    return SparkSessions.forTests();
  }

  @BeforeAll
  static void trainATinyBundle() {
    raw = path("raw");
    vocab = path("vocab");
    encoded = path("enc");
    bundle = path("model");
    ok("generate", "--users", "4000", "--seed", "5", "--bad-rows", "0.02", "--out", raw);
    ok("vocab", "--spec", SPEC, "--input", raw, "--out", vocab);
    ok(featurize(raw, encoded));
    ok(train(encoded, bundle));
  }

  @Test
  void damagedBundlesAreRefusedNamingTheFile() throws IOException {
    String good = path("good-scores");
    rows(ok(score(raw, good))); // the cache now holds the intact bundle's copy
    Path flipped = copyBundle("flipped");
    Path weights = flipped.resolve("model/deepscore-0000.params");
    byte[] b = Files.readAllBytes(weights);
    b[b.length / 3] ^= 0x40;
    Files.write(weights, b);
    String out = path("flipped-scores");
    String[] args = score(raw, out);
    args[2] = flipped.toString();
    fails(
        INVALID_BUNDLE,
        args,
        "model bundle " + flipped,
        "model/deepscore-0000.params",
        "was changed or corrupted");
    assertThat(Path.of(out)).doesNotExist();
  }

  private static Path copyBundle(String name) throws IOException {
    Path dst = tmp.resolve(name);
    org.apache.commons.io.FileUtils.copyDirectory(new java.io.File(bundle), dst.toFile());
    return dst;
  }

  @Test
  void inputFormatsPeopleHaveAreReadByEveryCommand() {
    String csv = path("csv");
    ok("generate", "--users", "500", "--seed", "9", "--format", "csv", "--out", csv);
    long[] n = rows(ok(score(csv, path("csv-scores"))));
    assertThat(n).containsExactly(500, 500, 0);

    String json = path("json");
    ok("generate", "--users", "500", "--seed", "9", "--format", "json", "--out", json);
    Path jsonl = tmp.resolve("jsonl");
    spark().read().text(json).write().text(jsonl.toString());
    renameParts(jsonl, ".txt", ".jsonl");
    ok("vocab", "--spec", SPEC, "--input", jsonl.toString(), "--out", path("vocab-jsonl"));
    Probe f = ok(featurize(jsonl.toString(), path("enc-jsonl")));
    assertThat(f.run().out()).contains("rows in: 500 = encoded 500 + rejected 0");
    Probe ev = ok("evaluate", "--models", bundle, "--data", json, "--out", path("report"));
    assertThat(ev.run().out()).contains("report.html");
  }

  private static void renameParts(Path dir, String from, String to) {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (name.endsWith(from)) {
          Files.move(p, p.resolveSibling(name.substring(0, name.length() - from.length()) + to));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void missingColumnsFailFastAndPartialOnesAreCounted() throws IOException {
    Path noApps = tmp.resolve("json-no-apps");
    spark().read().parquet(raw).drop("app_packages").write().json(noApps.toString());
    fails(
        INVALID_INPUT,
        score(noApps.toString(), path("no-apps-scores")),
        "column 'app_packages' (field 'apps') not found in any of the",
        "sampled JSON rows");

    Path csvDir = Files.createDirectories(tmp.resolve("csv-no-apps"));
    Files.write(
        csvDir.resolve("a.csv"), List.of("user_id,device_name,device_model,ad_events", "u1,x,y,"));
    fails(
        INVALID_INPUT,
        score(csvDir.toString(), path("csv-no-apps-scores")),
        "column 'app_packages' (field 'apps') not found in the CSV header of",
        "a.csv");
  }

  @Test
  void hostileRowsAreScoredOrRejectedWithReasons() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("hostile"));
    StringBuilder huge = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      huge.append(i == 0 ? "" : ",").append("\"p").append(i % 311).append('"');
    }
    huge.append(']');
    List<String> lines =
        List.of(
            "{\"user_id\":\"a\",\"device_name\":null,\"device_model\":\"m\",\"app_packages\":null,\"ad_events\":null}",
            "{\"user_id\":\"b\",\"device_name\":\"\",\"app_packages\":[],\"ad_events\":[]}",
            "{\"user_id\":\"c\",\"app_packages\":" + huge + "}",
            "{\"user_id\":\"d\",\"device_name\":\"" + "x".repeat(1 << 20) + "\"}",
            "{\"user_id\":\"e\",\"app_packages\":\"not a list\"}",
            "{broken json");
    Files.write(dir.resolve("hostile.jsonl"), lines);
    String out = path("hostile-scores");
    long[] n = rows(ok(score(dir.toString(), out)));
    assertThat(n).containsExactly(6, 4, 2);
    List<String> reasons =
        spark()
            .read()
            .json(out + ".rejects")
            .orderBy("id")
            .select("reason")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(reasons)
        .anySatisfy(r -> assertThat(r).contains("malformed JSON record"))
        .anySatisfy(r -> assertThat(r).contains("expected array<string>, found string"));

    // latin-1 bytes: rejected naming the encoding, the id kept
    Path latin = Files.createDirectories(tmp.resolve("latin"));
    Files.write(
        latin.resolve("a.json"),
        ("{\"device_name\":\"Caf\u00e9\",\"user_id\":\"l1\",\"device_model\":\"m\","
                + "\"app_packages\":[],\"ad_events\":[]}\n"
                + "{\"user_id\":\"l2\",\"device_name\":\"x\",\"app_packages\":[],\"ad_events\":[]}\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    String lo = path("latin-scores");
    assertThat(rows(ok(score(latin.toString(), lo)))).containsExactly(2, 1, 1);
    JsonNode reject = JSON.readTree(firstLine(lo + ".rejects"));
    assertThat(reject.get("id").asText()).isEqualTo("l1");
    assertThat(reject.get("reason").asText()).contains("invalid UTF-8");
  }

  private static String firstLine(String dir) throws IOException {
    try (Stream<Path> s = Files.list(Path.of(dir))) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith("part-") && name.endsWith(".json") && Files.size(p) > 0) {
          return Files.readAllLines(p).get(0);
        }
      }
    }
    throw new AssertionError("no rejects in " + dir);
  }

  @Test
  void aRunThatRejectsEveryRowFailsAfterWritingItsOutputs() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("all-bad"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      lines.add(
          "{\"user_id\":\"u"
              + i
              + "\",\"device_name\":\"x\",\"device_model\":\"y\","
              + "\"app_packages\":\"a|b\",\"ad_events\":[]}");
    }
    Files.write(dir.resolve("a.json"), lines);
    String out = path("all-bad-scores");
    Probe p =
        fails(
            INVALID_INPUT,
            score(dir.toString(), out),
            "every input row (20) was rejected",
            out + ".rejects");
    assertThat(rows(p)).containsExactly(20, 0, 20);
    assertThat(Path.of(out + ".rejects", "_SUCCESS")).exists();
    assertThat(
            JSON.readTree(Path.of(out, "_deepscore.json").toFile())
                .get("too_many_rejects")
                .asBoolean())
        .isTrue();

    Probe usage = probe(score(dir.toString(), path("x"), "--max-reject-fraction", "1.5"));
    assertThat(usage.run().exitCode()).isEqualTo(2);
    assertThat(usage.run().err()).contains("--max-reject-fraction must be in [0, 1], got 1.5");
  }

  @Test
  void emptyInputsUnwritableOutputsAndExistingOutputs() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.writeString(empty.resolve("_SUCCESS"), "");
    for (String format : List.of("auto", "parquet", "json", "csv")) {
      fails(
          INVALID_INPUT,
          score(empty.toString(), path("e-" + format), "--input-format", format),
          "no input files in " + empty);
    }
    assertThat(rows(ok(score(empty.toString(), path("e-ok"), "--allow-empty"))))
        .containsExactly(0, 0, 0);
    fails(INVALID_INPUT, featurize(empty.toString(), path("e-enc")), "no input files in " + empty);

    fails(
        INVALID_INPUT,
        score(raw, "/proc/deepscore-out"),
        "cannot write output path /proc/deepscore-out");

    String out = path("twice");
    ok(score(raw, out));
    fails(INVALID_INPUT, score(raw, out), "already exists (remove it or pass --overwrite)");
    rows(ok(score(raw, out, "--overwrite")));
  }

  @Test
  void aTruncatedParquetFileIsNamedAndNothingIsLeft() throws IOException {
    Path copy = tmp.resolve("truncated");
    spark().read().parquet(raw).repartition(4).write().parquet(copy.toString());
    Path victim;
    try (Stream<Path> s = Files.list(copy)) {
      victim =
          s.filter(p -> p.toString().endsWith(".parquet"))
              .sorted()
              .skip(2)
              .findFirst()
              .orElseThrow();
    }
    byte[] b = Files.readAllBytes(victim);
    Files.write(victim, java.util.Arrays.copyOf(b, b.length / 2));
    Files.deleteIfExists(victim.resolveSibling("." + victim.getFileName() + ".crc"));
    String out = path("truncated-scores");
    fails(
        INVALID_INPUT,
        score(copy.toString(), out),
        "cannot read input file",
        victim.getFileName().toString());
    assertThat(Path.of(out)).doesNotExist();
    ok(score(raw, out)); // nothing blocks the re-run
  }

  @Test
  void badSpecsOneClassDataAndParityInputsFailWithOneLine() throws IOException {
    Path spec = tmp.resolve("bad-spec.json");
    Files.writeString(
        spec, Files.readString(Path.of(SPEC)).replace("\"max_length\": 6", "\"max_len\": 6"));
    fails(
        INVALID_INPUT,
        new String[] {"vocab", "--spec", spec.toString(), "--input", raw, "--out", path("v-bad")},
        spec.toString());

    String oneClass = path("one-class");
    spark()
        .read()
        .parquet(encoded)
        .filter(functions.col("label").equalTo(0))
        .write()
        .parquet(oneClass);
    fails(INVALID_INPUT, train(oneClass, path("one-class-model")), "both classes");

    Path shortRef = tmp.resolve("short.npy");
    NpyArray.writeFloats(shortRef, new float[] {0.1f, 0.2f});
    fails(
        INVALID_INPUT,
        new String[] {
          "parity", "--model", bundle, "--data", encoded, "--reference", shortRef.toString()
        },
        "the reference has 2 scores");

    Path f64 = tmp.resolve("float64.npy");
    writeFloat64Npy(f64, new double[] {0.1, 0.2});
    fails(
        INVALID_INPUT,
        new String[] {
          "parity", "--model", bundle, "--data", encoded, "--reference", f64.toString()
        },
        "reference " + f64,
        "float32");
  }

  @Test
  void picklesAndFilesThatAreNoModelAreRefused() throws IOException {
    Path golden = Path.of("..", "deepscore-model", "src", "test", "resources", "golden");
    Path notAModel = tmp.resolve("notes.pt");
    Files.writeString(notAModel, "these are my notes, not a model");
    for (Path model : List.of(golden.resolve("bad/checkpoint.pt"), notAModel)) {
      fails(
          -1,
          new String[] {
            "bundle",
            "--torchscript",
            model.toString(),
            "--spec",
            golden.resolve("spec.json").toString(),
            "--vocab",
            golden.resolve("vocab").toString(),
            "--out",
            path("refused-" + model.getFileName())
          },
          model.getFileName().toString());
    }
  }

  private static void writeFloat64Npy(Path file, double[] values) throws IOException {
    String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
    int total = 10 + header.length() + 1;
    header = header + " ".repeat((64 - total % 64) % 64) + "\n";
    ByteBuffer buf =
        ByteBuffer.allocate(10 + header.length() + 8 * values.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put((byte) 0x93)
        .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
        .put((byte) 1)
        .put((byte) 0)
        .putShort((short) header.length())
        .put(header.getBytes(StandardCharsets.US_ASCII));
    for (double v : values) {
      buf.putDouble(v);
    }
    Files.write(file, buf.array());
  }

  @Test
  void aKilledScoringJvmLeavesNoPartialOutputAndKeepsThePreviousOne() throws Exception {
    String input = path("kill-input");
    ok("generate", "--users", "60000", "--seed", "8", "--out", input);
    String out = path("kill-scores");

    killMidJob(input, out);
    assertThat(Path.of(out)).as("a killed first run leaves no output").doesNotExist();
    assertThat(Path.of(out + ".rejects")).doesNotExist();

    long[] n = rows(ok(score(input, out)));
    String runId = JSON.readTree(Path.of(out, "_deepscore.json").toFile()).get("run_id").asText();

    killMidJob(input, out, "--overwrite");
    assertThat(JSON.readTree(Path.of(out, "_deepscore.json").toFile()).get("run_id").asText())
        .as("the previous complete output is kept")
        .isEqualTo(runId);
    assertThat(spark().read().parquet(out).count()).isEqualTo(n[1]);
  }

  /**
   * Starts {@code score} in its own JVM and kills it (SIGKILL) once its output is being written.
   */
  private static void killMidJob(String input, String out, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-D")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(DeepScoreCli.class.getName());
    // tiny batches: a long scoring pass, so the kill lands while the output is being written
    cmd.addAll(List.of(score(input, out, "--batch-size", "2", "--master", "local[1]")));
    cmd.addAll(List.of(extra));
    Path log = tmp.resolve("killed-" + System.nanoTime() + ".log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Path parent = Path.of(out).getParent();
      String staging = "." + Path.of(out).getFileName() + ".deepscore-";
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      Optional<Path> writing = Optional.empty();
      while (writing.isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
        try (Stream<Path> s = Files.list(parent)) {
          writing =
              s.filter(d -> d.getFileName().toString().startsWith(staging))
                  .filter(d -> Files.isDirectory(d.resolve("_temporary")))
                  .findFirst();
        }
        Thread.sleep(20);
      }
      assertThat(writing)
          .as("the job was writing its output: %s", Files.readString(log))
          .isPresent();
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
      }
    }
  }
}
