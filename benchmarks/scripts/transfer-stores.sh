#!/usr/bin/env bash
# Builds the three source stores of benchmarks/2026-12-06-transfer.md under OUT (default /tmp/sparknas-transfer):
#   c10-store           3 CIFAR-10 searches (regularized evolution, budget 100, seeds 1000-1002) on tables cut
#                       to CIFAR-10's columns: per-seed 200-epoch validation accuracy, 200-epoch test accuracy
#   c100-store          3 CIFAR-100 searches on tables cut to CIFAR-100's columns: 12-epoch validation, test
#   c10-negative-store  3 searches that maximise cifar10_valid_train_time_s (a source that does not predict accuracy)
# The seeds are disjoint from the benchmark's (0-119). Usage: benchmarks/scripts/transfer-stores.sh [OUT]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$ROOT/../shared/benchmarks"
OUT="${1:-/tmp/sparknas-transfer}"
mkdir -p "$OUT"

# keep the named columns of a CSV (by header name; arch strings hold no commas)
cut_columns() {
  awk -F, -v keep="$1" 'BEGIN { OFS = ","; n = split(keep, k, " ") }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; for (j = 1; j <= n; j++) if (!(k[j] in col)) { print "no column " k[j] > "/dev/stderr"; exit 2 } }
    { line = $(col[k[1]]); for (j = 2; j <= n; j++) line = line OFS $(col[k[j]]); print line }'
}
zcat "$DATA/nb201-perseed-200ep/nb201_perseed_cifar.csv.gz" \
  | cut_columns "arch_index arch_str seed cifar10_valid_val_acc cifar10_valid_train_time_s" > "$OUT/c10_perseed.csv"
cut_columns "arch_index arch_str cifar10_test_acc" < "$DATA/nb201-test200-nats/nb201_test200_cifar.csv" > "$OUT/c10_test200.csv"
cut_columns "arch_index arch_str cifar100_val_acc_12ep" < "$DATA/nb201-12epoch/nb201_12ep_cifar.csv" > "$OUT/c100_12ep.csv"
cut_columns "arch_index arch_str cifar100_test_acc" < "$DATA/nb201-test200-nats/nb201_test200_cifar.csv" > "$OUT/c100_test200.csv"

for seed in 1000 1001 1002; do
  "$ROOT/bin/nas" search --config "$ROOT/conf/nb201-tabular.conf" --run-id "c10-$seed" --set search.seed=$seed \
    --set "evaluator.tabular.tables=[\"$OUT/c10_perseed.csv\",\"$OUT/c10_test200.csv\"]" \
    --set "store.path=\"$OUT/c10-store\""
  "$ROOT/bin/nas" search --config "$ROOT/conf/nb201-cifar100.conf" --run-id "c100-$seed" --set search.seed=$seed \
    --set "evaluator.tabular.tables=[\"$OUT/c100_12ep.csv\",\"$OUT/c100_test200.csv\"]" \
    --set "store.path=\"$OUT/c100-store\""
  "$ROOT/bin/nas" search --config "$ROOT/conf/nb201-tabular.conf" --run-id "neg-$seed" --set search.seed=$seed \
    --set "evaluator.tabular.tables=[\"$OUT/c10_perseed.csv\",\"$OUT/c10_test200.csv\"]" \
    --set 'search.objectives=["cifar10_valid_train_time_s:max"]' \
    --set "store.path=\"$OUT/c10-negative-store\""
done
echo "stores under $OUT"
