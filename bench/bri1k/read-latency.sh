#!/usr/bin/env bash
# Read latency of the three context queries on the BRI-1K database over HTTP: wrk, 16 connections, 2 threads.
#
#   bench/bri1k/read-latency.sh [DATA_DIR] [SECONDS]
# DATA_DIR: a service data dir loaded by ingest.sh (default /work/bench-data/bri-1k/data). Cache tiers, where present,
# are left at their defaults except that this script sizes the in-process tier to nothing
# (BRI_CACHE_L1_MAX_ENTRIES=0) so the numbers are database reads; set EXTRA_ENV to change that.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
data="${1:-/work/bench-data/bri-1k/data}"
seconds="${2:-30}"
port="${BENCH_PORT:-18081}"
jar="${BENCH_JAR:-$repo/target/quarkus-app/quarkus-run.jar}"
[ -f "$data/bri.db" ] || { echo "no database at $data: run bench/bri1k/ingest.sh first" >&2; exit 1; }
log="$(mktemp)"
env BRI_DATA_DIR="$data" QUARKUS_HTTP_PORT="$port" BRI_CACHE_L1_MAX_ENTRIES=0 ${EXTRA_ENV:-} \
  java -jar "$jar" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://localhost:$port/q/health/ready" >/dev/null && break; sleep 1; done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for endpoint in window at search; do
  ENDPOINT=$endpoint wrk -t2 -c16 -d5s -s "$here/read.lua" "http://localhost:$port" > /dev/null   # warm-up
  ENDPOINT=$endpoint wrk -t2 -c16 -d"${seconds}s" --latency -s "$here/read.lua" "http://localhost:$port" \
    | grep RESULT
done
echo "reference (BRI's original code, in-process, single-threaded, same questions on such data): median 9-11 ms, p95 12-19 ms"
