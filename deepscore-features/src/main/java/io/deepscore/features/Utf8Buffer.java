package io.deepscore.features;

import java.nio.ByteBuffer;

/**
 * A reusable, growing byte buffer that {@link Utf8Value}s copy one string's UTF-8 bytes into. One
 * per encoding thread; not thread-safe.
 */
public final class Utf8Buffer {
  private byte[] bytes = new byte[256];
  private ByteBuffer view = ByteBuffer.wrap(bytes);

  /** The backing array: the last string's bytes start at index 0. */
  public byte[] array() {
    return bytes;
  }

  /**
   * The backing array as a heap {@link ByteBuffer} positioned at 0, with room for at least {@code
   * length} bytes (for copy routines that write into a {@code ByteBuffer}).
   */
  public ByteBuffer writable(int length) {
    if (bytes.length < length) {
      bytes = new byte[Math.max(length, bytes.length * 2)];
      view = ByteBuffer.wrap(bytes);
    }
    view.clear();
    return view;
  }
}
