package io.deepscore.spark.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Exports an encoded dataset as one {@code .npz} archive that {@code numpy.load} reads without
 * pickle: {@code <id column>.npy} (fixed-width unicode), the label as int32 {@code [N]} when
 * present, and one int32 {@code [N, max_length]} array per field.
 *
 * <p>Rows stream to the driver partition by partition ({@code toLocalIterator}); each array is
 * spooled to a temporary file and then stored in the archive, so the driver holds one partition at
 * a time, not the dataset. Meant for training sets (millions of rows), not for scoring volumes. The
 * archive appears at its path only when complete (written aside, then renamed).
 */
public final class NpzExport {

  private NpzExport() {}

  /** Writes {@code encoded} to the local file {@code target} and returns the number of rows. */
  public static long write(Dataset<Row> encoded, Path target) {
    StructField[] fields = encoded.schema().fields();
    long rows = encoded.count();
    int idWidth = 1;
    for (int c = 0; c < fields.length; c++) {
      if (fields[c].dataType() instanceof StringType) {
        Row r =
            encoded.agg(functions.max(functions.length(functions.col(fields[c].name())))).first();
        idWidth = r.isNullAt(0) ? 1 : Math.max(1, r.getInt(0));
      }
    }
    Path spool = null;
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      spool = Files.createTempDirectory(target.toAbsolutePath().getParent(), ".npz-spool");
      List<DataOutputStream> outs = new ArrayList<>();
      int[] widths = new int[fields.length];
      for (int c = 0; c < fields.length; c++) {
        outs.add(
            new DataOutputStream(
                new BufferedOutputStream(
                    Files.newOutputStream(spool.resolve(c + ".bin")), 1 << 16)));
      }
      ByteBuffer scratch =
          ByteBuffer.allocate(4 * Math.max(idWidth, 4096)).order(ByteOrder.LITTLE_ENDIAN);
      Iterator<Row> it = encoded.toLocalIterator();
      while (it.hasNext()) {
        Row row = it.next();
        for (int c = 0; c < fields.length; c++) {
          writeValue(outs.get(c), fields[c], row, c, idWidth, widths, scratch);
        }
      }
      for (OutputStream o : outs) {
        o.close();
      }
      // the archive is written in the spool and moved into place whole: never a half-written .npz
      Path partial = spool.resolve("archive.npz");
      try (ZipOutputStream zip =
          new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16))) {
        for (int c = 0; c < fields.length; c++) {
          zip.putNextEntry(new ZipEntry(fields[c].name() + ".npy"));
          if (fields[c].dataType() instanceof StringType) {
            NpyArrays.writeHeader(zip, NpyArrays.unicode(idWidth), rows);
          } else if (fields[c].dataType() instanceof ArrayType) {
            NpyArrays.writeHeader(zip, NpyArrays.INT32, rows, widths[c]);
          } else {
            NpyArrays.writeHeader(zip, NpyArrays.INT32, rows);
          }
          try (InputStream in = Files.newInputStream(spool.resolve(c + ".bin"))) {
            in.transferTo(zip);
          }
          zip.closeEntry();
        }
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(spool);
    }
  }

  private static void writeValue(
      DataOutputStream out,
      StructField field,
      Row row,
      int c,
      int idWidth,
      int[] widths,
      ByteBuffer scratch)
      throws IOException {
    scratch.clear();
    if (field.dataType() instanceof StringType) {
      String s = row.isNullAt(c) ? "" : row.getString(c);
      int[] cps = s.codePoints().toArray();
      for (int i = 0; i < idWidth; i++) {
        scratch.putInt(i < cps.length ? cps[i] : 0);
      }
    } else if (field.dataType() instanceof IntegerType) {
      scratch.putInt(row.getInt(c));
    } else if (field.dataType() instanceof ArrayType) {
      List<Integer> ids = row.getList(c);
      if (widths[c] == 0) {
        widths[c] = ids.size();
      } else if (widths[c] != ids.size()) {
        throw new IllegalArgumentException(
            "column '"
                + field.name()
                + "' has rows of length "
                + widths[c]
                + " and "
                + ids.size()
                + ": an encoded dataset has fixed-length arrays");
      }
      for (Integer id : ids) {
        scratch.putInt(id);
      }
    } else {
      throw new IllegalArgumentException(
          "column '"
              + field.name()
              + "' has type "
              + field.dataType().simpleString()
              + ": an encoded dataset holds string ids, int labels and array<int> fields only");
    }
    out.write(scratch.array(), 0, scratch.position());
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a leftover spool directory is harmless; the archive is what matters
    }
  }
}
