#!/usr/bin/env bash
# Issue 25: one generation of GEN proposals scored by a supernet's inherited weights on local[2] (bin/nas search,
# Spark local mode, every core). Fashion-MNIST on the quickstart's NB201 skeleton (C=8, one cell per stage, 2,000
# images split 1,600 / 400):
#   1. train-supernet (single-path uniform, SUPERNET_EPOCHS epochs; not part of the generation's time);
#   2. search --run-id gen: random search, batch = budget = GEN, search.max-seconds=1 (it stops after the first
#      generation), scored by the supernet evaluator: per distinct cell, BN recalibrated on 4 training batches
#      of 64 and val_acc on the 400 validation images. Duplicates (the same canonical cell) are evaluated once:
#      NB201 has 15,625 genomes, fewer distinct cells, so a generation of GEN random draws evaluates fewer.
# Prints the wall time of the search command, its evaluate step, and the rows it wrote.
# Usage: benchmarks/scripts/supernet-generation.sh OUT   (env: GEN=10000 SUPERNET_EPOCHS=5 SEED=0)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
NAS="$ROOT/bin/nas"
GEN="${GEN:-10000}"
SUPERNET_EPOCHS="${SUPERNET_EPOCHS:-5}"
SEED="${SEED:-0}"
common=(--config "$ROOT/conf/quickstart.conf" --set "store.path=\"$OUT/store\"" --set search.seed="$SEED"
  --set 'evaluator.dl4j-train.fidelities=[]' --set evaluator.dl4j-train.seed=1)
now() { date +%s.%N; }
if [ ! -f "$OUT/supernet.json" ]; then
  "$NAS" train-supernet "${common[@]}" --set supernet.epochs="$SUPERNET_EPOCHS" --summary-json "$OUT/supernet.json" \
    > "$OUT/supernet.log" 2>&1
fi
path=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["path"])' "$OUT/supernet.json")
s=$(now)
"$NAS" search "${common[@]}" --run-id gen --set search.strategy=random --set search.batch="$GEN" \
  --set search.budget="$GEN" --set search.max-seconds=1 --set 'search.objectives=["val_acc:max"]' \
  --set search.evaluator=supernet --set "evaluator.supernet.path=\"$path\"" \
  --set evaluator.supernet.calibration-batches=4 --set evaluator.supernet.batch-size=64 \
  --summary-json "$OUT/gen.json" > "$OUT/gen.log" 2>&1
t=$(echo "$(now) - $s" | bc)
"$NAS" sql "${common[@]}" --format csv "SELECT count(*) AS evaluated, count(DISTINCT executor) AS executors,
  round(sum(wall_time_s), 1) AS evaluation_seconds, round(min(metrics['val_acc']), 2) AS worst_val_acc,
  round(max(metrics['val_acc']), 2) AS best_val_acc FROM evaluations WHERE run_id = 'gen'" > "$OUT/gen.csv" 2>/dev/null
echo "generation of $GEN proposals: search command ${t} s"
cat "$OUT/gen.csv"
cat "$OUT/gen.json"
