#!/usr/bin/env bash
# Proposals scored per second inside `search` (mobilenet on Fashion-MNIST, predictor-guided over NSGA-II,
# conf/macro-scale.conf) against the `throughput` benchmark run just before on the same machine, and the
# driver's heap after a generation of 10^4, 10^6 and 10^7 proposals (local[2]: the tasks run in the
# driver's JVM too). Each search: two generations of 4 trained by NSGA-II alone (the warm-up, cheap
# training: 200 images, 1 epoch), then one guided generation of COUNT proposals.
# Usage: benchmarks/scripts/proposals-at-scale.sh OUT
# Writes OUT/throughput.json, OUT/search-<name>.json (summaries), OUT/gc-<name>.log and prints a table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
[ -f "$OUT/throughput.json" ] || "$ROOT/bin/nas" bench throughput --set 'spark.master="local[2]"' \
  --set throughput.repeats=3 --summary-json "$OUT/throughput.json" > "$OUT/throughput.txt" 2>&1
run() { # NAME COUNT [extra --set ...]: proposals + random-proposals = COUNT / 4 per asked genome (batch 4)
  local name="$1" count="$2"; shift 2
  local per=$((count / 4)); local random=$((per / 5)); local own=$((per - random))
  [ -f "$OUT/search-$name.json" ] && return
  rm -rf "$OUT/store-$name"
  SPARKNAS_JAVA_OPTS="-Xmx4g -Xlog:gc:file=$OUT/gc-$name.log" "$ROOT/bin/nas" search \
    --config "$ROOT/conf/macro-scale.conf" --set "store.path=\"$OUT/store-$name\"" --set search.budget=12 \
    --set evaluator.dl4j-train.subset=200 --set evaluator.dl4j-train.epochs=1 \
    --set strategy.predictor-guided.proposals=$own --set strategy.predictor-guided.random-proposals=$random "$@" \
    --summary-json "$OUT/search-$name.json" > "$OUT/search-$name.txt" 2>&1
}
run xgboost-1e4 10000
run xgboost-1e6 1000000
run xgboost-1e7 10000000
# the default surrogate: a five-model ensemble with a bonus on its spread, every tree of every model walked
run ensemble-1e6 1000000 --set strategy.predictor-guided.predictor=xgboost-ensemble --set strategy.predictor-guided.bonus=1.25
python3 - "$OUT" <<'PY'
import json, re, sys, pathlib
out = pathlib.Path(sys.argv[1])
t = json.loads((out / "throughput.json").read_text())
print(f"throughput benchmark: {t['per_core_per_s']:,.0f} per core per s ({t['cores']} cores)")
print("| run | proposals in the guided generation | its ask, s | proposals/s | per core | vs throughput | driver heap after GC, max MB |")
print("|---|---|---|---|---|---|---|")
for name in ("xgboost-1e4", "xgboost-1e6", "xgboost-1e7", "ensemble-1e6"):
    s = json.loads((out / f"search-{name}.json").read_text())
    asks = {r["generation"]: r["ask"] for r in s["step_seconds"]}
    after = [int(m) for m in re.findall(r"->(\d+)M\(", (out / f"gc-{name}.log").read_text())]
    for r in s.get("proposals", []):
        per_core = r["proposals_per_s"] / 2
        print(f"| {name} | {r['proposals']:,} | {asks[r['generation']]:.2f} | {r['proposals_per_s']:,.0f} | "
              f"{per_core:,.0f} | {per_core / t['per_core_per_s']:.0%} | {max(after) if after else 'n/a'} |")
PY
