#!/usr/bin/env bash
# The grid that chose prior.warm-start and prior.proposals (benchmarks/2026-12-06-transfer.md, "Defaults"):
# warm-start {5, 10, 20} x proposals {1, 5}, regularized evolution and predictor-guided, budget 30, on both
# visible protocols, each with a helpful store and with the negative store, plus the cold runs on the same seeds.
# Usage: benchmarks/scripts/prior-defaults.sh STORES OUT [FIRST_SEED] [SEEDS]
#   STORES  the folder benchmarks/scripts/transfer-stores.sh wrote (c10-store, c100-store, c10-negative-store)
#   OUT     where the summary JSONs go; tuning seeds 100-119 by default, 120-179 to confirm
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STORES="$1"; OUT="$2"; FIRST="${3:-100}"; SEEDS="${4:-20}"
mkdir -p "$OUT"
bench() { # NAME CONF [--set ...]
  local name="$1" conf="$2"; shift 2
  [ -f "$OUT/$name.json" ] && return 0
  "$ROOT/bin/nas" bench benchmark --config "$ROOT/conf/$conf" \
    --set 'benchmark.strategies=[regularized-evolution,predictor-guided]' --set benchmark.budget=30 \
    --set benchmark.seeds="$SEEDS" --set benchmark.first-seed="$FIRST" "$@" --summary-json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1
}
bench c100-cold nb201-cifar100.conf
bench c10-cold nb201-tabular.conf
for w in 5 10 20; do for k in 1 5; do
  p=(--set prior.source=store --set prior.warm-start=$w --set prior.proposals=$k)
  bench c100-c10store-w$w-k$k nb201-cifar100.conf "${p[@]}" --set "prior.store=\"$STORES/c10-store\""
  bench c10-c100store-w$w-k$k nb201-tabular.conf "${p[@]}" --set "prior.store=\"$STORES/c100-store\""
  bench c100-negstore-w$w-k$k nb201-cifar100.conf "${p[@]}" --set "prior.store=\"$STORES/c10-negative-store\""
  bench c10-negstore-w$w-k$k nb201-tabular.conf "${p[@]}" --set "prior.store=\"$STORES/c10-negative-store\""
done; done
echo "summaries under $OUT"
