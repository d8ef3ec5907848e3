package io.deepscore.model.network;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import io.deepscore.errors.EngineFailureException;
import io.deepscore.eval.BinaryMetrics;
import io.deepscore.model.EncodedDataset;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.NetworkConfig;
import io.deepscore.model.djl.PyTorchThreads;
import io.deepscore.model.nn.DeepScoreNetwork;
import io.deepscore.model.train.EpochReport;
import io.deepscore.model.train.Provenance;
import io.deepscore.model.train.TrainingConfig;
import io.deepscore.model.train.TrainingData;
import io.deepscore.model.train.TrainingListener;
import io.deepscore.model.train.TrainingResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Trains a {@link DeepScoreNetwork} with DJL on the CPU: sigmoid binary cross-entropy on the
 * logits, Adam, mini-batches reshuffled every epoch with a seeded RNG, validation AUC after every
 * epoch, early stopping after {@code patience} epochs without a better AUC, and the best epoch's
 * weights restored at the end.
 *
 * <p>Deterministic for a seed on a given machine and thread count: the seed drives the shuffling,
 * the engine's RNG (initialization, dropout) is seeded with it too.
 *
 * <p>Native memory: the model's parameters and Adam state live in the model's manager; every
 * mini-batch's arrays (inputs, activations, gradients of activations, loss) live in a per-batch
 * sub-manager closed after the step. Input ids go through one reused direct buffer per field. The
 * best weights are kept as an in-memory {@code .params} snapshot (on the Java heap; a few MB for
 * typical vocabularies).
 *
 * <p>Speed: DJL's embedding gradients are dense, so every step touches whole embedding tables (Adam
 * updates every row); cost grows with vocabulary size, see docs/model.md.
 */
public final class DnnTrainer implements io.deepscore.model.train.Trainer {

  private final NetworkConfig network;
  private final TrainingConfig config;

  /** A trainer for the given network shape and training settings. */
  public DnnTrainer(NetworkConfig network, TrainingConfig config) {
    this.network = Objects.requireNonNull(network, "network");
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The architecture's id: {@code dnn}, {@code logistic} or {@code wide-deep}. */
  @Override
  public String algorithm() {
    return network.architecture().id();
  }

  /**
   * Trains a new model on rows without a recorded source.
   *
   * @param vocabSizes per field the vocabulary size (rows of its embedding table), field order
   * @see #train(TrainingData, TrainingListener)
   */
  public NetworkModel train(
      EncodedDataset train, EncodedDataset valid, long[] vocabSizes, TrainingListener listener) {
    return train(TrainingData.of(train, valid, vocabSizes), listener);
  }

  /**
   * Trains a new model.
   *
   * @return the trained model holding the best epoch's weights; the caller closes it
   */
  @Override
  public NetworkModel train(TrainingData data, TrainingListener listener) {
    EncodedDataset train = data.train();
    EncodedDataset valid = data.valid();
    long[] vocabSizes = data.vocabSizes();
    if (config.threads() > 0) {
      PyTorchThreads.apply(EngineSettings.threads(config.threads()));
    }
    Engine engine = Engine.getEngine("PyTorch");
    engine.setRandomSeed((int) config.seed());

    int fields = train.fieldCount();
    int[] maxLengths = train.maxLengths();
    DeepScoreNetwork net =
        DeepScoreNetwork.forTraining(
            network,
            vocabSizes,
            config.embeddingInitStd(),
            config.embeddingL2() > 0f || config.wideL2() > 0f);
    LearningRateSchedule schedule = LearningRateSchedule.of(config);
    Model model = Model.newInstance("deepscore", Device.cpu(), "PyTorch");
    boolean ok = false;
    try {
      model.setBlock(net);
      TableUpdates optimizer =
          new TableUpdates(
              schedule,
              config.weightDecay(),
              config.embeddingOptimizer(),
              config.embeddingLearningRate(),
              config.tableDecay(),
              config.tableShrink(),
              net.tableFields());
      DefaultTrainingConfig djlConfig =
          new DefaultTrainingConfig(Loss.sigmoidBinaryCrossEntropyLoss("bce", 1f, false))
              .optOptimizer(optimizer)
              .optDevices(new Device[] {Device.cpu()});
      TrainingResult result;
      try (Trainer trainer = model.newTrainer(djlConfig)) {
        Shape[] shapes = new Shape[fields];
        for (int f = 0; f < fields; f++) {
          shapes[f] = new Shape(config.batchSize(), maxLengths[f]);
        }
        trainer.initialize(shapes);
        PretrainedTables.apply(net, train, config, listener);
        result = loop(trainer, net, model, schedule, optimizer, train, valid, listener);
      }
      ok = true;
      Provenance provenance =
          Provenance.trained(this, config.seed(), config, network, data, result, summary(result));
      return new NetworkModel(model, net, maxLengths, provenance);
    } finally {
      if (!ok) {
        model.close();
      }
    }
  }

  private TrainingResult loop(
      Trainer trainer,
      DeepScoreNetwork net,
      Model model,
      LearningRateSchedule schedule,
      TableUpdates optimizer,
      EncodedDataset train,
      EncodedDataset valid,
      TrainingListener listener) {
    Random rng = new Random(config.seed());
    Batches batches = new Batches(train.maxLengths(), config.batchSize(), net.vocabSizes());
    int[] validLabels = valid.labels();
    int[] validOrder = identity(valid.rows());
    int nBatches = train.batchCount(config.batchSize());
    List<EpochReport> history = new ArrayList<>();
    double bestAuc = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    float[] bestScores = null;
    byte[] bestParams = null;
    int sinceBest = 0;
    boolean stoppedEarly = false;
    int epoch = 0;
    while (epoch < config.maxEpochs()) {
      epoch++;
      long t0 = System.nanoTime();
      if (epoch > 1 && config.freshTablesEachEpoch()) {
        net.reinitializeTables();
        optimizer.resetTables(net.tableFields().keySet());
      }
      int[] order = train.shuffledOrder(rng);
      double lossSum = 0;
      for (int b = 0; b < nBatches; b++) {
        int from = b * config.batchSize();
        int to = Math.min(train.rows(), from + config.batchSize());
        try (NDManager bm = trainer.getManager().newSubManager()) {
          NDList x = batches.inputs(bm, train, order, from, to);
          NDArray y = batches.labels(bm, train, order, from, to);
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(x);
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(out.head()));
            lossSum += loss.getFloat() * (double) (to - from);
            gc.backward(withPenalties(loss, out, to - from));
          }
          if (optimizer.needsRows()) {
            batches.useRows(optimizer, bm, to - from);
          }
          trainer.step();
        }
        listener.onBatch(epoch, b + 1, nBatches);
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9;
      optimizer.catchUp();
      float[] scores = predict(net, model, valid, validOrder, batches);
      double auc = BinaryMetrics.rocAuc(scores, validLabels);
      boolean improved = auc > bestAuc;
      if (improved) {
        bestAuc = auc;
        bestEpoch = epoch;
        bestScores = scores;
        bestParams = snapshot(net);
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      schedule.endEpoch(improved);
      double seconds = (System.nanoTime() - t0) / 1e9;
      EpochReport report =
          new EpochReport(
              epoch,
              lossSum / train.rows(),
              auc,
              train.rows() / trainSeconds,
              seconds,
              improved,
              model.getNDManager().getManagedArrays().size());
      history.add(report);
      listener.onEpoch(report);
      if (sinceBest >= config.patience() && epoch < config.maxEpochs()) {
        stoppedEarly = true;
        break;
      }
    }
    restore(net, model, bestParams);
    return new TrainingResult(
        bestEpoch, bestAuc, epoch, stoppedEarly, history, train.rows(), valid.rows(), bestScores);
  }

  /**
   * The loss plus the L2 penalties on the rows used: each part's used-row squares (outputs of the
   * training network) times its coefficient, per row of the batch.
   */
  private NDArray withPenalties(NDArray loss, NDList out, int rows) {
    NDArray total = loss;
    total = addPenalty(total, out, DeepScoreNetwork.DEEP_SQUARES, config.embeddingL2(), rows);
    total = addPenalty(total, out, DeepScoreNetwork.WIDE_SQUARES, config.wideL2(), rows);
    return total;
  }

  private static NDArray addPenalty(
      NDArray total, NDList out, String name, float coefficient, int rows) {
    if (coefficient == 0f) {
      return total;
    }
    NDArray squares = out.get(name);
    return squares == null ? total : total.add(squares.mul(coefficient / rows));
  }

  /** Probabilities of every row of {@code data} in the given order, forward in inference mode. */
  static float[] predict(
      DeepScoreNetwork net, Model model, EncodedDataset data, int[] order, Batches batches) {
    float[] out = new float[data.rows()];
    ParameterStore store = new ParameterStore(model.getNDManager(), false);
    int bs = batches.batchSize;
    for (int from = 0; from < data.rows(); from += bs) {
      int to = Math.min(data.rows(), from + bs);
      try (NDManager bm = model.getNDManager().newSubManager()) {
        NDList x = batches.inputs(bm, data, order, from, to);
        NDArray p = Activation.sigmoid(net.forward(store, x, false).head());
        float[] v = p.toFloatArray();
        System.arraycopy(v, 0, out, from, v.length);
      }
    }
    return out;
  }

  private static byte[] snapshot(DeepScoreNetwork net) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      net.saveParameters(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void restore(DeepScoreNetwork net, Model model, byte[] params) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
      net.loadParameters(model.getNDManager(), in);
    } catch (IOException | MalformedModelException e) {
      throw new EngineFailureException("cannot restore the best epoch's weights", e);
    }
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    Arrays.setAll(a, i -> i);
    return a;
  }

  /** The manifest's {@code training} entry (the keys bundles have always carried). */
  private static Map<String, Object> summary(TrainingResult r) {
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("best_epoch", r.bestEpoch());
    training.put("valid_auc", r.bestValidAuc());
    training.put("epochs_run", r.epochsRun());
    training.put("stopped_early", r.stoppedEarly());
    training.put("train_rows", r.trainRows());
    training.put("valid_rows", r.validRows());
    return training;
  }

  /** Reused direct buffers that turn dataset rows into int64 NDArrays. Not thread-safe. */
  static final class Batches {
    private final int[] maxLengths;
    final int batchSize;
    private final ByteBuffer[] buffers;
    private final float[] labels;
    private final ByteBuffer labelBuffer;
    private final long[] vocabSizes;
    private int[][] seen;
    private int[][] rowIds;
    private ByteBuffer[] rowBuffers;
    private int mark;

    Batches(int[] maxLengths, int batchSize) {
      this(maxLengths, batchSize, null);
    }

    /**
     * @param vocabSizes rows of each field's tables, for {@link #usedRows}; null if unused
     */
    Batches(int[] maxLengths, int batchSize, long[] vocabSizes) {
      this.maxLengths = maxLengths.clone();
      this.batchSize = batchSize;
      this.vocabSizes = vocabSizes;
      buffers = new ByteBuffer[maxLengths.length];
      for (int f = 0; f < maxLengths.length; f++) {
        buffers[f] = longs(batchSize * maxLengths[f]);
      }
      labels = new float[batchSize];
      labelBuffer =
          ByteBuffer.allocateDirect(Math.multiplyExact(batchSize, Float.BYTES))
              .order(ByteOrder.nativeOrder());
    }

    private static ByteBuffer longs(int n) {
      return ByteBuffer.allocateDirect(Math.multiplyExact(n, Long.BYTES))
          .order(ByteOrder.nativeOrder());
    }

    /**
     * Hands {@code optimizer} the distinct non-padding ids of every field in the batch last given
     * to {@link #inputs} (of {@code n} rows), as int64 arrays in {@code m} (null for a field whose
     * batch is all padding) and as ints.
     */
    void useRows(TableUpdates optimizer, NDManager m, int n) {
      int fields = maxLengths.length;
      if (seen == null) {
        seen = new int[fields][];
        rowIds = new int[fields][];
        rowBuffers = new ByteBuffer[fields];
        for (int f = 0; f < fields; f++) {
          seen[f] = new int[Math.toIntExact(vocabSizes[f])];
          int most = (int) Math.min(vocabSizes[f], (long) batchSize * maxLengths[f]);
          rowIds[f] = new int[most];
          rowBuffers[f] = longs(most);
        }
      }
      mark++;
      NDArray[] out = new NDArray[fields];
      for (int f = 0; f < fields; f++) {
        java.nio.LongBuffer ids = buffers[f].asLongBuffer();
        java.nio.LongBuffer rows = rowBuffers[f].asLongBuffer();
        int[] marks = seen[f];
        int count = 0;
        for (int i = 0, end = n * maxLengths[f]; i < end; i++) {
          int id = (int) ids.get(i);
          if (id != 0 && marks[id] != mark) {
            marks[id] = mark;
            rowIds[f][count] = id;
            rows.put(count++, id);
          }
        }
        if (count > 0) {
          ByteBuffer view = rowBuffers[f].duplicate();
          view.position(0).limit(count * Long.BYTES);
          out[f] =
              m.create(
                  view.slice().order(ByteOrder.nativeOrder()), new Shape(count), DataType.INT64);
        }
      }
      optimizer.useRows(out, rowIds);
    }

    NDList inputs(NDManager m, EncodedDataset d, int[] order, int from, int to) {
      int n = to - from;
      NDList list = new NDList(maxLengths.length);
      for (int f = 0; f < maxLengths.length; f++) {
        ByteBuffer buf = buffers[f];
        buf.clear();
        d.copyRowsAsLong(f, order, from, to, buf.asLongBuffer());
        ByteBuffer view = buf.duplicate();
        view.position(0).limit(n * maxLengths[f] * Long.BYTES);
        list.add(
            m.create(
                view.slice().order(ByteOrder.nativeOrder()),
                new Shape(n, maxLengths[f]),
                DataType.INT64));
      }
      return list;
    }

    NDArray labels(NDManager m, EncodedDataset d, int[] order, int from, int to) {
      int n = to - from;
      d.copyLabels(order, from, to, labels);
      // through the reused direct buffer: create(float[]) allocates a direct buffer per call
      ByteBuffer view = labelBuffer.duplicate().order(ByteOrder.nativeOrder());
      view.clear();
      view.asFloatBuffer().put(labels, 0, n);
      view.limit(n * Float.BYTES);
      return m.create(view.slice().order(ByteOrder.nativeOrder()), new Shape(n), DataType.FLOAT32);
    }
  }
}
