package io.deepscore.spark.cluster;

import io.deepscore.errors.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Spark installation as the standalone daemons and {@code spark-submit} need it: a {@code jars/}
 * directory with Spark and its dependencies, and {@code bin/spark-submit}.
 *
 * <p>{@link #assemble} makes one from jars Maven already resolved (no download): {@code jars/}
 * holds symbolic links to them, {@code bin/spark-class} and {@code bin/spark-submit} run Spark's
 * own launcher library ({@code org.apache.spark.launcher.Main}) the way a Spark distribution's
 * scripts do. {@link #existing} accepts a real Spark 4.1 distribution instead.
 */
public final class SparkHome {

  private static final String[] SCRIPTS = {"spark-class", "spark-submit"};

  private final Path dir;

  private SparkHome(Path dir) {
    this.dir = dir;
  }

  /**
   * Creates (or refreshes) {@code dir} as a Spark home whose {@code jars/} links to {@code jars}.
   *
   * @param jars Spark's jars (e.g. the lines of deepscore-dist's {@code spark-jars.txt})
   * @throws InvalidInputException if a jar does not exist or Spark's core jar is missing
   */
  public static SparkHome assemble(Path dir, List<Path> jars) {
    if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("spark-core_"))) {
      throw new InvalidInputException(
          "the Spark jars list has no spark-core jar: pass the spark-jars.txt that"
              + " 'mvn -B -pl deepscore-dist -am package' writes, or a Spark home");
    }
    try {
      Path jarsDir = dir.resolve("jars");
      Files.createDirectories(jarsDir);
      try (Stream<Path> old = Files.list(jarsDir)) {
        for (Path p : (Iterable<Path>) old::iterator) {
          Files.delete(p);
        }
      }
      for (Path jar : jars) {
        if (!Files.isRegularFile(jar)) {
          throw new InvalidInputException(
              "Spark jar " + jar + " does not exist: rebuild the jars list (mvn -B package)");
        }
        Path link = jarsDir.resolve(jar.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, jar.toAbsolutePath());
        }
      }
      Path bin = Files.createDirectories(dir.resolve("bin"));
      for (String script : SCRIPTS) {
        Path target = bin.resolve(script);
        try (InputStream in = SparkHome.class.getResourceAsStream(script)) {
          if (in == null) {
            throw new IllegalStateException("missing resource " + script + " next to SparkHome");
          }
          Files.write(target, in.readAllBytes());
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Spark home " + dir, e);
    }
    return new SparkHome(dir.toAbsolutePath());
  }

  /**
   * An existing Spark installation (a Spark 4.1 / Scala 2.13 distribution or an earlier {@link
   * #assemble}).
   *
   * @throws InvalidInputException if {@code dir} has no {@code jars/} with Spark's core jar
   */
  public static SparkHome existing(Path dir) {
    Path jars = dir.resolve("jars");
    boolean hasCore;
    try (Stream<Path> s = Files.isDirectory(jars) ? Files.list(jars) : Stream.empty()) {
      hasCore = s.anyMatch(p -> p.getFileName().toString().startsWith("spark-core_"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!hasCore) {
      throw new InvalidInputException(
          "Spark home "
              + dir
              + " has no jars/spark-core_*.jar: pass the directory of a Spark 4.1 (Scala 2.13)"
              + " distribution");
    }
    return new SparkHome(dir.toAbsolutePath());
  }

  /** Reads a classpath file (entries separated by ':' or new lines) into jar paths. */
  public static List<Path> readJarsList(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new InvalidInputException(
          "no Spark jars list at "
              + file
              + ": build it with 'mvn -B -pl deepscore-dist -am package -DskipTests', or pass"
              + " --spark-home of a Spark 4.1 distribution");
    }
    List<Path> jars = new ArrayList<>();
    try {
      for (String entry : Files.readString(file).split("[:\\n]")) {
        if (!entry.isBlank()) {
          jars.add(Path.of(entry.strip()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return jars;
  }

  /** The installation directory (SPARK_HOME). */
  public Path dir() {
    return dir;
  }

  /** The classpath of Spark's JVMs: {@code conf/} (if any) and {@code jars/*}. */
  public String classPath() {
    return dir.resolve("conf") + ":" + dir.resolve("jars") + "/*";
  }

  /** {@code bin/spark-submit}. */
  public Path sparkSubmit() {
    return dir.resolve("bin").resolve("spark-submit");
  }
}
