#!/usr/bin/env bash
# Predictor-guided's defaults against one change at a time, on both visible protocols (CIFAR-10: per-seed
# 200-epoch validation reward; CIFAR-100: cifar100_val_acc_12ep -> cifar100_test_acc), budget 100.
# Usage: benchmarks/scripts/guided-defaults.sh OUT [FIRST_SEED] [SEEDS]   (tuning seeds 100-119 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; FIRST="${2:-100}"; SEEDS="${3:-20}"
mkdir -p "$OUT"
P=strategy.predictor-guided
variants=("default" "$P.bonus=0" "$P.floor-quantile=0")
for conf in nb201-tabular nb201-cifar100; do
  for v in "${variants[@]}"; do
    name="$conf-${v#"$P."}"; name="${name//=/-}"
    [ -f "$OUT/$name.json" ] && continue
    set_v=(); [ "$v" != default ] && set_v=(--set "$v")
    "$ROOT/bin/nas" bench benchmark --config "$ROOT/conf/$conf.conf" --set 'benchmark.strategies=[predictor-guided]' \
      --set benchmark.budget=100 --set benchmark.seeds="$SEEDS" --set benchmark.first-seed="$FIRST" "${set_v[@]}" \
      --summary-json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
  done
done
echo "summaries under $OUT"
