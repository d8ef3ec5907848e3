#!/usr/bin/env bash
# Trains one model per (configuration, seed) on an already featurized dataset, one run after the
# other (never in parallel: the machine's cores are shared), and appends one TSV line per run:
#   label  seed  best_valid_auc  best_epoch  epochs_run  seconds_per_epoch  options
# Used to choose the DNN's training defaults on the validation split only (docs/model.md).
#
# Usage: bench/train-search.sh DATA_DIR RESULTS.tsv CONFIGS_FILE
#   DATA_DIR      a `deepscore demo --workdir DATA_DIR` output (vocab/ and encoded/ are read)
#   CONFIGS_FILE  one configuration per line: `label<TAB>algorithm options`, e.g.
#                 `wd-l2<TAB>wide-deep --wide-l2 1e-4`; `#` lines are skipped
# Environment: SEEDS (default "1 2 3"), THREADS (libtorch threads, default 1), KEEP (1 = keep the
#   bundles under DATA_DIR/search/, default 0), SPEC (default specs/generated.json), DEEPSCORE (the
#   launcher, default ./deepscore; point it at a copy of a build to edit sources meanwhile).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${1:?data dir}"
RESULTS="${2:?results tsv}"
CONFIGS="${3:?configs file}"
SEEDS="${SEEDS:-1 2 3}"
THREADS="${THREADS:-1}"
KEEP="${KEEP:-0}"
SPEC="${SPEC:-$ROOT/specs/generated.json}"
DEEPSCORE="${DEEPSCORE:-$ROOT/deepscore}"

[[ -s "$RESULTS" ]] || printf 'label\tseed\tvalid_auc\tbest_epoch\tepochs_run\ts_per_epoch\toptions\n' >"$RESULTS"
while IFS=$'\t' read -r label options; do
  [[ -z "$label" || "$label" == \#* ]] && continue
  for seed in $SEEDS; do
    out="$DATA/search/$label-s$seed"
    log="$DATA/search/$label-s$seed.log"
    mkdir -p "$DATA/search"
    # shellcheck disable=SC2086
    if ! "$DEEPSCORE" train $options --spec "$SPEC" --vocab "$DATA/vocab" --train "$DATA/encoded" \
        --out "$out" --overwrite --seed "$seed" --threads "$THREADS" >"$log" 2>&1; then
      echo "FAILED: $label seed $seed (see $log)" >&2
      continue
    fi
    best="$(sed -n 's/^best \(epoch\|round\) \([0-9]*\) of \([0-9]*\).*valid AUC \([0-9.]*\).*/\2 \3 \4/p' "$log")"
    read -r epoch runs auc <<<"$best"
    spe="$(awk '/^ *(epoch|round) +[0-9]+\/[0-9]+/ { s += $(NF-1); n++ } END { if (n) printf "%.1f", s / n }' "$log")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$seed" "$auc" "$epoch" "$runs" "$spe" "$options" | tee -a "$RESULTS"
    [[ "$KEEP" == 1 ]] || rm -rf "$out"
  done
done <"$CONFIGS"
