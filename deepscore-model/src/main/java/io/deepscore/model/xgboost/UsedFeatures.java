package io.deepscore.model.xgboost;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A tree model rewritten over only the feature columns its splits read.
 *
 * <p>Why: XGBoost 3.0.4's CPU predictor resets a dense per-row feature vector of the model's full
 * width ({@code RegTree::FVec::Drop} refills all {@code num_feature} floats with NaN) after every
 * row. With one column per vocabulary id that is tens of thousands of floats per row, most of the
 * scoring time, while the trees split on a few thousand columns at most. Renumbering the split
 * columns {@code 0..count-1} (in their order) and feeding the booster only those columns gives the
 * same traversal of every tree: each split compares the same value with the same threshold, and a
 * column no split reads cannot change a prediction. Leaf values, the base score and the objective
 * are untouched, so the scores are bit-identical (tests compare raw float bits).
 *
 * <p>Only plain {@code gbtree} models without feature names, feature types or categorical splits
 * are rewritten ({@link #of} returns empty otherwise, and the model is scored as it is). The JSON's
 * numbers are kept as exact decimals, never re-rounded.
 */
final class UsedFeatures {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final int[] columnMap;
  private final int count;
  private final byte[] model;

  private UsedFeatures(int[] columnMap, int count, byte[] model) {
    this.columnMap = columnMap;
    this.count = count;
    this.model = model;
  }

  /**
   * @param jsonModel the model in XGBoost's JSON format ({@code Booster.toByteArray("json")})
   * @param columnCount the layout's column count (at least the model's {@code num_feature})
   * @return the rewritten model, or empty when it is not a plain tree model this class can rewrite
   */
  static Optional<UsedFeatures> of(byte[] jsonModel, int columnCount) {
    try {
      JsonNode root = JSON.readTree(jsonModel);
      JsonNode learner = root.path("learner");
      JsonNode booster = learner.path("gradient_booster");
      if (!"gbtree".equals(booster.path("name").asText())
          || learner.path("feature_names").size() > 0
          || learner.path("feature_types").size() > 0) {
        return Optional.empty();
      }
      JsonNode trees = booster.path("model").path("trees");
      boolean[] used = new boolean[columnCount];
      for (JsonNode tree : trees) {
        if (tree.path("categories_nodes").size() > 0
            || !"1".equals(tree.path("tree_param").path("size_leaf_vector").asText("1"))) {
          return Optional.empty();
        }
        JsonNode left = tree.path("left_children");
        JsonNode split = tree.path("split_indices");
        for (int n = 0; n < left.size(); n++) {
          if (left.get(n).asInt() != -1) {
            int column = split.get(n).asInt();
            if (column < 0 || column >= columnCount) {
              return Optional.empty();
            }
            used[column] = true;
          }
        }
      }
      int[] map = new int[columnCount];
      Arrays.fill(map, -1);
      int count = 0;
      for (int c = 0; c < columnCount; c++) {
        if (used[c]) {
          map[c] = count++;
        }
      }
      if (count == 0) {
        return Optional.empty();
      }
      String width = Integer.toString(count);
      for (JsonNode tree : trees) {
        ((ObjectNode) tree.path("tree_param")).put("num_feature", width);
        JsonNode left = tree.path("left_children");
        ArrayNode split = (ArrayNode) tree.path("split_indices");
        for (int n = 0; n < left.size(); n++) {
          // a leaf's split index is never read; 0 keeps it inside the narrower model
          int column = left.get(n).asInt() != -1 ? map[split.get(n).asInt()] : 0;
          split.set(n, IntNode.valueOf(column));
        }
      }
      ((ObjectNode) learner.path("learner_model_param")).put("num_feature", width);
      keepFloatsFloats(root);
      byte[] rewritten = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
      return Optional.of(new UsedFeatures(map, count, rewritten));
    } catch (IOException | ClassCastException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /**
   * XGBoost's JSON reader types a number by its text: {@code 1} is an integer, which it refuses
   * where a float belongs. Every decimal is written back with its exact value and a decimal point
   * or exponent.
   */
  private static void keepFloatsFloats(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      object
          .properties()
          .forEach(
              e -> {
                if (e.getValue().isBigDecimal()) {
                  e.setValue(floatText(e.getValue()));
                } else {
                  keepFloatsFloats(e.getValue());
                }
              });
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isBigDecimal()) {
          array.set(i, floatText(array.get(i)));
        } else {
          keepFloatsFloats(array.get(i));
        }
      }
    }
  }

  private static JsonNode floatText(JsonNode decimal) {
    String text = decimal.decimalValue().toString();
    if (text.indexOf('.') < 0 && text.indexOf('E') < 0 && text.indexOf('e') < 0) {
      text += ".0";
    }
    return JsonNodeFactory.instance.rawValueNode(new RawValue(text));
  }

  /** Per layout column its column in the rewritten model, -1 for a column no split reads. */
  int[] columnMap() {
    return columnMap;
  }

  /** Number of columns the rewritten model reads. */
  int count() {
    return count;
  }

  /** The rewritten model, XGBoost JSON. */
  byte[] model() {
    return model;
  }
}
