#!/usr/bin/env bash
# Measures the effect of single tuning knobs on a small BRI-1K subset (docs/PERFORMANCE_TUNING_GUIDE.md).
# Each case starts a fresh service on a fresh data directory with the case's environment, loads VIDEOS videos of
# BRI-1K through the API (bench/bri1k/bri1k.py, batch size BATCH, 2 clients), then runs wrk against one read
# endpoint (ENDPOINT: window | at | search, 16 connections, SECONDS s after a 5 s warm-up).
#
#   bench/tuning/knobs.sh [VIDEOS] [SECONDS]        (ONLY=<text> runs only the cases whose name contains it)
# Prints one line per case: the case, the ingest rate and the wrk RESULT line.
# Needs: the packaged jar (./mvnw package -DskipTests), python3, wrk, curl. Writes only under a mktemp directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
repo="$bench_repo"
videos="${1:-10}"
seconds="${2:-15}"
port="${BENCH_PORT:-18095}"
require_jar
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# case name | batch size | read endpoint | environment
cases=(
  "synchronous=FULL batch=1200|1200|at|BRI_STORAGE_SYNCHRONOUS=FULL"
  "synchronous=NORMAL batch=1200|1200|at|BRI_STORAGE_SYNCHRONOUS=NORMAL"
  "synchronous=FULL batch=100|100|at|BRI_STORAGE_SYNCHRONOUS=FULL"
  "synchronous=NORMAL batch=100|100|at|BRI_STORAGE_SYNCHRONOUS=NORMAL"
  "cache on (L1) pool=16|1200|search|BRI_CACHE_ENABLED=true"
  "cache off pool=16|1200|search|BRI_CACHE_ENABLED=false"
  "cache off pool=4|1200|search|BRI_CACHE_ENABLED=false BRI_STORAGE_POOL_SIZE=4"
)

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
for spec in "${cases[@]}"; do
  IFS='|' read -r name batch endpoint envs <<< "$spec"
  [[ -z "${ONLY:-}" || "$name" == *"$ONLY"* ]] || continue
  data="$work/data-$RANDOM"
  # shellcheck disable=SC2086
  env BRI_DATA_DIR="$data" BRI_BACKUP_DIR="$work/backups" BRI_BACKUP_CRON=off QUARKUS_HTTP_PORT="$port" $envs \
    java -jar "$jar" > "$work/service.log" 2>&1 &
  pid=$!
  wait_ready "http://localhost:$port"
  ingest=$(python3 "$repo/bench/bri1k/bri1k.py" load --url "http://localhost:$port" --videos "$videos" \
    --batch "$batch" 2> /dev/null)
  rate=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["items_per_second"])' "$ingest")
  BENCH_VIDEOS="$videos" ENDPOINT="$endpoint" wrk -t2 -c16 -d5s -s "$repo/bench/bri1k/read.lua" \
    "http://localhost:$port" > /dev/null
  read_result=$(BENCH_VIDEOS="$videos" ENDPOINT="$endpoint" wrk -t2 -c16 -d"${seconds}s" --latency \
    -s "$repo/bench/bri1k/read.lua" "http://localhost:$port" | grep RESULT)
  echo "$name | ingest_items_per_second=$rate | $read_result"
  kill "$pid"; wait "$pid" 2> /dev/null || true
done
