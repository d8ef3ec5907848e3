#!/usr/bin/env bash
# Rows/s of 'deepscore score' on a Spark standalone cluster on this machine (WORKERS workers x
# WORKER_CORES cores, each its own JVM, the deepscore-dist application sent with spark-submit)
# against local[WORKERS x WORKER_CORES] in one JVM: same data, same model, runs interleaved so load
# drift hits both alike. Results: bench/results/cluster-<run id>/ (every run's log, summary.txt,
# machine.txt). See BENCHMARKS.md and docs/deploy.md.
#
# Environment (all optional):
#   USERS          generated users to score              (default 2000000)
#   RUNS           runs per setup, interleaved           (default 2)
#   WORKERS        workers                               (default 2)
#   WORKER_CORES   cores per worker                      (default 1)
#   WORKER_MEMORY  memory per worker for its executor    (default 2g)
#   SKIP_BUILD     1 = use the existing build            (default 0)
#   MVN_FLAGS      extra Maven flags for the build       (default -o; "" to go online)
#   RUN_ID         results sub-directory                 (default UTC timestamp)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USERS="${USERS:-2000000}"
RUNS="${RUNS:-2}"
WORKERS="${WORKERS:-2}"
WORKER_CORES="${WORKER_CORES:-1}"
WORKER_MEMORY="${WORKER_MEMORY:-2g}"
SKIP_BUILD="${SKIP_BUILD:-0}"
MVN_FLAGS="${MVN_FLAGS--o}"
RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
OUT="$ROOT/bench/results/cluster-$RUN_ID"
DIST="$ROOT/deepscore-dist/target"
SPEC="$ROOT/specs/generated.json"
DEEPSCORE="$ROOT/deepscore"
LOCAL_MASTER="local[$((WORKERS * WORKER_CORES))]"

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

if [[ "$SKIP_BUILD" != 1 ]]; then
  log "building deepscore-dist (the spark-submit application)"
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -B -q $MVN_FLAGS -pl deepscore-dist -am package -DskipTests)
fi
app_jar="$(ls "$DIST"/deepscore-app-*.jar)"
lib_jars="$(ls "$DIST"/lib/*.jar | paste -sd,)"

mkdir -p "$OUT"
{
  echo "run_id: $RUN_ID"
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "users: $USERS  cluster: $WORKERS workers x $WORKER_CORES cores, $WORKER_MEMORY  local: $LOCAL_MASTER"
  echo "load before: $(load)"
} >"$OUT/machine.txt"

# The model: the default DNN shape (embedding 32, hidden 256-128), one epoch on 20,000 other users
# (speed does not depend on the weights).
log "model and $USERS users"
"$DEEPSCORE" generate --users 20000 --seed 12 --out "$OUT/sample" >"$OUT/prepare.log" 2>&1
"$DEEPSCORE" vocab --spec "$SPEC" --input "$OUT/sample" --out "$OUT/vocab" >>"$OUT/prepare.log" 2>&1
"$DEEPSCORE" featurize --spec "$SPEC" --vocab "$OUT/vocab" --input "$OUT/sample" \
  --out "$OUT/encoded" >>"$OUT/prepare.log" 2>&1
"$DEEPSCORE" train dnn --spec "$SPEC" --vocab "$OUT/vocab" --train "$OUT/encoded" \
  --out "$OUT/model" --epochs 1 >>"$OUT/prepare.log" 2>&1
"$DEEPSCORE" generate --users "$USERS" --seed 11 --out "$OUT/raw" >>"$OUT/prepare.log" 2>&1

log "starting the cluster"
"$DEEPSCORE" cluster start --dir "$OUT/cluster" --workers "$WORKERS" \
  --worker-cores "$WORKER_CORES" --worker-memory "$WORKER_MEMORY" | tee "$OUT/cluster-start.log"
trap '"$DEEPSCORE" cluster stop --dir "$OUT/cluster" >/dev/null; rm -rf "$OUT"/cluster/worker-*' EXIT
master="$(sed -n 's/^master: \(spark:[^ ]*\).*/\1/p' "$OUT/cluster-start.log")"

export SPARK_LOCAL_IP=127.0.0.1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648
for run in $(seq 1 "$RUNS"); do
  log "run $run: cluster $master  [load $(load)]"
  "$OUT/cluster/spark-home/bin/spark-submit" --master "$master" --driver-memory 1g \
    --jars "$lib_jars" "$app_jar" \
    score --model "$OUT/model" --input "$OUT/raw" --out "$OUT/scores-cluster-$run" \
    >"$OUT/cluster-$run.log" 2>&1
  log "run $run: $LOCAL_MASTER  [load $(load)]"
  "$DEEPSCORE" score --master "$LOCAL_MASTER" --model "$OUT/model" --input "$OUT/raw" \
    --out "$OUT/scores-local-$run" >"$OUT/local-$run.log" 2>&1
done
echo "load at end: $(load)" >>"$OUT/machine.txt"

{
  echo "deepscore score, $USERS users: rows/s of the scoring pass (whole run in parentheses)"
  for run in $(seq 1 "$RUNS"); do
    for setup in cluster local; do
      printf '%-8s run %d: %s\n' "$setup" "$run" \
        "$(sed -n 's/^throughput: //p' "$OUT/$setup-$run.log")"
    done
  done
  cat "$OUT/machine.txt"
} | tee "$OUT/summary.txt"
log "results in $OUT"
