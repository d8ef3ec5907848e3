package io.deepscore.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FeatureSpec;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.Architecture;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.ModelOutput;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.djl.DjlScoringModel;
import io.deepscore.model.djl.PyTorchThreads;
import io.deepscore.model.nn.DeepScoreNetwork;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * Forward throughput of the deepscore network through the {@link Scorer} (DJL PyTorch, CPU): random
 * weights, pre-encoded batches, the production translator (one reused direct buffer per field).
 *
 * <p>Primary score: batches/s. Secondary {@code rows}: rows/s (the number to compare). Params:
 * {@code batchSize}; {@code threads}, libtorch intra-op threads, set by {@link PyTorchThreads}
 * before the engine loads (per JVM, so every param combination needs its own fork, which JMH does);
 * {@code architecture} {@code dnn} (embedding 32, hidden 256-128) or {@code logistic}. Run with
 * {@code -t 2 -p threads=1} for the Spark layout (two tasks, one scorer and one intra-op thread
 * each, one shared model).
 *
 * <p>Inputs: rows of the synthetic distribution encoded with vocabularies counted from it; the
 * embedding tables have at least the nominal sizes of the generated data (device_name 2,000,
 * device_model 1,000, apps 50,000, campaigns 5,000), max lengths from specs/generated.json
 * (6/1/64/32).
 *
 * <p>The allocator matters (docs/operations.md): bench/run.sh runs this once with {@code
 * MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648} in the environment (inherited by the forks)
 * and once without; each fork prints what it got.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dai.djl.offline=true", "-Xms2g", "-Xmx2g", "-XX:MaxDirectMemorySize=512m"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class ScorerBenchmark {

  /** Nominal table sizes of the generated data, spec field order. */
  static final long[] NOMINAL_VOCAB_SIZES = {2_000, 1_000, 50_000, 5_000};

  /** Distinct pre-encoded batches cycled through (a power of two). */
  static final int DISTINCT_BATCHES = 8;

  /** The model and the encoded batches, shared by all benchmark threads. */
  @State(Scope.Benchmark)
  public static class ModelState {
    @Param({"256", "1024", "4096"})
    public int batchSize;

    @Param({"1", "2"})
    public int threads;

    @Param({"dnn", "logistic"})
    public String architecture;

    /**
     * A model bundle directory to score with instead of a random network (its engine, spec and
     * vocabularies; {@code architecture} is then ignored): bench/e2e.sh passes the TorchScript
     * bundle that PyTorch in Python is measured on. Empty: the random network.
     */
    @Param({""})
    public String bundle;

    ScoringModel model;
    EncodedBatch[] batches;

    @Setup(Level.Trial)
    public void setUp() {
      PyTorchThreads.Effective effective = PyTorchThreads.apply(EngineSettings.threads(threads));
      String described;
      Encoder encoder;
      if (bundle.isEmpty()) {
        encoder = randomNetwork();
        described = architecture + ", random weights";
      } else {
        ModelBundle b = ModelBundle.open(Path.of(bundle));
        encoder = b.encoder();
        model = b.loadModel(EngineSettings.threads(threads));
        described = "bundle " + b.manifest().bundleId() + " (" + bundle + ")";
      }
      FeatureSpec spec = encoder.spec();
      SyntheticUsers users = new SyntheticUsers(2L, true);
      batches = new EncodedBatch[DISTINCT_BATCHES];
      for (int b = 0; b < DISTINCT_BATCHES; b++) {
        batches[b] = encoder.newBatch(batchSize);
        for (int r = 0; r < batchSize; r++) {
          encoder.encodeRow(users.nextRow(spec), batches[b]);
        }
      }

      // One checked batch: probabilities in [0, 1], so a broken model cannot look fast.
      float[] out = new float[batchSize];
      try (Scorer s = model.newScorer()) {
        s.score(batches[0], out);
      }
      for (float p : out) {
        if (!(p >= 0f && p <= 1f)) {
          throw new IllegalStateException("scorer returned " + p + ", not a probability");
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%n[scorer] %s, max lengths %s, batch %d; %s; MALLOC_MMAP_MAX_=%s"
              + " MALLOC_TRIM_THRESHOLD_=%s%n",
          described,
          Arrays.toString(encoder.maxLengths()),
          batchSize,
          effective,
          System.getenv("MALLOC_MMAP_MAX_"),
          System.getenv("MALLOC_TRIM_THRESHOLD_"));
    }

    /** The random network of {@code architecture} over the synthetic vocabularies: its encoder. */
    private Encoder randomNetwork() {
      FeatureSpec spec = SyntheticUsers.spec();
      Map<String, Vocabulary> vocabularies = SyntheticUsers.vocabularies(spec, 1L, 50_000);
      Encoder encoder = new Encoder(spec, vocabularies);
      long[] tableRows = new long[spec.fieldCount()];
      for (int f = 0; f < tableRows.length; f++) {
        long actual = vocabularies.get(spec.field(f).name()).size();
        tableRows[f] =
            Math.max(actual, f < NOMINAL_VOCAB_SIZES.length ? NOMINAL_VOCAB_SIZES[f] : 0);
      }
      int[] maxLengths = encoder.maxLengths();

      NetworkConfig config =
          Architecture.parse(architecture) == Architecture.DNN
              ? NetworkConfig.dnn()
              : NetworkConfig.logistic();
      DeepScoreNetwork network = new DeepScoreNetwork(config, tableRows);
      Model djl = Model.newInstance("bench", Device.cpu(), "PyTorch");
      djl.setBlock(network);
      Shape[] shapes = new Shape[maxLengths.length];
      for (int f = 0; f < shapes.length; f++) {
        shapes[f] = new Shape(batchSize, maxLengths[f]);
      }
      network.initialize(djl.getNDManager(), DataType.FLOAT32, shapes);
      model = DjlScoringModel.wrap("djl-pytorch", djl, maxLengths, ModelOutput.LOGIT, true);
      System.out.printf(Locale.ROOT, "%n[scorer] tables %s%n", Arrays.toString(tableRows));
      return encoder;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      model.close();
    }
  }

  /** One scorer per benchmark thread (as one per Spark task). */
  @State(Scope.Thread)
  public static class ScorerState {
    Scorer scorer;
    float[] out;
    int next;

    @Setup(Level.Trial)
    public void setUp(ModelState m) {
      scorer = m.model.newScorer();
      out = new float[m.batchSize];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      scorer.close();
    }
  }

  /** Rows scored, reported by JMH as rows/s next to the batches/s score. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rows {
    public long rows;

    @Setup(Level.Iteration)
    public void reset() {
      rows = 0;
    }
  }

  @Benchmark
  public float[] score(ModelState m, ScorerState s, Rows counter) {
    EncodedBatch batch = m.batches[s.next];
    s.next = (s.next + 1) & (DISTINCT_BATCHES - 1);
    s.scorer.score(batch, s.out);
    counter.rows += batch.size();
    return s.out;
  }
}
