package io.deepscore.model.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a model was made: everything needed to train it again and to tell whether a re-training saw
 * the same data. Written into the bundle manifest as {@code provenance} ({@link #toMap()}), read
 * back by {@code deepscore train <algorithm> --from-bundle}.
 *
 * <p>Configurations are recorded whole and generically ({@link ConfigMaps}): a knob added to a
 * config record is recorded, and restored, without code here.
 *
 * @param algorithm the {@link Trainer#algorithm()} ({@code dnn}, {@code logistic}, {@code xgboost},
 *     ...), or {@code imported} for a model trained outside deepscore
 * @param seed the seed of every random choice of the training, or null when unknown
 * @param config the trainer's configuration ({@link ConfigMaps#toMap}); empty when unknown
 * @param network the model's architecture configuration (the DJL network's), empty when none
 * @param data {@link TrainingData#describe()}: row counts, content hashes, source; empty when
 *     unknown
 * @param result what training did (epochs, best epoch, validation AUC and scores); null for an
 *     imported model
 * @param summary the short summary written as the manifest's {@code training} entry
 */
public record Provenance(
    String algorithm,
    Long seed,
    Map<String, Object> config,
    Map<String, Object> network,
    Map<String, Object> data,
    TrainingResult result,
    Map<String, Object> summary) {

  /** The algorithm name of models trained outside deepscore. */
  public static final String IMPORTED = "imported";

  /** Copies the maps. */
  public Provenance {
    config = copy(config);
    network = copy(network);
    data = copy(data);
    summary = copy(summary);
  }

  /**
   * The provenance of a model trained by a {@link Trainer}.
   *
   * @param network the architecture config record, or null when the algorithm has none
   */
  public static Provenance trained(
      Trainer trainer,
      long seed,
      Record config,
      Record network,
      TrainingData data,
      TrainingResult result,
      Map<String, Object> summary) {
    return new Provenance(
        trainer.algorithm(),
        seed,
        ConfigMaps.toMap(config),
        network == null ? Map.of() : ConfigMaps.toMap(network),
        data.describe(),
        result,
        summary);
  }

  /** A model trained elsewhere; {@code training} is what its exporter reported (may be empty). */
  public static Provenance imported(Map<String, Object> training) {
    return new Provenance(IMPORTED, null, Map.of(), Map.of(), Map.of(), null, training);
  }

  /**
   * The manifest's {@code provenance} entry: algorithm, seed, config, network, data, the result and
   * the epoch history, and the environment that matters for bit-identical re-training (Java,
   * architecture, cores). Empty for an imported model (its manifest's {@code training} says what is
   * known).
   */
  public Map<String, Object> toMap() {
    if (result == null) {
      return Map.of();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("algorithm", algorithm);
    m.put("seed", seed);
    m.put("config", config);
    if (!network.isEmpty()) {
      m.put("network", network);
    }
    m.put("data", data);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("best_epoch", result.bestEpoch());
    r.put("valid_auc", result.bestValidAuc());
    r.put("epochs_run", result.epochsRun());
    r.put("stopped_early", result.stoppedEarly());
    m.put("result", r);
    List<Map<String, Object>> history = new ArrayList<>();
    for (EpochReport e : result.history()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("epoch", e.epoch());
      h.put("train_loss", Double.isFinite(e.trainLoss()) ? e.trainLoss() : null);
      h.put("valid_auc", e.validAuc());
      h.put("improved", e.improved());
      h.put("seconds", e.seconds());
      // the training pass alone (no validation): what a benchmark compares across trainers
      h.put("rows_per_second", Double.isFinite(e.rowsPerSecond()) ? e.rowsPerSecond() : null);
      history.add(h);
    }
    m.put("history", history);
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("java_version", System.getProperty("java.version"));
    env.put("os_arch", System.getProperty("os.arch"));
    env.put("available_processors", Runtime.getRuntime().availableProcessors());
    m.put("environment", env);
    return m;
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    // LinkedHashMap, not Map.copyOf: keeps the order and allows null values (a NaN loss)
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
