package io.deepscore.spark.score;

import io.deepscore.eval.drift.RunProfile;
import io.deepscore.spark.io.TaggedRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one output file of the scoring pass holds, counted by the writer from the rows it wrote
 * ({@link PassFormat}): accepted rows, rejected rows per (field, reason), null values per spec
 * field, per model its non-finite scores and audience, and per model the partial {@link RunProfile}
 * the partition's last row carried. Written next to the file it describes, in the same task
 * attempt's directory, so it is committed (or discarded) with that file: a retried or speculative
 * attempt's tally is never counted. The driver {@link #merge}s them. Not thread-safe.
 */
final class PassTally {
  private static final int FORMAT = 1;

  long accepted;
  final Map<String, Long> reasons = new LinkedHashMap<>(); // field + '\0' + reason -> rows
  final long[] nulls;
  final long[] nonFinite;
  final long[] audience;
  final RunProfile[] profiles;

  PassTally(int fields, int models) {
    nulls = new long[fields];
    nonFinite = new long[models];
    audience = new long[models];
    profiles = new RunProfile[models];
  }

  void reject(String field, String reason) {
    reasons.merge(field + '\0' + reason, 1L, Long::sum);
  }

  /** Adds {@code other}'s counts and profiles to this one. */
  PassTally merge(PassTally other) {
    accepted += other.accepted;
    other.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
    for (int f = 0; f < nulls.length; f++) {
      nulls[f] += other.nulls[f];
    }
    for (int m = 0; m < nonFinite.length; m++) {
      nonFinite[m] += other.nonFinite[m];
      audience[m] += other.audience[m];
      if (other.profiles[m] != null) {
        profiles[m] =
            profiles[m] == null ? other.profiles[m] : profiles[m].merge(other.profiles[m]);
      }
    }
    return this;
  }

  /**
   * The run's counts; {@code extras} per model: non-finite scores, then audience (the order {@link
   * ScoreJob} reads them in).
   */
  TaggedRows.Counts counts(List<String> fieldNames) {
    List<TaggedRows.ReasonCount> all = new ArrayList<>();
    reasons.forEach(
        (k, v) -> {
          int cut = k.indexOf('\0');
          all.add(new TaggedRows.ReasonCount(k.substring(0, cut), k.substring(cut + 1), v));
        });
    long[] extras = new long[2 * nonFinite.length];
    for (int m = 0; m < nonFinite.length; m++) {
      extras[2 * m] = nonFinite[m];
      extras[2 * m + 1] = audience[m];
    }
    return TaggedRows.Counts.of(accepted, all, fieldNames, nulls, extras);
  }

  byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(FORMAT);
      out.writeLong(accepted);
      out.writeInt(reasons.size());
      for (Map.Entry<String, Long> e : reasons.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeLong(e.getValue());
      }
      writeLongs(out, nulls);
      writeLongs(out, nonFinite);
      writeLongs(out, audience);
      for (RunProfile p : profiles) {
        byte[] json = p == null ? new byte[0] : p.toJson();
        out.writeInt(json.length);
        out.write(json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static PassTally fromBytes(byte[] b, int fields, int models, String where) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      if (in.readInt() != FORMAT) {
        throw new IOException("unknown tally format in " + where);
      }
      PassTally t = new PassTally(fields, models);
      t.accepted = in.readLong();
      for (int n = in.readInt(); n > 0; n--) {
        t.reasons.put(in.readUTF(), in.readLong());
      }
      readLongs(in, t.nulls);
      readLongs(in, t.nonFinite);
      readLongs(in, t.audience);
      for (int m = 0; m < models; m++) {
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        t.profiles[m] = json.length == 0 ? null : RunProfile.fromJson(json, where);
      }
      return t;
    }
  }

  private static void writeLongs(DataOutputStream out, long[] values) throws IOException {
    for (long v : values) {
      out.writeLong(v);
    }
  }

  private static void readLongs(DataInputStream in, long[] values) throws IOException {
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readLong();
    }
  }
}
