#!/usr/bin/env bash
# Issue 25's search over the supernet against the same search with stand-alone training at equal wall time, on
# Fashion-MNIST (the quickstart's NB201 skeleton: C=8, one cell per stage, 2,000 images split 1,600 / 400):
#   1. train-supernet (single-path uniform, SUPERNET_EPOCHS epochs);
#   2. NSGA-II over val_acc x params scored by the supernet's inherited weights (WS_BUDGET evaluations);
#   3. the same NSGA-II with every candidate trained stand-alone (dl4j-train, 5 epochs), stopped by
#      search.max-seconds at the seconds steps 1 + 2 took (equal wall time);
#   4. train-final --front on both runs: every Pareto-front cell trained stand-alone (final.epochs 5 on the
#      same 2,000 images) and measured on 2,000 t10k test images: the confirmation.
# Usage: benchmarks/scripts/supernet-search.sh OUT   (env: SUPERNET_EPOCHS=15 WS_BUDGET=200 SEED=0)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
NAS="$ROOT/bin/nas"
SUPERNET_EPOCHS="${SUPERNET_EPOCHS:-15}"
WS_BUDGET="${WS_BUDGET:-200}"
SEED="${SEED:-0}"
common=(--config "$ROOT/conf/quickstart.conf" --set "store.path=\"$OUT/store\"" --set search.seed="$SEED"
  --set 'evaluator.dl4j-train.fidelities=[]' --set evaluator.dl4j-train.epochs=5 --set evaluator.dl4j-train.seed=1
  --set search.batch=20)
now() { date +%s.%N; }
s=$(now)
"$NAS" train-supernet "${common[@]}" --set supernet.epochs="$SUPERNET_EPOCHS" --summary-json "$OUT/supernet.json" \
  > "$OUT/supernet.log" 2>&1
t_supernet=$(echo "$(now) - $s" | bc)
path=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["path"])' "$OUT/supernet.json")
s=$(now)
"$NAS" search "${common[@]}" --run-id ws --set search.evaluator=supernet --set "evaluator.supernet.path=\"$path\"" \
  --set search.budget="$WS_BUDGET" --summary-json "$OUT/ws.json" > "$OUT/ws.log" 2>&1
t_ws=$(echo "$(now) - $s" | bc)
limit=$(python3 -c "import math; print(math.ceil($t_supernet + $t_ws))")
s=$(now)
"$NAS" search "${common[@]}" --run-id sa --set search.budget=10000 --set search.max-seconds="$limit" \
  --summary-json "$OUT/sa.json" > "$OUT/sa.log" 2>&1
t_sa=$(echo "$(now) - $s" | bc)
for run in ws sa; do
  "$NAS" train-final "${common[@]}" --run-id "$run" --front --set final.epochs=5 --set final.subset=2000 \
    --set final.test-subset=2000 --summary-json "$OUT/final-$run.json" > "$OUT/final-$run.log" 2>&1
done
"$NAS" sql "${common[@]}" --format csv "SELECT run_id, count(*) AS evaluations FROM evaluations GROUP BY run_id" \
  > "$OUT/evaluations.csv" 2>/dev/null
echo "supernet training: ${t_supernet} s; supernet search: ${t_ws} s; stand-alone search (limit ${limit} s): ${t_sa} s"
cat "$OUT/evaluations.csv"
python3 - "$OUT" <<'PY'
import json, sys, pathlib
out = pathlib.Path(sys.argv[1])
for run in ("ws", "sa"):
    f = json.loads((out / f"final-{run}.json").read_text())
    models = f.get("models", [])
    print(f"## {run}: {len(models)} front cells trained stand-alone")
    print("| arch | params | test_acc |")
    print("|---|---|---|")
    for m in models:
        print(f"| {m['arch']} | {m['params']:.0f} | {m['test_acc']:.2f} |")
PY
