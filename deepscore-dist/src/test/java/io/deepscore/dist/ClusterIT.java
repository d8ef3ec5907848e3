package io.deepscore.dist;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepscore.cli.DeepScoreCli;
import io.deepscore.spark.SparkSessions;
import io.deepscore.spark.cluster.ClusterWatch;
import io.deepscore.spark.cluster.LocalCluster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * deepscore on a real Spark standalone cluster (docs/deploy.md): {@code deepscore cluster start} (a
 * master and 2 workers x 1 core, separate JVMs on 127.0.0.1), the spark-submit application of this
 * module's build scoring {@value #DEFAULT_USERS} generated users, compared with {@code local[2]}
 * scores of the same rows; then the same run losing an executor JVM mid-job. Everything it started
 * is stopped in {@link #stopCluster}, which checks that no process is left.
 *
 * <p>Sized for 2 cores; {@code -Ddeepscore.cluster.users=N} scores fewer users while developing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  static final int DEFAULT_USERS = 1_000_000;
  static final int USERS = Integer.getInteger("deepscore.cluster.users", DEFAULT_USERS);
  static final String SPEC = Path.of("..", "specs", "generated.json").toString();

  final Path work = SparkSubmit.TARGET.resolve("cluster-it");
  final Path clusterDir = work.resolve("cluster");
  final Path raw = work.resolve("raw");
  final Path sample = work.resolve("sample");
  final Path bundle = work.resolve("model");
  final Path localScores = work.resolve("scores-local");
  LocalCluster cluster;

  /** Runs a deepscore command in this JVM; fails the test unless it exits 0. */
  static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DeepScoreCli.execute(args, new PrintWriter(out), new PrintWriter(err));
    assertThat(code).as("deepscore %s%n%s%s", List.of(args), out, err).isZero();
    return out.toString();
  }

  @BeforeAll
  void dataModelAndCluster() throws IOException {
    deleteRecursively(work);
    Files.createDirectories(work);
    // A small model from 20,000 other users: speed, not quality, matters here.
    String vocab = work.resolve("vocab").toString();
    String encoded = work.resolve("encoded").toString();
    cli("generate", "--users", "20000", "--seed", "12", "--out", sample.toString());
    cli("vocab", "--spec", SPEC, "--input", sample.toString(), "--out", vocab);
    cli(
        "featurize",
        "--spec",
        SPEC,
        "--vocab",
        vocab,
        "--input",
        sample.toString(),
        "--out",
        encoded);
    cli(
        "train",
        "dnn",
        "--spec",
        SPEC,
        "--vocab",
        vocab,
        "--train",
        encoded,
        "--out",
        bundle.toString(),
        "--epochs",
        "1",
        "--embedding-dim",
        "8",
        "--hidden",
        "16",
        "--batch-size",
        "512");
    cli("generate", "--users", Integer.toString(USERS), "--seed", "11", "--out", raw.toString());
    cli(
        "score",
        "--master",
        "local[2]",
        "--model",
        bundle.toString(),
        "--input",
        raw.toString(),
        "--out",
        localScores.toString());

    String started =
        cli(
            "cluster",
            "start",
            "--dir",
            clusterDir.toString(),
            "--workers",
            "2",
            "--worker-cores",
            "1",
            "--worker-memory",
            "2g",
            "--spark-jars",
            SparkSubmit.TARGET.resolve("spark-jars.txt").toString());
    assertThat(started).contains("cluster started", "worker-2");
    cluster = LocalCluster.open(clusterDir);
    assertThat(cli("cluster", "status", "--dir", clusterDir.toString()))
        .contains("ALIVE, 2 of 2 workers alive", "running applications: none");
  }

  @AfterAll
  void stopCluster() throws IOException {
    if (cluster != null) {
      String stopped = cli("cluster", "stop", "--dir", clusterDir.toString());
      assertThat(stopped).contains("stopped");
      assertThat(processesUnder(work)).as("processes left behind").isEmpty();
      // The workers' directories hold a copy of the application's jars per executor.
      for (LocalCluster.Daemon w : cluster.workers()) {
        deleteRecursively(w.workDir());
      }
    }
  }

  @Test
  @Order(1)
  void scoresOnTheClusterAsLocalDoes() throws Exception {
    SparkSubmit run = score(cluster, "cluster", bundle.toString(), raw);
    assertThat(run.await()).as(run.output()).isZero();
    assertThat(run.output())
        .contains(
            String.format(Locale.ROOT, "rows in: %,d = scored %,d + rejected 0", USERS, USERS),
            "executor_cores=1 [from 2 registered executors] task_cpus=1 concurrent_tasks=1")
        .doesNotContain("Cannot call methods on a stopped SparkContext");
    assertSameScores(work.resolve("scores-cluster"));
  }

  @Test
  @Order(2)
  void survivesTheLossOfAnExecutorWithTheSameOutput() throws Exception {
    // This run ships the bundle with the job (--archives) instead of reading it from a path.
    Path zip = work.resolve("model.zip");
    exec(bundle, jdkTool("jar"), "--create", "--no-manifest", "--file", zip.toString(), ".");
    SparkSubmit run = score(cluster, "fault", "model", raw, "--archives", zip + "#model");
    DriverRest driver = new DriverRest(run.uiPort());
    LocalCluster.Executor victim = awaitBusyExecutor(run, driver);
    assertExecutorDefaults(victim);
    ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly); // kill -9
    int failedTasks = 0;
    while (run.isAlive()) {
      for (DriverRest.Stage s : driver.activeStages()) {
        failedTasks = Math.max(failedTasks, s.failed());
      }
      Thread.sleep(500);
    }
    assertThat(run.await()).as(run.output()).isZero();
    assertThat(failedTasks).as("a task lost with the executor was retried").isPositive();
    // Counts come from the written output, so the retried task is not counted twice.
    assertThat(run.output())
        .contains(
            String.format(Locale.ROOT, "rows in: %,d = scored %,d + rejected 0", USERS, USERS));
    assertSameScores(work.resolve("scores-fault"));
  }

  @Test
  @Order(3)
  void executorsTheWorkersCannotGiveFailInOneLine() throws Exception {
    SparkSubmit run =
        score(
            cluster,
            "too-big",
            bundle.toString(),
            sample,
            "--conf",
            "spark.executor.memory=64g",
            "--conf",
            ClusterWatch.EXECUTOR_START_TIMEOUT + "=15s");
    assertThat(run.await()).as("cluster failure").isEqualTo(7);
    assertThat(errorLine(run))
        .startsWith("deepscore score: error: no executor registered within 15 s")
        .contains("spark.executor.memory=64g", "master's web UI");
  }

  @Test
  @Order(4)
  void aKilledApplicationAndABundleChangedAfterTheDriversCheckFailInOneLine() throws Exception {
    // A: a scoring run that holds both workers' cores until the master kills it.
    SparkSubmit a = score(cluster, "killed", bundle.toString(), raw);
    DriverRest driverA = new DriverRest(a.uiPort());
    awaitRunningJob(a, driverA);
    String appA = driverA.appId().orElseThrow();

    // B: ships a copy of the bundle as an archive. Its driver checks the bundle, then its first
    // job waits for executors, since A holds every core. Its executors get their own temp dir (the
    // bundle cache's default), as if on another host.
    Path bundleB = work.resolve("model-b");
    Path zipB = work.resolve("model-b.zip");
    exec(work, Path.of("/bin/cp"), "-r", bundle.toString(), bundleB.toString());
    exec(bundleB, jdkTool("jar"), "--create", "--no-manifest", "--file", zipB.toString(), ".");
    Path executorTmp = Files.createDirectories(work.resolve("executor-tmp"));
    SparkSubmit b =
        score(
            cluster,
            "changed-bundle",
            "model",
            sample,
            "--archives",
            zipB + "#model",
            "--conf",
            "spark.executor.extraJavaOptions=-Djava.io.tmpdir=" + executorTmp);
    awaitRunningJob(b, new DriverRest(b.uiPort()));
    // Behind the driver's back, one file of the shipped bundle changes.
    Files.writeString(bundleB.resolve("vocab/apps.vocab"), "changed\n", StandardOpenOption.APPEND);
    exec(bundleB, jdkTool("jar"), "--create", "--no-manifest", "--file", zipB.toString(), ".");

    HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    cluster.webUi().resolve("/app/kill/?id=" + appA + "&terminate=true"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(a.await()).as("cluster failure").isEqualTo(7);
    assertThat(errorLine(a))
        .startsWith("deepscore score: error: the cluster ended application " + appA)
        .contains("Master removed our application: KILLED", "/stderr");
    assertThat(a.output()).doesNotContain("stopped SparkContext");

    // B's executors now start, unpack the changed archive and refuse it, naming the file.
    assertThat(b.await()).as("invalid bundle").isEqualTo(4);
    assertThat(errorLine(b)).contains("apps.vocab");
  }

  @Test
  @Order(5)
  void executorsThatCannotStartAreNamedInOneLine() throws Exception {
    // A worker without SPARK_SCALA_VERSION: Spark's launcher then looks for a source build and
    // every executor fails before it starts; the master gives up on the application.
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_SCALA_VERSION", null);
    LocalCluster bad =
        LocalCluster.start(
            cluster.sparkHome(),
            new LocalCluster.Options(
                work.resolve("bad-cluster"), 1, 1, "2g", env, Duration.ofMinutes(2)));
    try {
      SparkSubmit run = score(bad, "bad-worker", bundle.toString(), sample);
      assertThat(run.await()).as("cluster failure").isEqualTo(7);
      assertThat(errorLine(run))
          .startsWith("deepscore score: error: the cluster ended application app-")
          .contains(
              "Master removed our application: FAILED",
              "no executor could start",
              "Cannot find any build directories",
              "/stderr");
    } finally {
      bad.stop();
      deleteRecursively(bad.workers().get(0).workDir());
    }
  }

  /** The CLI's one error line (it must exist exactly once). */
  private static String errorLine(SparkSubmit run) throws IOException {
    List<String> errors =
        run.output().lines().filter(l -> l.startsWith("deepscore score: error:")).toList();
    assertThat(errors).as(run.output()).hasSize(1);
    return errors.get(0);
  }

  private static Path jdkTool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name);
  }

  private static void exec(Path dir, Path tool, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(tool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor()).as("%s", cmd).isZero();
  }

  /**
   * spark-submit of {@code deepscore score} to {@code on} with extra spark-submit options; its log
   * is {@code run-<name>.log}, its output {@code scores-<name>}.
   */
  private SparkSubmit score(
      LocalCluster on, String name, String model, Path input, String... sparkOptions)
      throws IOException {
    List<String> options = new ArrayList<>(List.of("--master", on.masterUrl()));
    options.addAll(List.of(sparkOptions));
    return SparkSubmit.start(
        on.sparkHome().sparkSubmit(),
        work.resolve("run-" + name + ".log"),
        options,
        "score",
        "--model",
        model,
        "--input",
        input.toString(),
        "--out",
        work.resolve("scores-" + name).toString());
  }

  /** Waits until the application runs a job (its driver's checks are done by then). */
  private static void awaitRunningJob(SparkSubmit run, DriverRest driver) throws Exception {
    while (run.isAlive() && driver.activeStages().isEmpty()) {
      Thread.sleep(200);
    }
    assertThat(run.isAlive()).as("the application runs a job:%n%s", run.output()).isTrue();
  }

  /** Waits until the scoring stage has finished a task and an executor runs one; returns it. */
  private LocalCluster.Executor awaitBusyExecutor(SparkSubmit run, DriverRest driver)
      throws Exception {
    while (run.isAlive()) {
      // Only the scoring stage has many tasks: one done and one running means it is under way.
      boolean scoringUnderWay =
          driver.activeStages().stream().anyMatch(s -> s.complete() >= 1 && s.active() >= 1);
      List<String> busy = driver.busyExecutors();
      if (scoringUnderWay && !busy.isEmpty()) {
        for (LocalCluster.Daemon w : cluster.workers()) {
          for (LocalCluster.Executor e : cluster.executors(w)) {
            if (busy.contains(e.executorId())) {
              return e;
            }
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the job ended before an executor could be killed:\n" + run.output());
  }

  /** The executor got the allocator variables and DJL's offline settings by default. */
  private static void assertExecutorDefaults(LocalCluster.Executor e) throws IOException {
    String environ = Files.readString(Path.of("/proc", Long.toString(e.pid()), "environ"));
    assertThat(List.of(environ.split("\0")))
        .contains(
            "MALLOC_MMAP_MAX_=0",
            "MALLOC_TRIM_THRESHOLD_=2147483648",
            "DJL_OFFLINE=true",
            "OPT_OUT_TRACKING=true");
    String cmd = ProcessHandle.of(e.pid()).flatMap(p -> p.info().commandLine()).orElse("");
    assertThat(cmd).contains("-Dai.djl.offline=true");
  }

  /** Same rows as the local[2] run, no duplicate ids, scores within 1e-6. */
  private void assertSameScores(Path clusterScores) {
    SparkSession spark = SparkSessions.forTests();
    Dataset<Row> c = spark.read().parquet(clusterScores.toString());
    Dataset<Row> l = spark.read().parquet(localScores.toString());
    Row rows = c.agg(count(lit(1)), countDistinct(col("user_id"))).first();
    assertThat(rows.getLong(0)).as("rows").isEqualTo(USERS);
    assertThat(rows.getLong(1)).as("distinct ids").isEqualTo(USERS);
    Row joined =
        c.as("c")
            .join(l.as("l"), "user_id")
            .agg(count(lit(1)), max(abs(col("c.score").minus(col("l.score")))))
            .first();
    assertThat(joined.getLong(0)).as("rows matching local[2] ids").isEqualTo(USERS);
    assertThat(((Number) joined.get(1)).doubleValue())
        .as("max |cluster - local|")
        .isLessThanOrEqualTo(1e-6);
  }

  /** Processes whose command line mentions {@code dir} (the cluster's and the drivers' JVMs). */
  static List<ProcessHandle> processesUnder(Path dir) {
    String marker = dir.toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().orElse("").contains(marker))
        .toList();
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
