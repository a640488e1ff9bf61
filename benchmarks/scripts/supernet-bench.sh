#!/usr/bin/env bash
# The weight-sharing measurement of benchmarks/2026-12-06-supernet.md (issue 25, deliverable 4), without Spark:
# trains the NB201 supernet on a Fashion-MNIST subset, then scores K cells by inherited weights (the supernet
# evaluator, BN recalibrated per cell) and by stand-alone dl4j-train training at the same recipe, and prints
# Kendall tau-b / Spearman with bootstrap intervals, sub-networks evaluated per second on one core, the supernet's
# training time and peak RSS. One native thread throughout (Dl4jNatives.useThreads(1)).
#
# Usage: benchmarks/scripts/supernet-bench.sh [key=value ...]   e.g. subset=3000 epochs=3 cells=30
#   keys (defaults): data=/usr/share/datasets/fashion-mnist subset=3000 epochs=3 cells=30 stem=8 cells-per-stage=1
#                    batch=64 lr=0.01 seed=1 calibration-batches=4 bootstrap=2000 out=/tmp/sparknas-supernet-bench
#                    supernet-epochs=(epochs) standalone=true (false: inherited weights only, no stand-alone training)
#                    supernet=(a trained supernet's folder: no training) masked=false (true: also the masked supernet,
#                    the reference the evaluator mirrors: its rate, and whether every cell agrees)
#                    validation-fraction=0.2 repeat-seed=(a second recipe seed: every cell trained stand-alone again,
#                    and the tau between the two seeds, the ground truth's own agreement)
# Builds with the reactor (offline, no install) and runs io.sparknas.jobs.supernet.SupernetBench from target/classes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -ntp -o -q -pl jobs -am compile >&2
mvn -B -ntp -o -q -pl jobs dependency:build-classpath -Dmdep.outputFile="$ROOT/jobs/target/supernet-bench-cp.txt" >&2
# the project's own modules from this checkout's target/classes, never from ~/.m2
deps=$(tr ':' '\n' < jobs/target/supernet-bench-cp.txt | grep -v '/io/sparknas/' | paste -sd: -)
classes="jobs/target/classes:evaluation/target/classes:population/target/classes:predictor/target/classes:hardware/target/classes"
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
OMP_NUM_THREADS=1 exec java -Xmx3g $flags -cp "$classes:$deps" io.sparknas.jobs.supernet.SupernetBench "$@"
