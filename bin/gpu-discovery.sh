#!/usr/bin/env bash
# Spark's GPU discovery script (spark-submit --conf spark.executor.resource.gpu.discoveryScript=...): prints
# the GPUs this executor's machine has, as {"name":"gpu","addresses":["0","1",...]}, from nvidia-smi's indices.
set -euo pipefail
indices=$( (nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null || true) | tr -d ' ' | paste -sd, -)
addresses=""
if [ -n "$indices" ]; then
  addresses="\"${indices//,/\",\"}\""
fi
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
