#!/usr/bin/env bash
# Memory soak (issue 12, item 5): `deepscore score` of USERS generated users (default 20M) with a
# 1 GB heap, local[2]; RSS sampled every second from /proc. Passes when the job succeeds, RSS after
# the warm-up grows less than 5% and the peak stays <= heap + 768 MB. Writes the samples, the
# verdict and the RSS curve (PNG, JFreeChart through deepscore-bench's RssChart) to $WORK.
# The executor runs as docs/operations.md recommends for a sized heap (DEEPSCORE_FIXED_HEAP=1:
# -Xms = -Xmx, pre-touched) and with Native Memory Tracking, read every 10 s with jcmd: the
# verdict splits RSS into the Java heap, the JVM's other memory and what lies outside the JVM.
#
# Environment (all optional):
#   USERS=20000000  HEAP_MB=1024  WARMUP_S=60  MAX_GROWTH=0.05  EXTRA_MB=768
#   FIXED_HEAP=1    0: G1's default growing heap (the RSS steps of the first minutes)
#   BREAKDOWN=1     0: no Native Memory Tracking and no jcmd samples
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
FIXED_HEAP="${FIXED_HEAP:-1}"
BREAKDOWN="${BREAKDOWN:-1}"
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

log "scoring $USERS users with a ${HEAP_MB} MB heap (fixed: $FIXED_HEAP)"
nmt=""
[[ "$BREAKDOWN" == 1 ]] && nmt="-XX:NativeMemoryTracking=summary"
DEEPSCORE_DRIVER_MEMORY="${HEAP_MB}m" DEEPSCORE_FIXED_HEAP="$FIXED_HEAP" \
  DEEPSCORE_JAVA_OPTS="$nmt ${DEEPSCORE_JAVA_OPTS:-}" "$DS" score --model "$BUNDLE" \
  --input "$WORK/raw" --out "$WORK/scores" --master 'local[2]' --overwrite >"$WORK/score.log" 2>&1 &
pid=$!
# The JVM: the launcher execs it, except on the run that writes the class-data sharing archive,
# where it is the launcher's child.
jvm_of() {
  if [[ "$(cat "/proc/$1/comm" 2>/dev/null)" == java ]]; then
    echo "$1"
  else
    pgrep -P "$1" -x java 2>/dev/null | head -1
  fi
}
# Java heap committed and the JVM's whole committed memory (KB), from Native Memory Tracking.
nmt_sample() {
  jcmd "$1" VM.native_memory summary 2>/dev/null | awk '
    /^Total:/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); total = $0 }
    /Java Heap \(/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); heap = $0 }
    END { if (total != "" && heap != "") printf "%s\t%s", heap, total }'
}
: >"$WORK/rss.tsv"
: >"$WORK/breakdown.tsv"
start=$(date +%s.%N)
n=0
while kill -0 "$pid" 2>/dev/null; do
  jvm=$(jvm_of "$pid" || true)
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/${jvm:-$pid}/status" 2>/dev/null || true)
  t=$(echo "$(date +%s.%N) - $start" | bc)
  if [[ -n "$rss" ]]; then
    printf '%.1f\t%s\n' "$t" "$rss" >>"$WORK/rss.tsv"
    if [[ "$BREAKDOWN" == 1 && -n "$jvm" ]] && ((n++ % 10 == 5)); then
      jvm_kb=$(nmt_sample "$jvm" || true)
      [[ -n "$jvm_kb" ]] && printf '%.1f\t%s\t%s\n' "$t" "$rss" "$jvm_kb" >>"$WORK/breakdown.tsv"
    fi
  fi
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
  "$MAX_GROWTH" "$((HEAP_MB + EXTRA_MB))" "$WORK/breakdown.tsv" | tee "$WORK/verdict.txt"
log "samples $WORK/rss.tsv and $WORK/breakdown.tsv, chart $WORK/rss.png"
