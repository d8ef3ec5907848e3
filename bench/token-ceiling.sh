#!/usr/bin/env bash
# How much a token-by-token learner can get on the generated data (docs/data.md): runs
# io.deepscore.spark.generate.TokenCeiling (test sources; pure Java, no Spark) for N users.
# Usage: bench/token-ceiling.sh [USERS, default 200000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$ROOT" && mvn -B -q -o -pl deepscore-spark -am test-compile -Dspotless.check.skip=true)
java -Xmx6g -cp "$ROOT/deepscore-spark/target/classes:$ROOT/deepscore-spark/target/test-classes" \
  io.deepscore.spark.generate.TokenCeiling "${1:-200000}"
