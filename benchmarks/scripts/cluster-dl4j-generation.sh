#!/usr/bin/env bash
# One dl4j-train generation on a standalone cluster (bin/local-cluster) of 1 worker against 2 (1 core each,
# WORKER_MEMORY 2g): the quickstart's NB201 / Fashion-MNIST training (conf/quickstart.conf) reduced to one
# generation of 8 random cells trained 1 epoch each (no successive halving). The figure is that generation's
# evaluate seconds (summary step_seconds): 8 trainings as Spark tasks spread over the workers' cores.
# Usage: benchmarks/scripts/cluster-dl4j-generation.sh OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
export WORKER_MEMORY="${WORKER_MEMORY:-2g}"
for workers in 1 2; do
  [ -f "$OUT/workers-$workers.json" ] && continue
  "$ROOT/bin/local-cluster" start "$workers" > "$OUT/cluster-$workers.txt" 2>&1
  rm -rf "$OUT/store-$workers"
  "$ROOT/bin/local-cluster" submit search --config "$ROOT/conf/quickstart.conf" \
    --set "store.path=\"$OUT/store-$workers\"" --set search.strategy=random --set search.budget=8 \
    --set search.batch=8 --set 'evaluator.dl4j-train.fidelities=[]' --set evaluator.dl4j-train.epochs=1 \
    --summary-json "$OUT/workers-$workers.json" > "$OUT/submit-$workers.txt" 2>&1 || true
  "$ROOT/bin/local-cluster" stop >> "$OUT/cluster-$workers.txt" 2>&1
done
python3 - "$OUT" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
evaluate = {}
print("| workers | candidates | evaluate, s | candidates/min |")
print("|---|---|---|---|")
for w in (1, 2):
    s = json.loads((out / f"workers-{w}.json").read_text())
    for x in s["step_seconds"]:
        evaluate[w] = x["evaluate"]
        print(f"| {w} | 8 | {x['evaluate']:.1f} | {8 * 60 / x['evaluate']:.1f} |")
print(f"speed-up 1 -> 2 workers: {evaluate[1] / evaluate[2]:.2f}x")
PY
