#!/usr/bin/env bash
# Counts the Spark jobs, stages and input records of one `deepscore score` run, from Spark's event
# log (docs/startup.md, "Measured"). Usage:
#   bench/score-jobs.sh [DEEPSCORE_LAUNCHER] -- <score options...>
# e.g. bench/score-jobs.sh ./deepscore -- --model B --input RAW --out OUT --master 'local[2]' --overwrite
# Prints: jobs, stages, records read (sum over tasks), the wall seconds, and the timeline.
set -euo pipefail
launcher=./deepscore
if [[ $# -gt 0 && $1 != -- ]]; then launcher=$1; shift; fi
[[ ${1:-} == -- ]] && shift
events=$(mktemp -d /tmp/score-jobs.XXXXXX)
trap 'rm -rf "$events"' EXIT
start=$(date +%s.%N)
DEEPSCORE_JAVA_OPTS="${DEEPSCORE_JAVA_OPTS:-} -Dspark.eventLog.enabled=true -Dspark.eventLog.compress=false -Dspark.eventLog.dir=file://$events" \
  "$launcher" score --verbose "$@" >"$events/run.log" 2>&1 || { tail -20 "$events/run.log"; exit 1; }
end=$(date +%s.%N)
/usr/bin/python3 - "$events" "$start" "$end" <<'PY'
import glob, json, sys
events, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
jobs = stages = records = 0
for f in glob.glob(events + "/**/*", recursive=True):
    if f.endswith("run.log") or not f.split("/")[-1].startswith("events"):
        continue
    for line in open(f):
        e = json.loads(line)
        kind = e.get("Event")
        if kind == "SparkListenerJobStart":
            jobs += 1
        elif kind == "SparkListenerStageCompleted":
            stages += 1
        elif kind == "SparkListenerTaskEnd":
            m = e.get("Task Metrics") or {}
            records += (m.get("Input Metrics") or {}).get("Records Read", 0)
print(f"jobs {jobs}  stages {stages}  records read {records:,}  wall {end - start:.1f} s")
PY
grep -E 'deepscore timeline|rows in:' "$events/run.log" | sed 's/.*deepscore timeline/  timeline/; s/^.*rows in/  rows in/'
