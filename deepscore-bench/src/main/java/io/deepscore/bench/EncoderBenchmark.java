package io.deepscore.bench;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.Vocabulary;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoder throughput on one thread: raw rows (strings and string lists, shaped like the generated
 * data) into a reused {@link EncodedBatch} of {@value #BATCH} rows with the repository's {@code
 * specs/generated.json}.
 *
 * <p>Primary score: rows/s ({@code @OperationsPerInvocation(BATCH)}). Secondary {@code tokens}:
 * tokens/s, the tokens the analyzers produced (before truncation to max_length), i.e. the
 * vocabulary lookups done. {@code deviceNames=realistic} has the generator's device name noise
 * (about 40% of names need more than the ASCII fast path); {@code clean} has every name already
 * normalized (the lower bound of the normalization cost).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class EncoderBenchmark {

  /** Rows per batch, as the Spark scorer uses. */
  public static final int BATCH = 1024;

  /** Distinct raw rows cycled through (a power of two); ~16 batches, more than the caches hold. */
  static final int POOL = 16_384;

  /** Rows counted into the vocabularies (a different seed from the encoded rows). */
  static final int VOCABULARY_ROWS = 100_000;

  @Param({"realistic", "clean"})
  public String deviceNames;

  private Encoder encoder;
  private EncodedBatch batch;
  private Object[][] rows;
  private int cursor;

  /** Tokens analyzed, reported by JMH as tokens/s next to the rows/s score. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Tokens {
    public long tokens;

    @Setup(Level.Iteration)
    public void reset() {
      tokens = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    FeatureSpec spec = SyntheticUsers.spec();
    Map<String, Vocabulary> vocabularies = SyntheticUsers.vocabularies(spec, 1L, VOCABULARY_ROWS);
    encoder = new Encoder(spec, vocabularies);
    rows = new SyntheticUsers(2L, !deviceNames.equals("clean")).rows(spec, POOL);
    batch = encoder.newBatch(BATCH);

    // Describe the workload once per fork (goes to the JMH log).
    EncodedBatch all = encoder.newBatch(POOL);
    for (Object[] row : rows) {
      encoder.encodeRow(row, all);
    }
    StringBuilder sb = new StringBuilder("\n[encoder] ").append(POOL).append(" rows:");
    long tokens = 0;
    for (int f = 0; f < encoder.fieldCount(); f++) {
      tokens += all.tokens(f);
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              " %s(vocab %d, %.1f tokens/row, %.1f%% OOV, %.1f%% truncated)",
              spec.field(f).name(),
              vocabularies.get(spec.field(f).name()).size(),
              all.tokens(f) / (double) POOL,
              100.0 * all.oovTokens(f) / Math.max(1, all.tokens(f)),
              100.0 * all.truncatedRows(f) / POOL));
    }
    sb.append(String.format(java.util.Locale.ROOT, "; %.1f tokens/row", tokens / (double) POOL));
    System.out.println(sb);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public EncodedBatch encodeBatch(Tokens counter) {
    EncodedBatch b = batch;
    b.clear();
    b.resetCounters();
    int c = cursor;
    for (int i = 0; i < BATCH; i++) {
      encoder.encodeRow(rows[c], b);
      c = (c + 1) & (POOL - 1);
    }
    cursor = c;
    long t = 0;
    for (int f = 0, n = b.fieldCount(); f < n; f++) {
      t += b.tokens(f);
    }
    counter.tokens += t;
    return b;
  }
}
