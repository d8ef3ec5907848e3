#!/usr/bin/env bash
# Memory soak (issue 12, item 5): `deepscore score` of USERS generated users (default 20M) with a
# 1 GB heap, local[2]; RSS sampled every second from /proc. Passes when the job succeeds, RSS after
# the warm-up grows less than 5% and the peak stays <= heap + 768 MB. Writes the samples, the
# verdict and the RSS curve (PNG, JFreeChart through deepscore-bench's RssChart) to $WORK.
#
# Environment (all optional):
#   USERS=20000000  HEAP_MB=1024  WARMUP_S=60  MAX_GROWTH=0.05  EXTRA_MB=768
#   WORK=bench/soak-work (generated data is kept and reused)
#   BUNDLE=DIR      the bundle to score with (default: a 1-epoch DNN trained here on 20K users)
#   MVN_FLAGS       extra Maven flags for building deepscore-bench (default: -o)
#   SKIP_BUILD=1    use the existing deepscore-bench/target/benchmarks.jar
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
USERS="${USERS:-20000000}"
HEAP_MB="${HEAP_MB:-1024}"
WARMUP_S="${WARMUP_S:-60}"
MAX_GROWTH="${MAX_GROWTH:-0.05}"
EXTRA_MB="${EXTRA_MB:-768}"
WORK="${WORK:-$ROOT/bench/soak-work}"
MVN_FLAGS="${MVN_FLAGS--o}"
SPEC="$ROOT/specs/generated.json"
DS="$ROOT/deepscore"
JAR="$ROOT/deepscore-bench/target/benchmarks.jar"
log() { printf '[soak %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
mkdir -p "$WORK"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building deepscore-bench (RssChart)"
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -B -q $MVN_FLAGS -Pbench -pl deepscore-bench -am package -DskipTests \
    -Dspotless.check.skip=true)
fi
[[ -f "$JAR" ]] || { echo "soak: no $JAR: run without SKIP_BUILD=1" >&2; exit 1; }
"$DS" --version >/dev/null

if [[ ! -f "$WORK/raw/_SUCCESS" ]]; then
  log "generating $USERS users"
  "$DS" generate --users "$USERS" --seed 1 --out "$WORK/raw" --overwrite >"$WORK/generate.log"
fi
if [[ -z "${BUNDLE:-}" ]]; then
  BUNDLE="$WORK/bundle"
  if [[ ! -f "$BUNDLE/manifest.json" ]]; then
    log "training a 1-epoch DNN bundle on 20K users"
    "$DS" generate --users 20000 --seed 2 --out "$WORK/train-raw" --overwrite >/dev/null
    "$DS" vocab --spec "$SPEC" --input "$WORK/train-raw" --out "$WORK/vocab" >/dev/null 2>&1 ||
      [[ -d "$WORK/vocab" ]]
    "$DS" featurize --spec "$SPEC" --vocab "$WORK/vocab" --input "$WORK/train-raw" \
      --out "$WORK/enc" --overwrite >/dev/null
    "$DS" train dnn --spec "$SPEC" --vocab "$WORK/vocab" --train "$WORK/enc" --epochs 1 \
      --out "$BUNDLE" --overwrite >/dev/null
  fi
fi

log "scoring $USERS users with a ${HEAP_MB} MB heap"
DEEPSCORE_DRIVER_MEMORY="${HEAP_MB}m" "$DS" score --model "$BUNDLE" --input "$WORK/raw" \
  --out "$WORK/scores" --master 'local[2]' --overwrite >"$WORK/score.log" 2>&1 &
pid=$!
# The largest VmRSS (KB) of the launcher's pid and its children: the launcher execs the JVM, except
# on the run that writes the class-data sharing archive, where the JVM is its child.
rss_of_tree() {
  local best=0 p r
  for p in "$1" $(pgrep -P "$1" 2>/dev/null || true); do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || true)
    [[ -n "$r" ]] && ((r > best)) && best=$r
  done
  ((best > 0)) && echo "$best"
}
: >"$WORK/rss.tsv"
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(rss_of_tree "$pid" || true)
  [[ -n "$rss" ]] && printf '%.1f\t%s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$rss" >>"$WORK/rss.tsv"
  sleep 1
done
status=0
wait "$pid" || status=$?
tail -15 "$WORK/score.log"
if ((status != 0)); then
  echo "soak: FAIL: deepscore score exited $status (see $WORK/score.log)"
  exit 1
fi
java -cp "$JAR" io.deepscore.bench.RssChart "$WORK/rss.tsv" "$WORK/rss.png" "$WARMUP_S" \
  "$MAX_GROWTH" "$((HEAP_MB + EXTRA_MB))" | tee "$WORK/verdict.txt"
log "samples $WORK/rss.tsv, chart $WORK/rss.png"
