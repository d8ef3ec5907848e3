package io.deepscore.spark.io;

import io.deepscore.errors.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The data files of an input path, listed once on the driver: what "no input files" and "the
 * format" are decided from, and where the JSON and CSV checks sample from.
 *
 * <p>A data file is a regular file whose path below the input has no component starting with {@code
 * _} or {@code .} (Spark's and Hadoop's hidden files: {@code _SUCCESS}, {@code .crc}, {@code
 * _temporary/}). A path that is itself a file is its own data file. Immutable.
 */
public final class InputFiles {

  private final String source;
  private final List<Path> files;

  private InputFiles(String source, List<Path> files) {
    this.source = source;
    this.files = Collections.unmodifiableList(files);
  }

  /**
   * Lists the data files under {@code source} (sorted by path).
   *
   * @throws InvalidInputException if {@code source} does not exist or cannot be listed
   */
  public static InputFiles list(Configuration hadoop, String source) {
    Path root = new Path(source);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        throw new InvalidInputException("input " + source + " does not exist");
      }
      FileStatus status = fs.getFileStatus(root);
      List<Path> out = new ArrayList<>();
      if (status.isFile()) {
        out.add(status.getPath());
      } else {
        String base = status.getPath().toUri().getPath();
        String prefix = base.endsWith("/") ? base : base + "/";
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
          Path p = it.next().getPath();
          if (!isHidden(p.toUri().getPath().substring(prefix.length()))) {
            out.add(p);
          }
        }
      }
      Collections.sort(out);
      return new InputFiles(source, out);
    } catch (IOException e) {
      throw new InvalidInputException("cannot list input " + source + ": " + e.getMessage(), e);
    }
  }

  /** Whether a path relative to the input root has a hidden component. */
  static boolean isHidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  /** The input as given. */
  public String source() {
    return source;
  }

  /** The data files, sorted by path. */
  public List<Path> files() {
    return files;
  }

  public boolean isEmpty() {
    return files.isEmpty();
  }

  /** The error of an input without data files (the same for every format). */
  public InvalidInputException noFiles() {
    return new InvalidInputException(
        "no input files in "
            + source
            + " (files whose names start with _ or . do not count): check the path, or pass"
            + " --allow-empty to write empty outputs");
  }

  /**
   * The format the file names say: every data file must name the same one.
   *
   * @throws InvalidInputException when a name says nothing or names disagree; the message names the
   *     file and asks for {@code --input-format}
   */
  public InputFormat detectFormat() {
    if (files.isEmpty()) {
      throw noFiles();
    }
    Map<InputFormat, Path> seen = new EnumMap<>(InputFormat.class);
    for (Path p : files) {
      Optional<InputFormat> f = InputFormat.ofFileName(p.getName());
      if (f.isEmpty()) {
        throw new InvalidInputException(
            "cannot tell the format of input file "
                + p
                + " from its name (expected "
                + InputFormat.KNOWN_EXTENSIONS
                + "): pass --input-format parquet, json or csv");
      }
      seen.putIfAbsent(f.get(), p);
    }
    if (seen.size() > 1) {
      throw new InvalidInputException(
          "input "
              + source
              + " mixes formats: "
              + seen
              + ": give one format per input, or pass --input-format to read all as one");
    }
    return seen.keySet().iterator().next();
  }

  /**
   * Up to {@code max} files spread evenly over the listing (first and last included), for the
   * checks that sample the data.
   */
  public List<Path> spread(int max) {
    if (files.size() <= max) {
      return files;
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      out.add(files.get((int) ((long) i * (files.size() - 1) / (max - 1))));
    }
    return out;
  }

  /**
   * The first lines of a text file, decompressed by its extension's codec; invalid UTF-8 becomes
   * U+FFFD (the readers see the same). Stops after {@code maxLines} lines or about {@code maxChars}
   * characters.
   */
  static List<String> firstLines(Configuration hadoop, Path file, int maxLines, long maxChars) {
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      CompressionCodec codec = new CompressionCodecFactory(hadoop).getCodec(file);
      try (InputStream raw = fs.open(file);
          InputStream in = codec == null ? raw : codec.createInputStream(raw);
          BufferedReader r =
              new BufferedReader(
                  new InputStreamReader(
                      in,
                      StandardCharsets.UTF_8
                          .newDecoder()
                          .onMalformedInput(CodingErrorAction.REPLACE)
                          .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        char[] buf = new char[8192];
        long chars = 0;
        // Bounded by characters, not lines: a file without line breaks must not fill the heap.
        for (int n; lines.size() < maxLines && chars < maxChars && (n = r.read(buf)) > 0; ) {
          chars += n;
          for (int i = 0; i < n && lines.size() < maxLines; i++) {
            if (buf[i] == '\n') {
              lines.add(stripCr(line));
              line.setLength(0);
            } else {
              line.append(buf[i]);
            }
          }
        }
        if (line.length() > 0 && lines.size() < maxLines && chars < maxChars) {
          lines.add(stripCr(line)); // the last line of a file without a final line break
        }
        return lines;
      }
    } catch (IOException e) {
      throw new InvalidInputException("cannot read input file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String stripCr(StringBuilder line) {
    int n = line.length();
    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
  }
}
