package io.deepscore.bench;

import io.deepscore.features.EncodedBatch;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.Scorer;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.interop.NpyArray;
import io.deepscore.model.xgboost.CsrRows;
import io.deepscore.model.xgboost.MultiHotLayout;
import io.deepscore.model.xgboost.XgboostScoringModel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The XGBoost scoring path on pre-encoded rows of an XGBoost bundle, split into its stages so their
 * shares can be read from the differences: {@code path=csr} builds the multi-hot CSR rows only;
 * {@code matrix} also creates and frees the {@code DMatrix}; {@code scorer} is the whole production
 * {@link Scorer} (CSR, DMatrix, {@code Booster.predict}, copy); {@code baseline} is the scorer as
 * it was before it was tuned (allocating CSR, a {@code DMatrix} with XGBoost's default threads,
 * {@code float[][]} predictions), kept to measure old and new side by side in one run.
 *
 * <p>Params: {@code bundle}, an XGBoost bundle; {@code data}, a {@code .npz} of rows encoded with
 * that bundle's spec and vocabularies ({@code deepscore featurize --format npz}); {@code
 * batchSize}; {@code threads}, XGBoost's {@code nthread} per scorer (1 = the Spark layout). Run
 * with {@code -t 2} for two tasks. Each iteration also prints the process CPU time per 1,000 rows
 * (all threads, so OpenMP workers spinning outside the measured threads show up there).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class XgboostBenchmark {

  /** The model, the encoded batches and the CPU clock, shared by all benchmark threads. */
  @State(Scope.Benchmark)
  public static class ModelState {
    @Param({""})
    public String bundle;

    @Param({""})
    public String data;

    @Param({"1024", "4096"})
    public int batchSize;

    @Param({"1"})
    public int threads;

    @Param({"scorer", "baseline", "csr", "matrix"})
    public String path;

    XgboostScoringModel model;
    byte[] modelBytes;
    EncodedBatch[] batches;
    final AtomicLong rows = new AtomicLong();
    long cpuAtStart;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      if (bundle.isEmpty() || data.isEmpty()) {
        throw new IllegalArgumentException("give -p bundle=XGBOOST_BUNDLE -p data=ENCODED.npz");
      }
      ModelBundle b = ModelBundle.open(Path.of(bundle));
      model = (XgboostScoringModel) b.loadModel(EngineSettings.threads(threads));
      modelBytes = java.nio.file.Files.readAllBytes(b.file(b.manifest().modelFile()));
      batches = batches(NpyArray.readNpz(Path.of(data)), b.encoder().spec(), batchSize);
      if (path.equals("scorer")) {
        verify();
      }
      System.out.printf(
          Locale.ROOT,
          "%n[xgboost] bundle %s, %d batches of %d rows from %s, nthread %d, path %s%n",
          b.manifest().bundleId(),
          batches.length,
          batchSize,
          data,
          threads,
          path);
    }

    /** Every batch through the scorer and the baseline: the raw float bits must be equal. */
    private void verify() throws IOException {
      float[] a = new float[batchSize];
      float[] b = new float[batchSize];
      long mismatches = 0;
      try (Scorer scorer = model.newScorer()) {
        Booster booster = ml.dmlc.xgboost4j.java.XGBoost.loadModel(modelBytes);
        try {
          booster.setParam("nthread", threads);
          for (EncodedBatch batch : batches) {
            scorer.score(batch, a);
            baseline(model, booster, batch, b);
            for (int i = 0; i < batchSize; i++) {
              if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                mismatches++;
              }
            }
          }
        } finally {
          booster.dispose();
        }
      } catch (XGBoostError e) {
        throw new IllegalStateException(e);
      }
      System.out.printf(
          Locale.ROOT,
          "%n[xgboost] scorer vs baseline on %d rows: %d with different float bits;"
              + " the scorer reads %d of %d columns%n",
          (long) batches.length * batchSize,
          mismatches,
          model.scoringColumns(),
          model.layout().columnCount());
      if (mismatches > 0) {
        throw new IllegalStateException(mismatches + " scores differ from the baseline");
      }
    }

    @Setup(Level.Iteration)
    public void startClock() {
      rows.set(0);
      cpuAtStart = processCpuNanos();
    }

    @TearDown(Level.Iteration)
    public void stopClock() {
      long cpu = processCpuNanos() - cpuAtStart;
      System.out.printf(
          Locale.ROOT,
          "[xgboost] process CPU %.3f ms per 1,000 rows (%d rows)%n",
          cpu / 1e6 / Math.max(1, rows.get()) * 1000,
          rows.get());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      model.close();
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Full batches of the archive's rows, fields in the spec's order. */
  static EncodedBatch[] batches(
      Map<String, NpyArray> arrays, io.deepscore.features.FeatureSpec spec, int batchSize) {
    int fields = spec.fieldCount();
    int[][] ids = new int[fields][];
    int[] maxLengths = new int[fields];
    for (int f = 0; f < fields; f++) {
      NpyArray a = arrays.get(spec.field(f).name());
      if (a == null) {
        throw new IllegalArgumentException("no array '" + spec.field(f).name() + "' in the .npz");
      }
      ids[f] = a.ints();
      maxLengths[f] = (int) a.shape()[1];
    }
    int rows = ids[0].length / maxLengths[0];
    EncodedBatch[] out = new EncodedBatch[rows / batchSize];
    int[][] row = new int[fields][];
    for (int b = 0; b < out.length; b++) {
      out[b] = new EncodedBatch(maxLengths, batchSize);
      for (int r = b * batchSize; r < (b + 1) * batchSize; r++) {
        for (int f = 0; f < fields; f++) {
          row[f] = Arrays.copyOfRange(ids[f], r * maxLengths[f], (r + 1) * maxLengths[f]);
        }
        out[b].appendEncoded(row);
      }
    }
    if (out.length == 0) {
      throw new IllegalArgumentException("fewer than " + batchSize + " rows in the .npz");
    }
    return out;
  }

  /** One scorer (or booster, for the baseline) per benchmark thread, as one per Spark task. */
  @State(Scope.Thread)
  public static class ScorerState {
    Scorer scorer;
    Booster booster;
    float[] out;
    int next;

    @Setup(Level.Trial)
    public void setUp(ModelState m) throws XGBoostError, IOException {
      scorer = m.model.newScorer();
      booster = ml.dmlc.xgboost4j.java.XGBoost.loadModel(m.modelBytes);
      booster.setParam("nthread", m.threads);
      out = new float[m.batchSize];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      scorer.close();
      booster.dispose();
    }
  }

  @Benchmark
  public Object score(ModelState m, ScorerState s, ScorerBenchmark.Rows counter)
      throws XGBoostError {
    EncodedBatch batch = m.batches[s.next];
    s.next = (s.next + 1) % m.batches.length;
    Object result;
    switch (m.path) {
      case "scorer" -> {
        s.scorer.score(batch, s.out);
        result = s.out;
      }
      case "baseline" -> result = baseline(m.model, s.booster, batch, s.out);
      case "csr" -> result = m.model.layout().csr(batch);
      case "matrix" -> {
        CsrRows csr = m.model.layout().csr(batch);
        DMatrix matrix = matrix(csr, m.model.layout(), m.threads);
        result = matrix.rowNum();
        matrix.dispose();
      }
      default -> throw new IllegalArgumentException("path " + m.path);
    }
    counter.rows += batch.size();
    m.rows.addAndGet(batch.size());
    return result;
  }

  /** The scoring path before tuning: XGBoost4J's plain API with its defaults. */
  static float[] baseline(
      XgboostScoringModel model, Booster booster, EncodedBatch batch, float[] out)
      throws XGBoostError {
    CsrRows csr = model.layout().csr(batch);
    DMatrix matrix =
        new DMatrix(
            csr.rowHeaders(),
            csr.columns(),
            csr.values(),
            DMatrix.SparseType.CSR,
            model.layout().columnCount());
    try {
      float[][] p = booster.predict(matrix, false, model.treeLimit());
      for (int i = 0; i < p.length; i++) {
        out[i] = p[i][0];
      }
      return out;
    } finally {
      matrix.dispose();
    }
  }

  static DMatrix matrix(CsrRows csr, MultiHotLayout layout, int threads) throws XGBoostError {
    return new DMatrix(
        csr.rowHeaders(),
        csr.columns(),
        csr.values(),
        DMatrix.SparseType.CSR,
        layout.columnCount(),
        Float.NaN,
        threads);
  }
}
