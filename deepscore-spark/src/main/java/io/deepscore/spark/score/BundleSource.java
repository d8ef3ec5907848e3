package io.deepscore.spark.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.hash.Sha256;
import io.deepscore.model.bundle.BundleException;
import io.deepscore.model.bundle.ModelBundle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * A model bundle where the user keeps it, read through Hadoop's file system API: its manifest, the
 * files the manifest lists, verified (and copied) by {@link BundleFetcher}. Messages name the URI
 * the user gave. Not thread-safe; one per verification.
 */
final class BundleSource {
  final String uri;
  final org.apache.hadoop.fs.Path root;
  final FileSystem fs;

  private BundleSource(String uri, org.apache.hadoop.fs.Path root, FileSystem fs) {
    this.uri = uri;
    this.root = root;
    this.fs = fs;
  }

  static BundleSource of(String uri, Configuration hadoop) {
    org.apache.hadoop.fs.Path root = BundleFetcher.resolve(uri);
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        throw new BundleException(
            "model bundle " + uri + " does not exist (resolved to " + root + ")");
      }
      return new BundleSource(uri, fs.makeQualified(root), fs);
    } catch (IOException e) {
      throw new BundleException("cannot read model bundle " + uri + ": " + e.getMessage(), e);
    }
  }

  byte[] manifest() {
    org.apache.hadoop.fs.Path manifest = new org.apache.hadoop.fs.Path(root, ModelBundle.MANIFEST);
    try {
      if (!fs.exists(manifest)) {
        throw new BundleException(
            "model bundle "
                + uri
                + " has no "
                + ModelBundle.MANIFEST
                + ": pass the bundle directory written by 'deepscore train' or 'deepscore"
                + " bundle' (or copy the whole directory)");
      }
      try (InputStream in = fs.open(manifest)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new BundleException("cannot read model bundle " + uri + ": " + e.getMessage(), e);
    }
  }

  /** The manifest's {@code files}: path to sha256. */
  Map<String, String> listedFiles(byte[] manifest) {
    JsonNode files;
    try {
      files = new ObjectMapper().readTree(manifest).get("files");
    } catch (IOException e) {
      throw new BundleException(
          "model bundle " + uri + ": " + ModelBundle.MANIFEST + " is not valid JSON: " + e, e);
    }
    if (files == null || !files.isObject() || files.isEmpty()) {
      throw new BundleException(
          "model bundle "
              + uri
              + ": "
              + ModelBundle.MANIFEST
              + " lists no files: re-write the bundle");
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String rel = e.getKey();
      if (rel.startsWith("/") || rel.contains("\\") || List.of(rel.split("/")).contains("..")) {
        throw new BundleException(
            "model bundle "
                + uri
                + ": "
                + ModelBundle.MANIFEST
                + " lists '"
                + rel
                + "', which points outside the bundle");
      }
      out.put(rel, e.getValue().asText());
    }
    return out;
  }

  /** Refuses a file in the bundle that its manifest does not list (hidden names aside). */
  void refuseUnlisted(BundleFetcher.Content content) {
    try {
      String base = root.toUri().getPath();
      String prefix = base.endsWith("/") ? base : base + "/";
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        String rel = it.next().getPath().toUri().getPath().substring(prefix.length());
        boolean hidden = false;
        for (String part : rel.split("/")) {
          hidden |= part.startsWith(".") || part.startsWith("_");
        }
        if (!hidden && !rel.equals(ModelBundle.MANIFEST) && !content.files().containsKey(rel)) {
          throw new BundleException(
              "model bundle "
                  + uri
                  + " has file "
                  + rel
                  + ", which "
                  + ModelBundle.MANIFEST
                  + " does not list (left from another bundle or run?): remove it, or copy the"
                  + " bundle again from its source");
        }
      }
    } catch (IOException e) {
      throw new BundleException("cannot list model bundle " + uri + ": " + e.getMessage(), e);
    }
  }

  /**
   * Hashes every listed file once and compares it with {@code content}; with {@code copyTo}, also
   * writes the bytes there as they are hashed.
   */
  void transfer(BundleFetcher.Content content, Path copyTo) {
    byte[] buf = new byte[1 << 16];
    for (Map.Entry<String, String> e : content.files().entrySet()) {
      org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(root, e.getKey());
      Sha256 md = Sha256.newDigest();
      try {
        if (!fs.exists(file)) {
          throw new BundleException(
              "model bundle "
                  + uri
                  + ": file "
                  + e.getKey()
                  + " listed in "
                  + ModelBundle.MANIFEST
                  + " is missing: copy the whole bundle directory again");
        }
        Path local = copyTo == null ? null : copyTo.resolve(e.getKey());
        if (local != null) {
          Files.createDirectories(local.getParent());
        }
        try (InputStream in = fs.open(file);
            OutputStream out =
                local == null ? OutputStream.nullOutputStream() : Files.newOutputStream(local)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
          }
        }
      } catch (IOException ex) {
        throw new BundleException(
            "cannot read model bundle " + uri + ": file " + e.getKey() + ": " + ex, ex);
      }
      String actual = md.hex();
      if (!actual.equals(e.getValue())) {
        throw new BundleException(
            "model bundle "
                + uri
                + ": file "
                + e.getKey()
                + " has sha256 "
                + actual
                + " but "
                + ModelBundle.MANIFEST
                + " records "
                + e.getValue()
                + ": the file was changed or corrupted; copy the bundle again from its source");
      }
    }
  }
}
