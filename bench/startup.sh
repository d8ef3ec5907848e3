#!/usr/bin/env bash
# Start-up benchmark (issue 12, item 3): a small `deepscore score`, RUNS times with the launcher's
# class-data sharing archive and RUNS times without (DEEPSCORE_CDS=0), alternating, on a quiet
# machine. Prints each run's wall time and its timeline (--verbose: when the Spark session was
# ready, when the scores were written), then the medians and the ratio.
#
#   bench/startup.sh BUNDLE            (USERS=20000 RUNS=3 WORK=bench/startup-work)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUNDLE="${1:?usage: bench/startup.sh BUNDLE}"
USERS="${USERS:-20000}"
RUNS="${RUNS:-3}"
WORK="${WORK:-$ROOT/bench/startup-work}"
DS="${DS:-$ROOT/deepscore}" # the launcher (a test copy can be given)
mkdir -p "$WORK"
[[ -f "$WORK/raw/_SUCCESS" ]] ||
  "$DS" generate --users "$USERS" --seed 7 --format json --out "$WORK/raw" --overwrite >/dev/null
# One run that writes the archive if there is none yet (and warms the page cache for both sides).
"$DS" score --model "$BUNDLE" --input "$WORK/raw" --out "$WORK/out" --master 'local[2]' \
  --overwrite >"$WORK/warm.log" 2>&1

run() { # run LABEL CDS: one timed run, one result line
  local start end
  start="$(date +%s.%N)"
  DEEPSCORE_CDS="$2" "$DS" score --verbose --model "$BUNDLE" --input "$WORK/raw" \
    --out "$WORK/out" --master 'local[2]' --overwrite >"$WORK/$1.log" 2>&1
  end="$(date +%s.%N)"
  local session written
  session="$(grep -o '[0-9]* ms Spark session ready' "$WORK/$1.log" | cut -d' ' -f1)"
  written="$(grep -o '[0-9]* ms scores written' "$WORK/$1.log" | cut -d' ' -f1)"
  printf '%s\t%s\t%.2f\t%s\t%s\n' "$1" "$2" "$(echo "$end - $start" | bc)" "$session" "$written"
}

{
  for ((i = 1; i <= RUNS; i++)); do
    run "cds-$i" 1
    run "plain-$i" 0
  done
} | tee "$WORK/runs.tsv"

/usr/bin/python3 - "$WORK/runs.tsv" "$USERS" <<'PYEOF'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
def med(cds, col):
    return statistics.median(float(r[col]) for r in rows if r[1] == cds)
print(f"\n{sys.argv[2]} users, median of {len(rows) // 2} runs each")
print(f"{'':28} {'with CDS':>10} {'without':>10} {'ratio':>7}")
for label, col, scale in (("wall s", 2, 1), ("Spark session ready s", 3, 1000),
                          ("scores written s", 4, 1000)):
    a, b = med("1", col) / scale, med("0", col) / scale
    print(f"{label:28} {a:10.2f} {b:10.2f} {a / b:7.2f}")
PYEOF
