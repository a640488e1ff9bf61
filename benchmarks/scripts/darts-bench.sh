#!/usr/bin/env bash
# The DARTS measurement of benchmarks/2026-12-07-darts.md (issue 25, deliverable 3), without Spark: first-order
# DARTS (PC-DARTS with k>1) on the training part of a Fashion-MNIST subset (half of it held out for the α steps
# and the perturbation selection), then the cells picked by argmax (with / without none) and by perturbation,
# trained stand-alone with dl4j-train at the same recipe, against random cells of matching parameter count
# (validation part of the split, never seen by the search). Prints α, skip_connect counts, search time, peak
# RSS. One native thread throughout (Dl4jNatives.useThreads(1)).
#
# Usage: benchmarks/scripts/darts-bench.sh [key=value ...]   e.g. subset=2000 epochs=8 random=4
#   keys (defaults): data=/usr/share/datasets/fashion-mnist subset=2000 epochs=8 (search) standalone-epochs=3
#                    random=4 (per picked cell) tolerance=0.15 (relative params) stem=8 cells-per-stage=1 batch=64
#                    lr=0.01 seed=1 k=1 (PC-DARTS K) alpha-lr=3e-4 perturbation-images=0 (0 = all held-out)
#                    calibration-batches=4 (BN recalibration per mixture in the perturbation rule; 0 = none)
# Builds with the reactor (offline, no install) and runs io.sparknas.jobs.supernet.DartsBench from target/classes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
mvn -B -ntp -o -q -pl jobs -am compile >&2
mvn -B -ntp -o -q -pl jobs dependency:build-classpath -Dmdep.outputFile="$ROOT/jobs/target/darts-bench-cp.txt" >&2
# the project's own modules from this checkout's target/classes, never from ~/.m2
deps=$(tr ':' '\n' < jobs/target/darts-bench-cp.txt | grep -v '/io/sparknas/' | paste -sd: -)
classes="jobs/target/classes:evaluation/target/classes:population/target/classes:predictor/target/classes:hardware/target/classes"
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
OMP_NUM_THREADS=1 exec java -Xmx3g $flags -cp "$classes:$deps" io.sparknas.jobs.supernet.DartsBench "$@"
