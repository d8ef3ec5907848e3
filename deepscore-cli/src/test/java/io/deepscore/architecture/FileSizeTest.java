package io.deepscore.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No main-code file over {@value #MAX_LINES} lines (a project rule, docs/architecture.md). */
class FileSizeTest {

  static final int MAX_LINES = 450;

  /**
   * Files allowed over the limit, each with its reason; empty since Vocabulary.java was split (its
   * file format, rules and imports are classes of their own).
   */
  static final Set<String> KNOWN_EXCEPTIONS = Set.of();

  @Test
  void noMainSourceFileIsOverTheLimit() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> tooLong = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : (Iterable<Path>) modules::iterator) {
        Path main = module.resolve("src/main");
        if (!module.getFileName().toString().startsWith("deepscore-") || !Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          for (Path f :
              (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
            checked++;
            String rel = root.relativize(f).toString().replace('\\', '/');
            long lines;
            try (Stream<String> l = Files.lines(f)) {
              lines = l.count();
            }
            if (lines > MAX_LINES && !KNOWN_EXCEPTIONS.contains(rel)) {
              tooLong.add(rel + " (" + lines + " lines)");
            }
          }
        }
      }
    }
    assertThat(checked).as("main source files found under " + root).isGreaterThan(100);
    assertThat(tooLong).as("split these files: each class one job").isEmpty();
  }
}
