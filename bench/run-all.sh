#!/usr/bin/env bash
# All three benchmarks, one after the other (about 30 minutes; --quick: about 6).
# Each one's figures are printed and kept in target/bench/<name>.out.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--quick" ]; then
  evaluation=(--runs 3 --warmup 1) startup=(--starts 2) detection=(--runs 10)
else
  evaluation=() startup=() detection=()
fi
mkdir -p target/bench
bench/run.sh evaluation "${evaluation[@]}" --profile | tee target/bench/evaluation.out
echo
bench/run.sh startup "${startup[@]}" | tee target/bench/startup.out
echo
bench/run.sh detection "${detection[@]}" | tee target/bench/detection.out
