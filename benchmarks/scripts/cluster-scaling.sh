#!/usr/bin/env bash
# The propose stage on a standalone cluster (bin/local-cluster) of 1 worker against 2 (1 core, 1g each):
# a tabular NB201 search (predictor-guided, one XGBoost model, 20 evaluations of warm-up by regularized
# evolution) whose one guided generation scores 10^6 proposals as ten Spark tasks. The figure is that
# generation's ask seconds (summary step_seconds) and proposals_per_s.
# Usage: benchmarks/scripts/cluster-scaling.sh OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
for workers in 1 2; do
  [ -f "$OUT/workers-$workers.json" ] && continue
  "$ROOT/bin/local-cluster" start "$workers" > "$OUT/cluster-$workers.txt" 2>&1
  rm -rf "$OUT/store-$workers"
  "$ROOT/bin/local-cluster" submit search --config "$ROOT/conf/nb201-tabular.conf" \
    --set "store.path=\"$OUT/store-$workers\"" --set search.strategy=predictor-guided --set search.budget=30 \
    --set search.batch=10 --set strategy.predictor-guided.predictor=xgboost --set strategy.predictor-guided.warmup=20 \
    --set strategy.predictor-guided.proposals=80000 --set strategy.predictor-guided.random-proposals=20000 \
    --summary-json "$OUT/workers-$workers.json" > "$OUT/submit-$workers.txt" 2>&1 || true
  "$ROOT/bin/local-cluster" stop >> "$OUT/cluster-$workers.txt" 2>&1
done
python3 - "$OUT" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
asks = {}
print("| workers | proposals | ask, s | proposals/s |")
print("|---|---|---|---|")
for w in (1, 2):
    s = json.loads((out / f"workers-{w}.json").read_text())
    for r in s["proposals"]:
        ask = next(x["ask"] for x in s["step_seconds"] if x["generation"] == r["generation"])
        asks[w] = ask
        print(f"| {w} | {r['proposals']:,} | {ask:.1f} | {r['proposals_per_s']:,.0f} |")
print(f"speed-up 1 -> 2 workers: {asks[1] / asks[2]:.2f}x")
PY
