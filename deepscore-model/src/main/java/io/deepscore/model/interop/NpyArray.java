package io.deepscore.model.interop;

import io.deepscore.errors.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * One numpy array read from a {@code .npy} file or a {@code .npz} archive entry, without pickle:
 * the dtypes Python and deepscore exchange ({@code <f4}, {@code <i4}, {@code <i8}, {@code <U<n>}),
 * C order only. Floats are kept bit-exact (parity compares float32 bit patterns).
 *
 * <p>Immutable; the data is a little-endian heap buffer of at most 2 GB.
 */
public final class NpyArray {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final String descr;
  private final long[] shape;
  private final ByteBuffer data;

  private NpyArray(String descr, long[] shape, ByteBuffer data) {
    this.descr = descr;
    this.shape = shape;
    this.data = data;
  }

  /** Reads a {@code .npy} file. */
  public static NpyArray read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    }
  }

  /** Reads every array of a {@code .npz} archive, by name without {@code .npy}, archive order. */
  public static Map<String, NpyArray> readNpz(Path file) throws IOException {
    Map<String, NpyArray> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        String name = e.getName();
        if (!name.endsWith(".npy")) {
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          out.put(name.substring(0, name.length() - 4), parse(in, file + "!" + name));
        }
      }
    }
    return out;
  }

  private static NpyArray parse(InputStream in, String where) throws IOException {
    byte[] magic = in.readNBytes(8);
    if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
      throw new IOException(where + " is not a numpy .npy array (bad magic)");
    }
    int major = magic[6];
    int headerLength;
    if (major == 1) {
      byte[] len = in.readNBytes(2);
      headerLength = (len[0] & 0xff) | (len[1] & 0xff) << 8;
    } else if (major == 2 || major == 3) {
      byte[] len = in.readNBytes(4);
      headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
    } else {
      throw new IOException(where + ": .npy format version " + major + " is not supported");
    }
    String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, where, "descr");
    if (group(FORTRAN, header, where, "fortran_order").equals("True")) {
      throw new IOException(where + ": Fortran-order arrays are not supported; save a C array");
    }
    String dims = group(SHAPE, header, where, "shape").trim();
    long[] shape =
        dims.isEmpty()
            ? new long[0]
            : Arrays.stream(dims.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    long bytes = Math.multiplyExact(count, itemSize(descr, where));
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IOException(where + ": " + bytes + " bytes is too large for one array");
    }
    byte[] body = in.readNBytes((int) bytes);
    if (body.length != bytes) {
      throw new IOException(
          where + ": truncated, " + body.length + " of " + bytes + " data bytes present");
    }
    return new NpyArray(descr, shape, ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN));
  }

  private static String group(Pattern p, String header, String where, String key)
      throws IOException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IOException(where + ": .npy header has no '" + key + "': " + header.trim());
    }
    return m.group(1);
  }

  private static int itemSize(String descr, String where) throws IOException {
    switch (descr) {
      case "<f4":
      case "<i4":
        return 4;
      case "<i8":
      case "<f8":
        return 8;
      case "|b1":
      case "|i1":
      case "|u1":
        return 1;
      default:
        if (descr.startsWith("<U")) {
          return 4 * Integer.parseInt(descr.substring(2));
        }
        throw new IOException(
            where
                + ": dtype '"
                + descr
                + "' is not supported (float32 <f4, int32 <i4, int64 <i8, unicode <U)");
    }
  }

  /** The numpy dtype string, e.g. {@code <f4}. */
  public String descr() {
    return descr;
  }

  /** The shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return (int) n;
  }

  /** A float32 array's values, bit-exact. */
  public float[] floats() {
    require("<f4", "float32");
    float[] out = new float[size()];
    data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** An int32 or int64 array's values as ints (int64 must fit). */
  public int[] ints() {
    int[] out = new int[size()];
    if (descr.equals("<i4")) {
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
    } else if (descr.equals("<i8")) {
      var b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.toIntExact(b.get(i));
      }
    } else {
      throw new InvalidInputException("array of dtype " + descr + " is not int32/int64");
    }
    return out;
  }

  /** A unicode ({@code <U<n>}) array's strings (trailing NULs removed). */
  public String[] strings() {
    if (!descr.startsWith("<U")) {
      throw new InvalidInputException("array of dtype " + descr + " is not unicode (<U)");
    }
    int width = Integer.parseInt(descr.substring(2));
    var b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    String[] out = new String[size()];
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < out.length; i++) {
      sb.setLength(0);
      for (int c = 0; c < width; c++) {
        int cp = b.get(i * width + c);
        if (cp == 0) {
          break;
        }
        sb.appendCodePoint(cp);
      }
      out[i] = sb.toString();
    }
    return out;
  }

  private void require(String expected, String name) {
    if (!descr.equals(expected)) {
      throw new InvalidInputException(
          "array of dtype " + descr + " is not " + name + " (" + expected + ")");
    }
  }

  /** Writes a float32 {@code [n]} array as {@code .npy} (version 1.0), bit-exact. */
  public static void writeFloats(Path file, float[] values) throws IOException {
    ByteBuffer body = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    body.asFloatBuffer().put(values);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header("<f4", values.length));
      out.write(body.array());
    }
  }

  private static byte[] header(String descr, long n) {
    String dict =
        String.format(
            Locale.ROOT, "{'descr': '%s', 'fortran_order': False, 'shape': (%d,), }", descr, n);
    int unpadded = 10 + dict.length() + 1;
    int padded = (unpadded + 63) / 64 * 64;
    String text = dict + " ".repeat(padded - unpadded) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(MAGIC);
    out.write(1);
    out.write(0);
    out.write(text.length() & 0xff);
    out.write(text.length() >>> 8);
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "NpyArray[" + descr + " " + Arrays.toString(shape) + "]";
  }
}
