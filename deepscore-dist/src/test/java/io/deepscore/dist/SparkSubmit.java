package io.deepscore.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One {@code spark-submit} of the deepscore application as docs/deploy.md shows it: the app jar of
 * this module's build, {@code --jars} with everything in {@code target/lib}, a driver web UI on a
 * free loopback port (the tests read its REST API), the driver's allocator and loopback settings in
 * its environment.
 */
final class SparkSubmit {

  static final Path TARGET = Path.of("target").toAbsolutePath();

  private final Process process;
  private final Path log;
  private final int uiPort;

  private SparkSubmit(Process process, Path log, int uiPort) {
    this.process = process;
    this.log = log;
    this.uiPort = uiPort;
  }

  /** The application jar {@code mvn package} built. */
  static Path appJar() {
    try (Stream<Path> s = Files.list(TARGET)) {
      return s.filter(p -> p.getFileName().toString().matches("deepscore-app-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no deepscore-app jar in " + TARGET));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code --jars}: every jar of {@code target/lib}, comma-separated. */
  static String libJars() {
    try (Stream<Path> s = Files.list(TARGET.resolve("lib"))) {
      return s.map(Path::toString).sorted().collect(Collectors.joining(","));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code sparkSubmit} with {@code sparkOptions} (e.g. {@code --master URL}, {@code --conf
   * k=v}) and then the application and its arguments (a deepscore command line).
   */
  static SparkSubmit start(Path sparkSubmit, Path log, List<String> sparkOptions, String... app)
      throws IOException {
    int uiPort = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(sparkSubmit.toString());
    cmd.addAll(sparkOptions);
    cmd.addAll(
        List.of(
            "--driver-memory",
            "1g",
            "--conf",
            "spark.ui.port=" + uiPort,
            "--jars",
            libJars(),
            appJar().toString()));
    cmd.addAll(Arrays.asList(app));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().put("MALLOC_MMAP_MAX_", "0");
    pb.environment().put("MALLOC_TRIM_THRESHOLD_", "2147483648");
    return new SparkSubmit(pb.start(), log, uiPort);
  }

  /** Waits for the end (at most 15 minutes, then kills it) and returns the exit code. */
  int await() throws InterruptedException {
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("spark-submit did not finish in 15 minutes: see " + log);
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything spark-submit printed (stdout and stderr). */
  String output() throws IOException {
    return Files.readString(log);
  }

  /** The driver's web UI port (its REST API is under {@code /api/v1}). */
  int uiPort() {
    return uiPort;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
