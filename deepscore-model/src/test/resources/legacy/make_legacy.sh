#!/usr/bin/env bash
# Writes the legacy bundle fixture in deepscore-model/src/test/resources/legacy/: bundles written by
# an OLDER deepscore, which every later version must still open and score the same way
# (LegacyBundleFormatTest). Made once, from commit 665edf2 (the last commit before engines became
# plug-ins), and committed; re-running it with today's code would only test today's writer.
#
#   git archive 665edf2 | tar -x -C /tmp/deepscore-665edf2
#   deepscore-model/src/test/resources/legacy/make_legacy.sh /tmp/deepscore-665edf2
#
# Contents: a DJL network bundle (dnn/), an XGBoost bundle (xgboost/) and an ONNX bundle of the
# golden PyTorch export (onnx/), all trained or bundled by that version's CLI on tiny data; rows.jsonl,
# 40 raw generated users; and per bundle expected.csv, the score that version gave each row
# (user_id,score; rows it could not encode are absent).
set -euo pipefail
old="$(cd "$1" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
golden="$here/../golden"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ds="$old/deepscore"

"$ds" generate --users 800 --seed 3 --format json --partitions 1 --out "$work/raw"
"$ds" vocab --spec "$old/specs/generated.json" --input "$work/raw" --out "$work/vocab"
"$ds" featurize --spec "$old/specs/generated.json" --vocab "$work/vocab" --input "$work/raw" \
  --out "$work/enc"
"$ds" train --spec "$old/specs/generated.json" --vocab "$work/vocab" --train "$work/enc" \
  --out "$work/dnn" --name legacy-dnn --embedding-dim 4 --hidden 8 --epochs 2 --patience 2 \
  --batch-size 128 --seed 3 --threads 1
"$ds" train --spec "$old/specs/generated.json" --vocab "$work/vocab" --train "$work/enc" \
  --out "$work/xgboost" --name legacy-xgboost --algorithm xgboost --max-rounds 5 --max-depth 3 \
  --seed 3 --threads 1
"$ds" bundle --onnx "$golden/model.onnx" --spec "$golden/spec.json" --vocab "$golden/vocab" \
  --out "$work/onnx" --name legacy-onnx

rm -rf "$here/dnn" "$here/xgboost" "$here/onnx"
cp -r "$work/dnn" "$work/xgboost" "$work/onnx" "$here/"
head -n 40 "$work"/raw/part-*.json > "$here/rows.jsonl"

# The scores that version gives the rows, through its own API (ModelBundle.open/loadModel).
cat > "$work/ScoreLegacy.java" <<'JAVA'
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepscore.features.EncodedBatch;
import io.deepscore.features.Encoder;
import io.deepscore.features.FieldSpec;
import io.deepscore.features.InvalidValueException;
import io.deepscore.model.EngineSettings;
import io.deepscore.model.Scorer;
import io.deepscore.model.ScoringModel;
import io.deepscore.model.bundle.ModelBundle;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public class ScoreLegacy {
  public static void main(String[] a) throws Exception {
    ModelBundle b = ModelBundle.open(Path.of(a[0]));
    Encoder enc = b.encoder();
    EncodedBatch batch = enc.newBatch(64);
    List<String> ids = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(Path.of(a[1]))) {
      JsonNode n = json.readTree(line);
      Object[] values = new Object[b.spec().fieldCount()];
      for (int f = 0; f < values.length; f++) {
        FieldSpec fs = b.spec().field(f);
        JsonNode v = n.get(fs.column());
        if (v == null || v.isNull()) {
          values[f] = null;
        } else if (v.isArray()) {
          List<String> l = new ArrayList<>();
          v.forEach(x -> l.add(x.isNull() ? null : x.asText()));
          values[f] = l;
        } else {
          values[f] = v.asText();
        }
      }
      try {
        enc.encodeRow(values, batch);
        ids.add(n.get(b.spec().idColumn()).asText());
      } catch (InvalidValueException e) {
        // not scored
      }
    }
    float[] out = new float[64];
    try (ScoringModel m = b.loadModel(EngineSettings.threads(1));
        Scorer s = m.newScorer();
        PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(a[2])))) {
      s.score(batch, out);
      w.println("user_id,score");
      for (int i = 0; i < ids.size(); i++) {
        w.println(ids.get(i) + "," + out[i]);
      }
    }
  }
}
JAVA
cp="$old/deepscore-cli/target/deepscore-cli-0.1.0-SNAPSHOT.jar:$(cat "$old/deepscore-cli/target/classpath.txt")"
for b in dnn xgboost onnx; do
  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648 OPT_OUT_TRACKING=true DJL_OFFLINE=true \
    java -Dai.djl.offline=true -cp "$cp" "$work/ScoreLegacy.java" "$here/$b" "$here/rows.jsonl" \
    "$here/$b.expected.csv"
done
