#!/usr/bin/env bash
# Issue 24: from the README on a fresh clone to an exported model, with the wall time of each command:
#   1. git clone of this checkout's HEAD into OUT/clone (its first bin/nas builds it: mvn install, offline
#      when ~/.m2 already holds the dependencies);
#   2. the README's first command, bin/nas search --config conf/quickstart.conf (with --summary-json to read
#      the run id);
#   3. bin/nas train-final --run-id R (the run's answer: all training images, final.* epochs, test on t10k), with
#      FINAL_SETS added (e.g. FINAL_SETS="--set final.epochs=2": the default 10 epochs on all 60,000 images
#      take about an hour on one core);
#   4. bin/nas export --model-id M --out OUT/export;
#   5. PlainDl4jExport is the test that reloads an export in a plain JVM; here the model card is printed.
# Usage: benchmarks/scripts/readme-to-model.sh OUT
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
rm -rf "$OUT/clone" "$OUT/export"
git clone -q "$ROOT" "$OUT/clone"
cd "$OUT/clone"
echo "commit $(git rev-parse --short HEAD)"
now() { date +%s.%N; }
s=$(now); bin/nas --version > "$OUT/version.log" 2>&1; t_build=$(echo "$(now) - $s" | bc)
s=$(now)
bin/nas search --config conf/quickstart.conf --summary-json "$OUT/search.json" > "$OUT/search.log" 2>&1
t_search=$(echo "$(now) - $s" | bc)
run=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run_id"])' "$OUT/search.json")
s=$(now)
# shellcheck disable=SC2086
bin/nas train-final --config conf/quickstart.conf --run-id "$run" ${FINAL_SETS:-} --summary-json "$OUT/final.json" \
  > "$OUT/final.log" 2>&1
t_final=$(echo "$(now) - $s" | bc)
model=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["models"][0]["model_id"])' "$OUT/final.json")
s=$(now)
bin/nas export --config conf/quickstart.conf --model-id "$model" --out "$OUT/export" > "$OUT/export.log" 2>&1
t_export=$(echo "$(now) - $s" | bc)
echo "| step | wall time, s |"
echo "|---|---|"
echo "| first bin/nas (build: mvn install -DskipTests) | $t_build |"
echo "| bin/nas search --config conf/quickstart.conf | $t_search |"
echo "| bin/nas train-final --run-id $run ${FINAL_SETS:-} | $t_final |"
echo "| bin/nas export --model-id $model | $t_export |"
grep -h "^model " "$OUT/final.log" | head -5
ls -l "$OUT/export"
# the export in a plain JVM: DL4J, ND4J and Jackson on the classpath, no sparknas class but the test's loader
mvn -B -ntp -o -q -pl jobs test-compile dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >&2
deps=$(tr ':' '\n' < "$OUT/cp.txt" | grep -v '/io/sparknas/' | paste -sd: -)
flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
# shellcheck disable=SC2086
java $flags -cp "jobs/target/test-classes:$deps" io.sparknas.jobs.models.PlainDl4jExport "$OUT/export" \
  /usr/share/datasets/fashion-mnist
