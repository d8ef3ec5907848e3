#!/usr/bin/env bash
# Regenerates the parity golden fixture in deepscore-model/src/test/resources/golden/:
# a tiny model (embedding dim 4, hidden 16,8) trained by python/train.py on 3,000 generated users,
# exported by python/export.py to TorchScript and ONNX, 300 featurized rows and Python's scores;
# and in golden/wide-deep/ a tiny Wide & Deep model (max pooling: it covers the masked max of the
# ONNX export) exported the same way, with its scores of the same rows.
# Needs /usr/bin/python3 with torch (Debian python3-torch) and the deepscore CLI. Run from anywhere:
#   python/make_golden.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
golden="$root/deepscore-model/src/test/resources/golden"
py=/usr/bin/python3
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$root/deepscore" generate --users 3000 --seed 11 --partitions 2 --out "$work/raw"
"$root/deepscore" vocab --spec "$root/specs/generated.json" --input "$work/raw" --out "$work/vocab"
"$root/deepscore" featurize --spec "$root/specs/generated.json" --vocab "$work/vocab" \
  --input "$work/raw" --format npz --out "$work/enc.npz"
"$py" "$root/python/train.py" --spec "$root/specs/generated.json" --vocab "$work/vocab" \
  --train "$work/enc.npz" --out "$work/torch" --epochs 3 --patience 3 --embedding-dim 4 \
  --hidden 16,8 --batch-size 256 --seed 5 --pooling mean --weight-decay 0
"$py" "$root/python/export.py" --checkpoint "$work/torch/checkpoint.pt" \
  --torchscript "$work/model.pt" --onnx "$work/model.onnx"

rm -rf "$golden"
mkdir -p "$golden/vocab"
cp "$root/specs/generated.json" "$golden/spec.json"
cp "$work"/vocab/*.vocab "$golden/vocab/"
cp "$work/model.pt" "$work/model.onnx" "$golden/"
# 300 rows: the encoded ids (int32 [300, max_length] per field) and the user ids
"$py" - "$work/enc.npz" "$golden/rows.npz" <<'PY'
import sys
import numpy as np
src, dst = sys.argv[1], sys.argv[2]
with np.load(src) as z:
    np.savez(dst, **{k: z[k][:300] for k in z.files})
PY
"$py" "$root/python/score.py" --model "$work/torch/checkpoint.pt" --spec "$golden/spec.json" \
  --data "$golden/rows.npz" --out "$golden/scores.npy" --ids "$golden/ids.npy"
# Wide & Deep on the same data and rows
"$py" "$root/python/train.py" --spec "$root/specs/generated.json" --vocab "$work/vocab" \
  --train "$work/enc.npz" --out "$work/torch-wd" --epochs 3 --patience 3 --embedding-dim 4 \
  --hidden 16,8 --batch-size 256 --seed 5 --architecture wide-deep --pooling max
mkdir -p "$golden/wide-deep"
"$py" "$root/python/export.py" --checkpoint "$work/torch-wd/checkpoint.pt" \
  --torchscript "$golden/wide-deep/model.pt" --onnx "$golden/wide-deep/model.onnx"
"$py" "$root/python/score.py" --model "$work/torch-wd/checkpoint.pt" --spec "$golden/spec.json" \
  --data "$golden/rows.npz" --out "$golden/wide-deep/scores.npy"
# the same rows with logits: a bundle with --output logit must give the same probabilities
"$py" "$root/python/export.py" --checkpoint "$work/torch/checkpoint.pt" --output logit \
  --torchscript "$golden/model-logit.pt"
# models that break the contract, for the refusal tests of `deepscore bundle`
"$py" "$root/python/make_bad_models.py" "$golden/spec.json" "$golden/bad"
echo "golden fixture written to $golden:"
ls -l "$golden" "$golden/vocab" "$golden/wide-deep"
