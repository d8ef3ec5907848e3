#!/usr/bin/env bash
# One end-to-end benchmark run on one machine (issue 12, item 4): every leg on the same generated
# users, then a table (rows/s, wall time, peak RSS per leg) and the ratios the targets are set in.
# Run it on a quiet machine; BENCHMARKS.md says how and keeps the latest table.
#
# Legs:
#   generate      N users once as Parquet and once as JSON lines (same seed: the same users)
#   train-java    `deepscore train dnn` on TRAIN_USERS encoded rows, EPOCHS epochs, 2 threads
#   train-torch   python/train.py, same rows, architecture, batch, epochs and threads
#                 (both: libtorch intra-op and inter-op threads = 2, dense Adam on every table)
#   forward-jvm   ScorerBenchmark (JMH) on the scoring bundle: 2 scorer threads x 1 intra-op thread, batch 1024
#   forward-torch bench/py_forward.py: the same TorchScript file, 2 processes x 1 thread, steady state
#   score-parquet `deepscore score` raw Parquet -> scores, local[2]
#   score-json    the same on the JSON lines
#   py-json       bench/py_score.py: the plain-Python scorer on the JSON lines (2 processes)
#   small-*       deepscore and the Python scorer on SMALL_USERS JSON users (start-up dominated);
#                 `deepscore parity` then checks the script's scores against deepscore's, every user
# The training legs are compared twice: whole commands (JVM / Python start-up, data loading and
# validation included) and training loops alone, from each side's own per-epoch record (the
# bundle's provenance history, python's training.json): rows/s of the epochs' training passes,
# the first epoch (warm-up) apart from the later ones (steady state; EPOCHS >= 2 for it).
# Python legs are skipped with a notice when /usr/bin/python3 has no torch; the scoring legs then
# use the Java-trained bundle.
#
# Environment (all optional):
#   N=2000000 TRAIN_USERS=70000 SMALL_USERS=200000 (0 skips) EPOCHS=3 BATCH=1024
#   WORK=bench/e2e-work (reused: generated data is kept and not regenerated when present)
#   SKIP_JMH=1  skip the forward-jvm leg (it builds deepscore-bench with -Pbench)
#   MVN_FLAGS   extra Maven flags for that build (default: -o)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-2000000}"
TRAIN_USERS="${TRAIN_USERS:-70000}"
SMALL_USERS="${SMALL_USERS:-200000}"
EPOCHS="${EPOCHS:-3}"
BATCH="${BATCH:-1024}"
WORK="${WORK:-$ROOT/bench/e2e-work}"
SKIP_JMH="${SKIP_JMH:-0}"
MVN_FLAGS="${MVN_FLAGS--o}"
PY=/usr/bin/python3
SPEC="$ROOT/specs/generated.json"
DS="$ROOT/deepscore"
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648 # docs/operations.md

mkdir -p "$WORK/times"
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
log() { printf '[e2e %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# leg NAME ROWS CMD...: runs CMD under /usr/bin/time (wall seconds, peak RSS of the largest
# process in KB), keeps its output in $WORK/NAME.log, appends "NAME ROWS SECONDS RSS_KB".
leg() {
  local name="$1" rows="$2"
  shift 2
  log "$name: $*"
  if ! /usr/bin/time -f '%e %M' -o "$WORK/times/$name" "$@" >"$WORK/$name.log" 2>&1; then
    echo "e2e: leg $name failed; the last lines of $WORK/$name.log:" >&2
    tail -20 "$WORK/$name.log" >&2
    exit 1
  fi
  read -r secs rss <"$WORK/times/$name"
  printf '%s\t%s\t%s\t%s\n' "$name" "$rows" "$secs" "$rss" >>"$RESULTS"
}

has_torch=0
if "$PY" -c 'import torch' 2>/dev/null; then
  has_torch=1
else
  log "NOTICE: $PY has no torch (Debian python3-torch): the Python legs are skipped"
fi

log "building the CLI if needed"
"$DS" --version >"$WORK/version.txt"
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "nproc: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -m1 'model name' /proc/cpuinfo || true
  free -g | head -2
  cat "$WORK/version.txt"
} >"$WORK/machine.txt"

gen() { # gen DIR USERS SEED FORMAT
  [[ -f "$1/_SUCCESS" ]] || "$DS" generate --users "$2" --seed "$3" --format "$4" --out "$1" \
    --overwrite >/dev/null
}
if [[ ! -f "$WORK/raw-parquet/_SUCCESS" ]]; then
  leg generate "$N" "$DS" generate --users "$N" --seed 1 --out "$WORK/raw-parquet" --overwrite
fi
gen "$WORK/raw-json" "$N" 1 json
gen "$WORK/train-raw" "$TRAIN_USERS" 2 parquet
[[ "$SMALL_USERS" == 0 ]] || gen "$WORK/small-json" "$SMALL_USERS" 3 json

log "vocabularies and encoded training rows ($TRAIN_USERS users)"
"$DS" vocab --spec "$SPEC" --input "$WORK/train-raw" --out "$WORK/vocab" >"$WORK/vocab.log" 2>&1 ||
  [[ -d "$WORK/vocab" ]]
[[ -f "$WORK/enc.npz" ]] || "$DS" featurize --spec "$SPEC" --vocab "$WORK/vocab" \
  --input "$WORK/train-raw" --out "$WORK/enc.npz" --format npz --overwrite >"$WORK/featurize.log" 2>&1
ENC_ROWS="$(grep -o 'encoded [0-9,]*' "$WORK/featurize.log" | head -1 | tr -dc 0-9 || echo 0)"
TRAIN_ROWS=$((ENC_ROWS * EPOCHS))

leg train-java "$TRAIN_ROWS" "$DS" train dnn --spec "$SPEC" --vocab "$WORK/vocab" \
  --train "$WORK/enc.npz.parquet" --epochs "$EPOCHS" --batch-size "$BATCH" --threads 2 \
  --master 'local[2]' --out "$WORK/bundle-dnn" --overwrite
BUNDLE="$WORK/bundle-dnn"
if ((has_torch)); then
  leg train-torch "$TRAIN_ROWS" "$PY" "$ROOT/python/train.py" --spec "$SPEC" --vocab "$WORK/vocab" \
    --train "$WORK/enc.npz" --epochs "$EPOCHS" --batch-size "$BATCH" --threads 2 --out "$WORK/torch"
  "$PY" "$ROOT/python/export.py" --checkpoint "$WORK/torch/checkpoint.pt" \
    --torchscript "$WORK/model.pt" >"$WORK/export.log" 2>&1
  rm -rf "$WORK/bundle-ts"
  "$DS" bundle --torchscript "$WORK/model.pt" --spec "$SPEC" --vocab "$WORK/vocab" \
    --out "$WORK/bundle-ts" >"$WORK/bundle.log" 2>&1 ||
    { echo "e2e: deepscore bundle failed, see $WORK/bundle.log" >&2; exit 1; }
  BUNDLE="$WORK/bundle-ts"
  FWD_ROWS=$((ENC_ROWS * 4)) # one warm-up pass and three timed passes over the rows
  leg forward-torch "$FWD_ROWS" "$PY" "$ROOT/bench/py_forward.py" --spec "$SPEC" \
    --model "$WORK/model.pt" --data "$WORK/enc.npz" --batch-size "$BATCH" --repeat 3
fi

if [[ "$SKIP_JMH" != 1 ]]; then
  log "building deepscore-bench (JMH)"
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -B -q $MVN_FLAGS -Pbench -pl deepscore-bench -am package -DskipTests \
    -Dspotless.check.skip=true)
  leg forward-jvm 0 java -jar "$ROOT/deepscore-bench/target/benchmarks.jar" ScorerBenchmark \
    -t 2 -p bundle="$BUNDLE" -p architecture=dnn -p threads=1 -p batchSize="$BATCH" -f 1 -wi 2 -w 3s -i 3 -r 3s \
    -rf json -rff "$WORK/forward-jvm.json"
fi

score() { # score NAME INPUT ROWS
  leg "$1" "$3" "$DS" score --model "$BUNDLE" --input "$2" --out "$WORK/scores-$1" \
    --master 'local[2]' --overwrite
}
score score-parquet "$WORK/raw-parquet" "$N"
score score-json "$WORK/raw-json" "$N"
if ((has_torch)); then
  leg py-json "$N" "$PY" "$ROOT/bench/py_score.py" --spec "$SPEC" --vocab "$WORK/vocab" \
    --model "$WORK/model.pt" --input "$WORK/raw-json" --out "$WORK/py-scores" --batch-size "$BATCH"
fi
if [[ "$SMALL_USERS" != 0 ]]; then
  score small-deepscore "$WORK/small-json" "$SMALL_USERS"
  if ((has_torch)); then
    leg small-python "$SMALL_USERS" "$PY" "$ROOT/bench/py_score.py" --spec "$SPEC" \
      --vocab "$WORK/vocab" --model "$WORK/model.pt" --input "$WORK/small-json" \
      --out "$WORK/py-small" --batch-size "$BATCH"
    # The comparison is fair only if the script computes the same scores: deepscore parity checks
    # every user of the small input against deepscore's own output (ids and scores).
    ID_COL="$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["id_column"])' "$SPEC")"
    { printf '%s\tscore\n' "$ID_COL"; cat "$WORK"/py-small/part-*.tsv; } >"$WORK/py-small.tsv"
    "$DS" parity --model "$BUNDLE" --scores "$WORK/scores-small-deepscore" \
      --reference "$WORK/py-small.tsv" --reference-id "$ID_COL" --reference-score score \
      >"$WORK/py-parity.log" 2>&1 ||
      { echo "e2e: the Python scorer disagrees with deepscore, see $WORK/py-parity.log" >&2; exit 1; }
  fi
fi

"$PY" - "$WORK" <<'PYEOF'
import json, os, re, sys
work = sys.argv[1]
legs = {}
for line in open(os.path.join(work, "results.tsv")):
    name, rows, secs, rss = line.split("\t")
    legs[name] = [int(rows), float(secs), int(rss) / 1024.0]
def pass_rate(name):  # deepscore's own "throughput: X rows/s (scoring pass ...)" line
    try:
        m = re.search(r"throughput: ([\d,]+) rows/s", open(os.path.join(work, name + ".log")).read())
        return float(m.group(1).replace(",", "")) if m else None
    except OSError:
        return None
jmh = os.path.join(work, "forward-jvm.json")
if os.path.exists(jmh):
    r = json.load(open(jmh))[0]
    legs["forward-jvm"][0] = -1
    legs["forward-jvm"].append(r["secondaryMetrics"]["rows"]["score"])
print(open(os.path.join(work, "machine.txt")).read())
parity = os.path.join(work, "py-parity.log")
if os.path.exists(parity):
    verdict = [l for l in open(parity) if l.startswith("parity ")]
    print("plain-Python scorer vs deepscore, small input: " + (verdict[-1].strip() if verdict else "?"))
def loop_rates(name):  # (epoch 1, mean of the later epochs) training-loop rows/s of a train leg
    try:
        if name == "train-java":
            manifest = json.load(open(os.path.join(work, "bundle-dnn", "manifest.json")))
            epochs = manifest["provenance"]["history"]
        else:
            epochs = json.load(open(os.path.join(work, "torch", "training.json")))["epochs"]
        r = [e["rows_per_second"] for e in epochs if e.get("rows_per_second")]
    except (OSError, KeyError, ValueError):
        return None
    if not r:
        return None
    return r[0], (sum(r[1:]) / len(r[1:]) if len(r) > 1 else float("nan"))
loops = {n: loop_rates(n) for n in ("train-java", "train-torch") if n in legs}
loops = {n: lr for n, lr in loops.items() if lr}
print(f"{'leg':16} {'rows':>12} {'wall s':>8} {'rows/s':>10} {'pass rows/s':>12} {'peak RSS MB':>12}")
rate = {}
for name, v in legs.items():
    rows, secs, rss = v[:3]
    rs = v[3] if len(v) > 3 else (rows / secs if rows > 0 else float("nan"))
    rate[name] = rs
    p = pass_rate(name)
    if p:
        rate[name + ":pass"] = p
    print(f"{name:16} {rows if rows >= 0 else '-':>12} {secs:8.1f} {rs:10.0f} "
          f"{(f'{p:.0f}' if p else '-'):>12} {rss:12.0f}")
def ratio(label, a, b, target):
    if a in rate and b in rate:
        print(f"{label:58} {rate[a] / rate[b]:6.2f}  (target {target})")
def wall(label, a, b, target):
    if a in legs and b in legs:
        print(f"{label:58} {legs[a][1] / legs[b][1]:6.2f}  (target {target})")
if loops:
    print(f"\n{'training loop':16} {'epoch 1 rows/s':>16} {'epochs 2+ rows/s':>17}")
for n, (first, later) in loops.items():
    rate[n + ":loop1"], rate[n + ":loop"] = first, later
    print(f"{n:16} {first:16.0f} {later:17.0f}")
print("\nratios")
ratio("end to end (Parquet, scoring pass) / forward limit", "score-parquet:pass", "forward-jvm", ">= 0.5")
ratio("end to end (Parquet, whole run) / forward limit", "score-parquet", "forward-jvm", "-")
ratio("deepscore forward / PyTorch-in-Python forward (steady)", "forward-jvm", "forward-torch:pass", ">= 1.2")
wall("wall: deepscore score JSON / plain-Python scorer", "score-json", "py-json", "<= 0.5")
wall("wall: deepscore score JSON / plain-Python, small input", "small-deepscore", "small-python", "<= 1.0")
ratio("training loop, epochs 2+: Java rows/s / PyTorch rows/s", "train-java:loop", "train-torch:loop",
      ">= 1.0")
ratio("training loop, epoch 1 (warm-up): Java / PyTorch", "train-java:loop1", "train-torch:loop1",
      "-")
wall("wall: deepscore train / python train.py (start-up incl.)", "train-java", "train-torch", "-")
PYEOF
