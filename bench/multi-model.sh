#!/usr/bin/env bash
# Issue 15, item 1: three models in one pass (`score --model A,B,C`) against three separate
# `score` runs, on the same generated users. Prints each run's wall time and the ratio
# (3 separate runs / 1 pass). Run it on a quiet machine; BENCHMARKS.md keeps the table.
#
# Models: two DNN seeds and an XGBoost baseline on one spec and vocabularies (one encoder group).
#
# Environment (all optional):
#   N=2000000 (users scored)  TRAIN_USERS=50000  EPOCHS=2  BATCH=1024
#   WORK=bench/multi-work (reused: data and bundles are kept and not rebuilt when present)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-2000000}"
TRAIN_USERS="${TRAIN_USERS:-50000}"
EPOCHS="${EPOCHS:-2}"
BATCH="${BATCH:-1024}"
WORK="${WORK:-$ROOT/bench/multi-work}"
SPEC="$ROOT/specs/generated.json"
DS="$ROOT/deepscore"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648 # docs/operations.md

mkdir -p "$WORK"
log() { printf '[multi %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# quietly NAME CMD...: runs CMD with its output in $WORK/NAME.log, shows the log's end on failure
quietly() {
  local name="$1"
  shift
  if ! "$@" >"$WORK/$name.log" 2>&1; then
    echo "multi-model: $name failed; the last lines of $WORK/$name.log:" >&2
    tail -20 "$WORK/$name.log" >&2
    exit 1
  fi
}
# timed NAME CMD...: quietly, printing and returning (in $SECS) the wall seconds
timed() {
  local name="$1" t0 t1
  shift
  t0="$(date +%s.%N)"
  quietly "$name" "$@"
  t1="$(date +%s.%N)"
  SECS="$(echo "$t1 - $t0" | bc)"
  log "$name: ${SECS} s"
}

[[ -f "$WORK/raw/_SUCCESS" ]] || quietly generate "$DS" generate --users "$N" --seed 1 \
  --out "$WORK/raw" --overwrite
[[ -f "$WORK/train-raw/_SUCCESS" ]] || quietly generate-train "$DS" generate \
  --users "$TRAIN_USERS" --seed 2 --out "$WORK/train-raw" --overwrite
[[ -d "$WORK/vocab" ]] || quietly vocab "$DS" vocab --spec "$SPEC" --input "$WORK/train-raw" \
  --out "$WORK/vocab"
[[ -f "$WORK/enc/_SUCCESS" ]] || quietly featurize "$DS" featurize --spec "$SPEC" \
  --vocab "$WORK/vocab" --input "$WORK/train-raw" --out "$WORK/enc" --overwrite
for seed in 1 2; do
  [[ -f "$WORK/dnn$seed/manifest.json" ]] || quietly "train-dnn$seed" "$DS" train dnn \
    --spec "$SPEC" --vocab "$WORK/vocab" --train "$WORK/enc" --out "$WORK/dnn$seed" \
    --name "dnn_seed$seed" --seed "$seed" --epochs "$EPOCHS" --overwrite
done
[[ -f "$WORK/xgb/manifest.json" ]] || quietly train-xgb "$DS" train xgboost --spec "$SPEC" \
  --vocab "$WORK/vocab" --train "$WORK/enc" --out "$WORK/xgb" --name xgboost --overwrite

MODELS=("$WORK/dnn1" "$WORK/dnn2" "$WORK/xgb")
score() { "$DS" score --input "$WORK/raw" --batch-size "$BATCH" --audience --overwrite "$@"; }

timed one-pass score --model "$(IFS=,; echo "${MODELS[*]}")" --out "$WORK/scores-all"
ONE="$SECS"
SEPARATE=0
for i in 0 1 2; do
  timed "separate-$i" score --model "${MODELS[$i]}" --out "$WORK/scores-$i"
  SEPARATE="$(echo "$SEPARATE + $SECS" | bc)"
done

printf '\nusers\tmodels\tone pass (s)\t3 separate runs (s)\tseparate / one pass\n'
printf '%s\t3\t%.1f\t%.1f\t%.2f\n' "$N" "$ONE" "$SEPARATE" "$(echo "$SEPARATE / $ONE" | bc -l)"
grep -h "rows in:" "$WORK/one-pass.log" | head -1
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
