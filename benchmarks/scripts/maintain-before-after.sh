#!/usr/bin/env bash
# Files per table and query time before and after `bin/nas maintain` (issue 24), after a 50-generation run:
# a tabular NB201 random search (conf/nb201-tabular.conf, batch 20, budget 1000: 76 generations when measured, one
# MERGE per table and generation; cells drawn again are served by the cache and spend no budget, and regularized
# evolution, which re-proposes more of them, ran 130 generations on the same budget), then two queries, each REPEAT times through `bin/nas sql`: timed as the query alone
# (its --summary-json query_seconds: the query and printing its rows) and as the whole command (the JVM's start and
# opening the store's tables and views included), then `maintain` with retention 0 (OPTIMIZE, VACUUM of everything no
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
      "$NAS" sql $STORE --summary-json "$OUT/query.json" "${queries[$i]}" > "$OUT/query-$1-$i.txt" 2>> "$OUT/query-$1.err"
      e=$(date +%s.%N)
      q=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["query_seconds"])' "$OUT/query.json")
      echo "$1 query$i $(echo "$e - $s" | bc) $q" >> "$OUT/times.txt"
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
whole, query = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, q, s, inside = line.split()
    whole[(label, q)].append(float(s))
    query[(label, q)].append(float(inside))
print("| query | the query, s (median): before maintain | after | whole `bin/nas sql` command, s: before | after |")
print("|---|---|---|---|---|")
for q in sorted({q for _, q in whole}):
    print(f"| {q} | {statistics.median(query[('before', q)]):.2f} | {statistics.median(query[('after', q)]):.2f}"
          f" | {statistics.median(whole[('before', q)]):.1f} | {statistics.median(whole[('after', q)]):.1f} |")
PY
