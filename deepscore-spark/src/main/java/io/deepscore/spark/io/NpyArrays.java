package io.deepscore.spark.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes the header of numpy's {@code .npy} format (version 1.0), so Python reads deepscore's
 * encoded datasets with nothing but numpy ({@code numpy.load}). The data that follows the header is
 * C-order, little-endian.
 *
 * <p>Format: magic {@code \x93NUMPY}, version 1.0, a little-endian uint16 header length, then a
 * Python dict literal padded with spaces and a newline so the data starts at a multiple of 64.
 */
public final class NpyArrays {

  private NpyArrays() {}

  /** dtype of little-endian int32 arrays. */
  public static final String INT32 = "<i4";

  /** dtype of little-endian float32 arrays. */
  public static final String FLOAT32 = "<f4";

  /** dtype of fixed-width unicode strings of {@code chars} UTF-32LE code points. */
  public static String unicode(int chars) {
    return "<U" + Math.max(1, chars);
  }

  /** Writes a {@code .npy} header for a C-order array of {@code dtype} and {@code shape}. */
  public static void writeHeader(OutputStream out, String dtype, long... shape) throws IOException {
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      dims.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) {
        dims.append(shape.length == 1 ? "," : ", ");
      }
    }
    dims.append(')');
    String dict =
        String.format(
            Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': %s, }", dtype, dims);
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    byte[] bytes = header.getBytes(StandardCharsets.US_ASCII);
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(bytes.length & 0xff);
    out.write((bytes.length >>> 8) & 0xff);
    out.write(bytes);
  }
}
