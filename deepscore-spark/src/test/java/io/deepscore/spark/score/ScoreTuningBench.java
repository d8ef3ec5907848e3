package io.deepscore.spark.score;

import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Vocabulary;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import io.deepscore.model.djl.PyTorchThreads;
import io.deepscore.model.network.DnnTrainer;
import io.deepscore.model.network.NetworkModel;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.spark.TestData;
import io.deepscore.spark.features.VocabularyJob;
import io.deepscore.spark.generate.GeneratorConfig;
import io.deepscore.spark.generate.OutputFormat;
import io.deepscore.spark.generate.UserDataGenerator;
import io.deepscore.spark.io.InputFormat;
import io.deepscore.spark.io.RawInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The measurements behind docs/tuning.md; not a test (no assertions), run on demand:
 *
 * <pre>
 * mvn -B -o -pl deepscore-spark -am test -Dtest=ScoreTuningBench -Ddeepscore.bench=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Network: the default DNN shape (embedding 32, hidden 256-128) over specs/generated.json.
 */
@EnabledIfSystemProperty(named = "deepscore.bench", matches = "true")
class ScoreTuningBench {

  @Test
  void measure() throws Exception {
    ScoreFixture fx = ScoreFixture.get();
    Dataset<Row> raw = RawInput.read(fx.spark, fx.inputPath, InputFormat.PARQUET, fx.spec, false);
    Map<String, Vocabulary> vocab = VocabularyJob.build(fx.spark, raw, fx.spec).vocabularies();
    EncodedDataset ds = TestData.encode(raw, fx.spec, vocab);
    long[] sizes = TestData.vocabSizes(fx.spec, vocab);
    Path bundleDir = fx.dir.resolve("bench-bundle");
    try (NetworkModel m =
        new DnnTrainer(NetworkConfig.dnn(), TrainingConfig.defaults().withMaxEpochs(1))
            .train(ds.slice(0, 1400), ds.slice(1400, ds.rows()), sizes, TrainingListener.NONE)) {
      ModelBundle.write(bundleDir, "bench", fx.spec, vocab, m, null);
    }
    ModelBundle bundle = ModelBundle.open(bundleDir);
    StringBuilder table = new StringBuilder();
    table.append("engine only (pre-encoded batches, each thread its own scorer):\n");
    table.append("| scorer threads | intra-op | batch | rows/s | p50 ms/batch |\n");
    try (ScoringModel model = bundle.loadModel(EngineSettings.threads(1))) {
      for (int batch : new int[] {256, 1024, 4096}) {
        EncodedBatch b = new EncodedBatch(ds.maxLengths(), batch);
        int[][] one = new int[fx.spec.fieldCount()][];
        for (int i = 0; i < batch; i++) {
          int row = i % ds.rows();
          for (int f = 0; f < one.length; f++) {
            int ml = ds.maxLength(f);
            one[f] = java.util.Arrays.copyOfRange(ds.field(f), row * ml, row * ml + ml);
          }
          b.appendEncoded(one);
        }
        for (int tasks : new int[] {1, 2}) {
          for (int intra : new int[] {1, 2}) {
            double[] r = run(model, b, tasks, intra, Math.max(20, 400_000 / batch / tasks));
            table.append(
                String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %,.0f | %.2f |%n",
                    tasks,
                    intra,
                    batch,
                    r[0],
                    r[1]));
          }
        }
      }
    }
    String big = fx.dir.resolve("bench-input").toString();
    UserDataGenerator.write(
        fx.spark,
        GeneratorConfig.builder().users(200_000).seed(3).partitions(8).build(),
        big,
        OutputFormat.PARQUET,
        false);
    table.append("\nend to end ScoreJob, local[2], 200,000 users, 8 partitions:\n");
    for (int batch : new int[] {256, 1024, 4096}) {
      for (int rep = 0; rep < 2; rep++) {
        Dataset<Row> in =
            RawInput.read(fx.spark, big, InputFormat.PARQUET, fx.spec, false).repartition(8);
        ScoreSummary s =
            ScoreJob.run(
                fx.spark,
                in,
                ScoreConfig.builder()
                    .modelUri(bundleDir.toString())
                    .output(fx.path("bench-out"))
                    .batchSize(batch)
                    .build());
        table.append(String.format(Locale.ROOT, "batch %d rep %d:%n  ", batch, rep));
        table.append(String.join("\n  ", s.lines())).append('\n');
      }
    }
    System.out.println("=== deepscore tuning ===\n" + table);
    java.nio.file.Files.writeString(Path.of("/tmp/deepscore-tuning.txt"), table.toString());
  }

  /** Returns {rows/s, p50 ms per batch} of {@code tasks} threads scoring {@code iters} batches. */
  private static double[] run(ScoringModel model, EncodedBatch b, int tasks, int intra, int iters)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(tasks + 1);
    List<Thread> threads = new ArrayList<>();
    long[][] lat = new long[tasks][iters];
    for (int t = 0; t < tasks; t++) {
      int id = t;
      Thread th =
          new Thread(
              () -> {
                PyTorchThreads.apply(EngineSettings.threads(intra));
                float[] out = new float[b.capacity()];
                try (Scorer s = model.newScorer()) {
                  for (int w = 0; w < 5; w++) {
                    s.score(b, out); // warm up
                  }
                  start.await();
                  for (int i = 0; i < iters; i++) {
                    long t0 = System.nanoTime();
                    s.score(b, out);
                    lat[id][i] = System.nanoTime() - t0;
                  }
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      th.start();
      threads.add(th);
    }
    start.await();
    long t0 = System.nanoTime();
    for (Thread th : threads) {
      th.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long[] flat = new long[tasks * iters];
    for (int t = 0; t < tasks; t++) {
      System.arraycopy(lat[t], 0, flat, t * iters, iters);
    }
    java.util.Arrays.sort(flat);
    return new double[] {(double) tasks * iters * b.size() / secs, flat[flat.length / 2] / 1e6};
  }
}
