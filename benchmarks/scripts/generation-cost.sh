#!/usr/bin/env bash
# The fixed cost of a generation: the NB201 tabular search (conf/nb201-tabular.conf, batch 20, 12
# generations, local[2]) with two builds run alternately, median over the generations of the seconds of
# all steps (ask, key, evaluate, tell, commit_results, commit_state) from the summary's step_seconds.
# Usage: benchmarks/scripts/generation-cost.sh BEFORE_CHECKOUT AFTER_CHECKOUT OUT [PAIRS]
# (each checkout built with `mvn -o -q package -DskipTests`; its bin/nas runs its own jars)
set -euo pipefail
BEFORE="$1"; AFTER="$2"; OUT="$(mkdir -p "$3" && cd "$3" && pwd)"; PAIRS="${4:-2}"
for pair in $(seq 1 "$PAIRS"); do
  for side in before after; do
    root="$BEFORE"; [ "$side" = after ] && root="$AFTER"
    name="$side-$pair"
    [ -f "$OUT/$name.json" ] && continue
    rm -rf "$OUT/store-$name"
    (cd "$root" && bin/nas search --config conf/nb201-tabular.conf --set "store.path=\"$OUT/store-$name\"" \
      --set 'spark.master="local[2]"' --set search.budget=240 --set search.batch=20 \
      --summary-json "$OUT/$name.json" > "$OUT/$name.txt" 2>&1)
  done
done
python3 - "$OUT" "$PAIRS" <<'PY'
import json, statistics, sys, pathlib
out, pairs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
steps = ["ask", "key", "evaluate", "tell", "commit_results", "commit_state"]
print("| build | run | generations | median s per generation | " + " | ".join(f"median {s}" for s in steps) + " |")
print("|---|---|---|---|" + "---|" * len(steps))
for side in ("before", "after"):
    for pair in range(1, pairs + 1):
        rows = json.loads((out / f"{side}-{pair}.json").read_text())["step_seconds"]
        totals = [sum(r.get(s, 0) for s in steps) for r in rows]
        print(f"| {side} | {pair} | {len(rows)} | {statistics.median(totals):.2f} | "
              + " | ".join(f"{statistics.median([r.get(s, 0) for r in rows]):.2f}" for s in steps) + " |")
PY
