#!/usr/bin/env bash
# Which predictor kind steers predictor-guided best, on both visible protocols, budget 100. Every kind refits
# every 10 evaluations here (the default is 5) so that the GCN's refits (about 10 s each on 2 cores) fit a session.
# Usage: benchmarks/scripts/predictor-kinds.sh OUT [FIRST_SEED] [SEEDS]   (seeds 0-9 by default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$1"; FIRST="${2:-0}"; SEEDS="${3:-10}"
mkdir -p "$OUT"
for conf in nb201-tabular nb201-cifar100; do
  for kind in xgboost-ensemble xgboost mlp mlp-pretrained gcn; do
    [ -f "$OUT/$conf-$kind.json" ] && continue
    "$ROOT/bin/nas" bench benchmark --config "$ROOT/conf/$conf.conf" --set 'benchmark.strategies=[predictor-guided]' \
      --set benchmark.budget=100 --set benchmark.seeds="$SEEDS" --set benchmark.first-seed="$FIRST" \
      --set strategy.predictor-guided.predictor=$kind --set strategy.predictor-guided.refit-every=10 \
      --summary-json "$OUT/$conf-$kind.json" > "$OUT/$conf-$kind.txt" 2>&1
  done
done
echo "summaries under $OUT"
