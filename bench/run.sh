#!/usr/bin/env bash
# Builds deepscore-bench/target/benchmarks.jar and runs the JMH benchmarks (encoder, normalizer,
# scorer), the scorer twice: with the glibc allocator fix (docs/operations.md)
# (MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648) and without, interleaved per param set
# (one fork each, fixed then default) so load drift on a shared machine hits both alike.
# Results: bench/results/<run id>/ (JMH JSON + text per step, machine.txt, summary.txt).
# See BENCHMARKS.md.
#
# Environment (all optional):
#   JMH_OPTS     JMH run options       (default: -f 1 -wi 2 -w 3s -i 3 -r 3s)
#   BATCH_SIZES  scorer batch sizes    (default: 256,1024,4096)
#   THREADS      intra-op thread counts, space separated (default: "1 2")
#   STEPS        which steps, space separated (default: "encoder scorer logistic tasks")
#   SKIP_BUILD   1 = use the existing jar (default: 0)
#   MVN_FLAGS    extra Maven flags for the build (default: -o; set to "" to go online)
#   RUN_ID       results sub-directory name (default: UTC timestamp)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/deepscore-bench/target/benchmarks.jar"
JMH_OPTS="${JMH_OPTS:--f 1 -wi 2 -w 3s -i 3 -r 3s}"
BATCH_SIZES="${BATCH_SIZES:-256,1024,4096}"
THREADS="${THREADS:-1 2}"
STEPS="${STEPS:-encoder scorer logistic tasks}"
SKIP_BUILD="${SKIP_BUILD:-0}"
MVN_FLAGS="${MVN_FLAGS--o}"
RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
OUT="$ROOT/bench/results/$RUN_ID"

# DJL never downloads and never phones home; the forks inherit this environment.
export OPT_OUT_TRACKING=true DJL_OFFLINE=true

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

if [[ "$SKIP_BUILD" != 1 ]]; then
  log "building $JAR"
  # shellcheck disable=SC2086
  (cd "$ROOT" && mvn -B -q $MVN_FLAGS -Pbench -pl deepscore-bench -am package -DskipTests)
fi
[[ -f "$JAR" ]] || { echo "no $JAR: run without SKIP_BUILD=1" >&2; exit 1; }

mkdir -p "$OUT"
{
  echo "run_id: $RUN_ID"
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "git: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (dirty tree)')"
  echo "nproc: $(nproc)"
  lscpu | head -20
  free -g | head -2
  java -version 2>&1 | head -1
  echo "JMH_OPTS: $JMH_OPTS"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

# jmh <label> <allocator: fixed|default> <jmh args...>: one JMH invocation, JSON + text output.
jmh() {
  local label="$1" alloc="$2"
  shift 2
  local -a envs
  if [[ "$alloc" == fixed ]]; then
    envs=(MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=2147483648)
  else
    envs=(-u MALLOC_MMAP_MAX_ -u MALLOC_TRIM_THRESHOLD_)
  fi
  log "$label (allocator $alloc): $*  [load $(cut -d' ' -f1 /proc/loadavg)]"
  # Not JMH's -o: the forks' own output (their [encoder]/[scorer] workload lines) must land there too.
  # shellcheck disable=SC2086
  env "${envs[@]}" java -jar "$JAR" "$@" $JMH_OPTS \
    -rf json -rff "$OUT/$label.json" >"$OUT/$label.txt" 2>&1 \
    || { echo "JMH failed for $label, see $OUT/$label.txt" >&2; tail -20 "$OUT/$label.txt" >&2; exit 1; }
  echo "load after $label: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
}

for step in $STEPS; do
  case "$step" in
    encoder)
      # Pure Java: the allocator does not matter; run with the glibc default.
      jmh encoder default 'EncoderBenchmark|NormalizeBenchmark'
      ;;
    scorer)
      # The DNN: every (threads, batch size) with and without the allocator fix, back to back.
      for t in $THREADS; do
        for b in ${BATCH_SIZES//,/ }; do
          for alloc in fixed default; do
            jmh "scorer-dnn-t$t-b$b-malloc-$alloc" "$alloc" ScorerBenchmark \
              -p architecture=dnn -p threads="$t" -p batchSize="$b"
          done
        done
      done
      ;;
    logistic)
      for b in ${BATCH_SIZES//,/ }; do
        for alloc in fixed default; do
          jmh "scorer-logistic-t1-b$b-malloc-$alloc" "$alloc" ScorerBenchmark \
            -p architecture=logistic -p threads=1 -p batchSize="$b"
        done
      done
      ;;
    tasks)
      # The Spark layout: two scorer threads (tasks) on one shared model, one intra-op thread each.
      # One scorer thread then two, back to back, so their ratio is measured side by side.
      for alloc in fixed default; do
        for tasks in 1 2; do
          jmh "scorer-dnn-${tasks}tasks-malloc-$alloc" "$alloc" ScorerBenchmark -t "$tasks" \
            -p architecture=dnn -p threads=1 -p batchSize=1024
        done
      done
      ;;
    *)
      echo "unknown step '$step' (steps: encoder scorer logistic tasks)" >&2
      exit 2
      ;;
  esac
done

echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
java -cp "$JAR" io.deepscore.bench.BenchSummary "$OUT"/*.json | tee "$OUT/summary.txt"
log "results in $OUT"
