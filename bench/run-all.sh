#!/usr/bin/env bash
# All five benchmarks, one after the other (about 35 minutes; --quick: about 10).
# Each one's figures are printed and kept in target/bench/<name>.out.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--quick" ]; then
  evaluation=(--runs 3 --warmup 1) startup=(--starts 2) detection=(--runs 10) outbox=(--alerts 2000) store=(--alerts 10 --samples 200)
else
  evaluation=() startup=() detection=() outbox=() store=()
fi
mkdir -p target/bench
bench/run.sh evaluation "${evaluation[@]}" --profile | tee target/bench/evaluation.out
echo
bench/run.sh startup "${startup[@]}" | tee target/bench/startup.out
echo
bench/run.sh detection "${detection[@]}" | tee target/bench/detection.out
echo
bench/run.sh outbox "${outbox[@]}" | tee target/bench/outbox.out
echo
bench/run.sh store "${store[@]}" | tee target/bench/store.out
