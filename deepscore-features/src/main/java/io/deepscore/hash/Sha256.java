package io.deepscore.hash;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one SHA-256 helper of deepscore: every content hash (feature spec ids, vocabulary ids, bundle
 * file hashes, bundle ids, training-data hashes) is the lower-case hex of a SHA-256 digest made
 * here, so they all agree on the algorithm, the text encoding (UTF-8) and the hex form.
 *
 * <p>Use the static methods for one value, or an instance to hash a sequence incrementally ({@link
 * #update(String)}, {@link #update(byte[])}, then {@link #hex()}). An instance is not thread-safe
 * and is spent by {@link #hex()}.
 */
public final class Sha256 {

  private static final HexFormat HEX = HexFormat.of();

  private final MessageDigest digest;

  private Sha256() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform must provide SHA-256 (java.security.MessageDigest javadoc)
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** A new incremental digest. */
  public static Sha256 newDigest() {
    return new Sha256();
  }

  /** The hex SHA-256 of {@code bytes}. */
  public static String of(byte[] bytes) {
    return newDigest().update(bytes).hex();
  }

  /** The hex SHA-256 of the UTF-8 bytes of {@code text}. */
  public static String of(String text) {
    return newDigest().update(text).hex();
  }

  /**
   * The hex SHA-256 of a file's bytes, read in 64 KiB chunks.
   *
   * @throws UncheckedIOException naming the file if it cannot be read
   */
  public static String ofFile(Path file) {
    Sha256 d = newDigest();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.digest.update(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return d.hex();
  }

  /** Lower-case hex of any bytes (the form every hash here takes). */
  public static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** Adds bytes. */
  public Sha256 update(byte[] bytes) {
    digest.update(bytes);
    return this;
  }

  /** Adds {@code length} bytes of {@code bytes} from {@code offset} (a stream's buffer). */
  public Sha256 update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
    return this;
  }

  /** Adds the UTF-8 bytes of {@code text}. */
  public Sha256 update(String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Adds one byte. */
  public Sha256 update(byte b) {
    digest.update(b);
    return this;
  }

  /** Adds an int as four big-endian bytes. */
  public Sha256 update(int v) {
    return update(new int[] {v});
  }

  /** Adds every int of {@code values} as four big-endian bytes, in order. */
  public Sha256 update(int[] values) {
    ByteBuffer chunk = ByteBuffer.allocate(Math.min(values.length, 1 << 14) * Integer.BYTES);
    for (int i = 0; i < values.length; ) {
      chunk.clear();
      while (i < values.length && chunk.hasRemaining()) {
        chunk.putInt(values[i++]);
      }
      digest.update(chunk.array(), 0, chunk.position());
    }
    return this;
  }

  /** The lower-case hex of the digest of everything added; the instance is spent. */
  public String hex() {
    return hex(digest.digest());
  }
}
