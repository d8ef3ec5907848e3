package io.deepscore.spark.score;

import io.deepscore.errors.InvalidInputException;
import io.deepscore.features.FeatureSpec;
import io.deepscore.model.bundle.BundleManifest;
import io.deepscore.spark.partition.PartitionPipeline;
import io.deepscore.spark.partition.RawRowLayout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.types.StructType;

/**
 * The bundles of one score run, in the order given, split into encoder groups: bundles whose
 * manifests record the same sha256 for {@code spec.json} and every {@code vocab/} file encode a row
 * identically, so the row is encoded once for all of them. Built and checked on the driver from
 * verified bundles; immutable; travels in the task closure.
 *
 * <p>Output columns: with one bundle, {@value ScoreJob#SCORE_COLUMN}, {@value
 * ScoreJob#MODEL_VERSION_COLUMN} and {@value ScoreJob#AUDIENCE_COLUMN}, as always. With several,
 * per bundle {@code NAME} (its score), {@code NAME_model_version} and {@code NAME_audience}, where
 * NAME is the bundle name (its id without the content suffix, the {@code --name} it was trained or
 * imported with). Names that collide (Spark compares column names without case) with each other,
 * the id column or a pass-through column are refused.
 *
 * <p>Evaluate uses the same grouping for its bundles (it names its own columns).
 */
public final class ModelSet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final BundleRef[] refs;
  private final String[] names;
  private final int[][] groupModels;

  private ModelSet(BundleRef[] refs, String[] names, int[][] groupModels) {
    this.refs = refs;
    this.names = names;
    this.groupModels = groupModels;
  }

  /**
   * Groups {@code refs} (verified bundles) by spec and vocabularies and checks that their specs
   * share the id column.
   *
   * @throws InvalidInputException naming the bundles whose id columns differ
   */
  public static ModelSet of(List<BundleRef> refs) {
    String id = refs.get(0).bundle().spec().idColumn();
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    String[] names = new String[refs.size()];
    for (int m = 0; m < refs.size(); m++) {
      BundleRef r = refs.get(m);
      if (!r.bundle().spec().idColumn().equals(id)) {
        throw new InvalidInputException(
            "bundles "
                + refs.get(0).uri()
                + " and "
                + r.uri()
                + " have different id columns ('"
                + id
                + "' and '"
                + r.bundle().spec().idColumn()
                + "'): models scored in one pass must read the same users; score them"
                + " separately");
      }
      names[m] = name(r.bundleId());
      byKey.computeIfAbsent(encodingKey(r.bundle().manifest()), k -> new ArrayList<>()).add(m);
    }
    int[][] groups =
        byKey.values().stream()
            .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
            .toArray(int[][]::new);
    return new ModelSet(refs.toArray(BundleRef[]::new), names, groups);
  }

  /** The bundle name: the id without its {@code -<12 hex>} content suffix. */
  static String name(String bundleId) {
    return bundleId.replaceFirst("-[0-9a-f]{12}$", "");
  }

  /** What decides how a row is encoded: the spec's and vocabularies' recorded sha256. */
  private static String encodingKey(BundleManifest m) {
    Map<String, String> k = new TreeMap<>();
    m.files()
        .forEach(
            (path, sha) -> {
              if (path.equals("spec.json") || path.startsWith("vocab/")) {
                k.put(path, sha);
              }
            });
    return k.toString();
  }

  int size() {
    return refs.length;
  }

  boolean single() {
    return refs.length == 1;
  }

  BundleRef ref(int model) {
    return refs[model];
  }

  List<BundleRef> refs() {
    return List.of(refs);
  }

  /** The bundle name of {@code model}. */
  String name(int model) {
    return names[model];
  }

  public int groupCount() {
    return groupModels.length;
  }

  /** The models (indexes) of encoder group {@code g}. */
  int[] models(int g) {
    return groupModels[g].clone();
  }

  /** The spec of encoder group {@code g}. */
  public FeatureSpec spec(int g) {
    return refs[groupModels[g][0]].bundle().spec();
  }

  /** Same set with every bundle's threads set from {@code plan}. */
  ModelSet withThreads(ThreadPlan plan) {
    BundleRef[] r = new BundleRef[refs.length];
    for (int m = 0; m < r.length; m++) {
      r[m] = refs[m].withThreads(plan);
    }
    return new ModelSet(r, names, groupModels);
  }

  String scoreColumn(int model) {
    return single() ? ScoreJob.SCORE_COLUMN : names[model];
  }

  String versionColumn(int model) {
    return single() ? ScoreJob.MODEL_VERSION_COLUMN : names[model] + "_model_version";
  }

  String audienceColumn(int model) {
    return single() ? ScoreJob.AUDIENCE_COLUMN : names[model] + "_audience";
  }

  /**
   * Refuses output column names that collide (without case, as Spark resolves them).
   *
   * @throws InvalidInputException naming both bundles, or the bundle and the input column
   */
  void checkColumns(String idColumn, List<String> passThrough, boolean audience) {
    Map<String, String> taken = new HashMap<>();
    taken.put(idColumn.toLowerCase(Locale.ROOT), "the id column '" + idColumn + "'");
    for (String c : passThrough) {
      taken.put(c.toLowerCase(Locale.ROOT), "the pass-through column '" + c + "'");
    }
    for (int m = 0; m < refs.length; m++) {
      List<String> cols = new ArrayList<>(List.of(scoreColumn(m), versionColumn(m)));
      if (audience) {
        cols.add(audienceColumn(m));
      }
      String who = "bundle " + refs[m].uri() + " (named '" + names[m] + "')";
      for (String c : cols) {
        String before = taken.putIfAbsent(c.toLowerCase(Locale.ROOT), who);
        if (before != null) {
          throw new InvalidInputException(
              "output column '"
                  + c
                  + "' of "
                  + who
                  + " collides with "
                  + before
                  + ": with several models each score column is named by its bundle's name;"
                  + " give one of the bundles another name (train or bundle it again with"
                  + " --name) or score them separately");
        }
      }
    }
  }

  /**
   * The pipeline's encoder groups over rows of {@code schema}, with the encoders of {@code loaded}
   * (one per model, in order).
   */
  PartitionPipeline.Group[] groups(RawRowLayout[] layouts, LoadedBundle[] loaded) {
    PartitionPipeline.Group[] g = new PartitionPipeline.Group[groupModels.length];
    for (int i = 0; i < g.length; i++) {
      g[i] =
          new PartitionPipeline.Group(
              layouts[i], loaded[groupModels[i][0]].encoder(), groupModels[i].clone());
    }
    return g;
  }

  /** Per encoder group, where its spec's fields are in {@code schema}. */
  public RawRowLayout[] layouts(StructType schema) {
    RawRowLayout[] l = new RawRowLayout[groupModels.length];
    for (int g = 0; g < l.length; g++) {
      l[g] = RawRowLayout.of(schema, spec(g));
    }
    return l;
  }

  /** Loads every model (once per JVM, from the executor cache). */
  LoadedBundle[] load() {
    LoadedBundle[] l = new LoadedBundle[refs.length];
    for (int m = 0; m < l.length; m++) {
      l[m] = refs[m].load();
    }
    return l;
  }
}
