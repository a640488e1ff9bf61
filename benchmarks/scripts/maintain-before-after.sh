#!/usr/bin/env bash
# Files per table and query time before and after `bin/nas maintain` (issue 24), after a 50-generation run:
# a tabular NB201 random search (conf/nb201-tabular.conf, batch 20, budget 1000: about 50 generations, one MERGE
# per table and generation; regularized evolution re-proposes cached cells, which spend no budget, and ran 130
# generations on the same budget), then two queries timed as whole `bin/nas sql` commands (REPEAT times each, the JVM's start
# included: the same in both columns), then `maintain` with retention 0 (OPTIMIZE, VACUUM of everything no
# current version needs; it prints the files per table before and after), then the same queries again.
# Usage: benchmarks/scripts/maintain-before-after.sh OUT [REPEAT]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
REPEAT="${2:-3}"
NAS="$ROOT/bin/nas"
STORE="--set store.path=\"$OUT/store\""
if [ ! -f "$OUT/search.json" ]; then
  rm -rf "$OUT/store"
  "$NAS" search --config "$ROOT/conf/nb201-tabular.conf" $STORE --set search.strategy=random --set search.budget=1000 --set search.batch=20 \
    --run-id maintain-50 --summary-json "$OUT/search.json" > "$OUT/search.log" 2>&1
fi
queries=("SELECT count(*) AS n, max(objective_value) AS best FROM leaderboard"
         "SELECT generation, count(*) AS n FROM evaluations GROUP BY generation ORDER BY generation")
time_queries() { # label
  for i in "${!queries[@]}"; do
    for _ in $(seq "$REPEAT"); do
      s=$(date +%s.%N)
      "$NAS" sql $STORE "${queries[$i]}" > "$OUT/query-$1-$i.txt" 2>> "$OUT/query-$1.err"
      e=$(date +%s.%N)
      echo "$1 query$i $(echo "$e - $s" | bc)" >> "$OUT/times.txt"
    done
  done
}
rm -f "$OUT/times.txt"
time_queries before
"$NAS" maintain $STORE --set maintain.retention-hours=0 > "$OUT/maintain.txt" 2>&1
time_queries after
cat "$OUT/maintain.txt"
python3 - "$OUT/times.txt" <<'PY'
import sys, statistics, collections
t = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, q, s = line.split()
    t[(label, q)].append(float(s))
print("| query | before maintain, s (median) | after, s (median) |")
print("|---|---|---|")
for q in sorted({q for _, q in t}):
    print(f"| {q} | {statistics.median(t[('before', q)]):.1f} | {statistics.median(t[('after', q)]):.1f} |")
PY
