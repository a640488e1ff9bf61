#!/usr/bin/env bash
# Proposals scored per second inside `search` (mobilenet, predictor-guided over NSGA-II, conf/macro-scale.conf)
# against the `throughput` benchmark run back to back on the same machine, and the driver's heap after a
# generation of 10^4, 10^6 and 10^7 proposals (local[2]: the tasks run in the driver's JVM too).
# Usage: benchmarks/scripts/proposals-at-scale.sh OUT
# Writes OUT/throughput.json, OUT/search-<count>.json (summary), OUT/gc-<count>.log and prints a table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
"$ROOT/bin/nas" bench throughput --set 'spark.master="local[2]"' --set throughput.repeats=3 \
  --summary-json "$OUT/throughput.json" > "$OUT/throughput.txt" 2>&1
# per asked genome: proposals + random-proposals; batch 4; budget 12 = two warm-up generations of 4 and one guided
for count in 10000 1000000 10000000; do
  per=$((count / 4)); random=$((per / 5)); own=$((per - random))
  rm -rf "$OUT/store-$count"
  SPARKNAS_JAVA_OPTS="-Xmx4g -Xlog:gc:file=$OUT/gc-$count.log" "$ROOT/bin/nas" search \
    --config "$ROOT/conf/macro-scale.conf" --set "store.path=\"$OUT/store-$count\"" --set search.budget=12 \
    --set strategy.predictor-guided.proposals=$own --set strategy.predictor-guided.random-proposals=$random \
    --summary-json "$OUT/search-$count.json" > "$OUT/search-$count.txt" 2>&1
done
python3 - "$OUT" <<'PY'
import json, re, sys, pathlib
out = pathlib.Path(sys.argv[1])
t = json.loads((out / "throughput.json").read_text())
per_core = t.get("per_core_per_s") or t.get("candidates_per_core_per_s")
print(f"throughput (bench): {per_core} per core per s" if per_core else f"throughput summary: {t}")
print("| proposals a generation | guided generation ask s | proposals/s | per core (2) | heap after GC, max MB |")
print("|---|---|---|---|---|")
for count in (10000, 1000000, 10000000):
    s = json.loads((out / f"search-{count}.json").read_text())
    rows = s.get("proposals", [])
    asks = {r["generation"]: r for r in s["step_seconds"]}
    gc = (out / f"gc-{count}.log").read_text()
    after = [int(m) for m in re.findall(r"->(\d+)M\(", gc)]
    for r in rows:
        print(f"| {r['proposals']:,} | {asks[r['generation']]['ask']:.2f} | {r['proposals_per_s']:,.0f} | "
              f"{r['proposals_per_s'] / 2:,.0f} | {max(after) if after else 'n/a'} |")
PY
