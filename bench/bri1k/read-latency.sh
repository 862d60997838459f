#!/usr/bin/env bash
# Read latency of the three context queries on the BRI-1K database over HTTP: wrk, 16 connections, 2 threads.
# Then the reference on the same machine: nginx serving one response of each query as a static file, same wrk
# settings, so the HTTP ceiling of this machine is printed beside the service's numbers.
#
#   bench/bri1k/read-latency.sh [DATA_DIR] [SECONDS]
# ENDPOINTS="window at search" (default) picks the queries; REFERENCE=no skips the nginx run; WARMUP=30 (seconds);
# JAVA_OPTS are passed to the service's JVM; WINDOW_STARTS (see read.lua) narrows where /context windows start;
# PROBE_SECONDS=10 sets how long the stall probe runs before and after (0: no probe); MERGE_WAIT=300 caps the seconds
# spent waiting for the search index merge before the runs.
# DATA_DIR: a service data dir loaded by ingest.sh (default /work/bench-data/bri-1k/data). Cache tiers, where present,
# are left at their defaults except that this script sizes the in-process tier to nothing
# (BRI_CACHE_L1_MAX_ENTRIES=0) so the numbers are database reads; set EXTRA_ENV to change that.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
data="${1:-/work/bench-data/bri-1k/data}"
seconds="${2:-30}"
port="${BENCH_PORT:-18081}"
require_jar
[ -f "$data/bri.db" ] || { echo "no database at $data: run bench/bri1k/ingest.sh first" >&2; exit 1; }
# Before and after the runs: how much of the cores this machine gives away (bench/stall-probe.py), so that runs are
# compared only with runs taken on an equally quiet machine.
probe() { [ "${PROBE_SECONDS:-10}" = 0 ] || echo "$1 $("$here/../stall-probe.py" "${PROBE_SECONDS:-10}")"; }
probe before:
log="$(mktemp)"
# the service's backups (its WAL archive is on by default) go to a scratch directory, not into the working directory
backups="$(mktemp -d)"
env BRI_DATA_DIR="$data" BRI_BACKUP_DIR="$backups" QUARKUS_HTTP_PORT="$port" BRI_CACHE_L1_MAX_ENTRIES=0 ${EXTRA_ENV:-} \
  java ${JAVA_OPTS:-} -jar "$jar" > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$backups"' EXIT
wait_ready "http://localhost:$port"
# Reads are measured on a merged search index, as a service has it after its first idle moment (SearchIndexMerger;
# right after start when nothing writes). A freshly loaded BRI-1K has several segments: wait for the merge. A database
# loaded before schema V3 is searched through FTS5 until SearchTermsBackfill has counted its terms: wait for that too.
for _ in $(seq 1 "${MERGE_WAIT:-300}"); do
  metrics=$(curl -fs "http://localhost:$port/q/metrics")
  segments=$(awk '/^bri_search_index_segments /{print $2}' <<< "$metrics")
  pending=$(awk '/^bri_search_terms_backfill_pending_videos /{print $2}' <<< "$metrics")
  case "$segments/$pending" in 0.0/0.0|1.0/0.0|0.0/|1.0/) break ;; esac
  sleep 1
done
echo "search index segments: ${segments:-unknown}, videos waiting for backfill: ${pending:-none}"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for endpoint in ${ENDPOINTS:-window at search}; do
  # warm-up: on two cores the JIT is still compiling after 15 s of load (4-5% of the CPU in a profile), so 30 s by default
  ENDPOINT=$endpoint wrk -t2 -c16 -d"${WARMUP:-30}s" -s "$here/read.lua" "http://localhost:$port" > /dev/null
  # the service's CPU time per request: steadier than requests/s when other work shares the machine
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  result=$(ENDPOINT=$endpoint wrk -t2 -c16 -d"${seconds}s" --latency -s "$here/read.lua" "http://localhost:$port" \
    | grep RESULT)
  ticks=$(( $(awk '{print $14 + $15}' "/proc/$pid/stat") - ticks ))
  requests=$(sed 's/.* requests=\([0-9]*\) .*/\1/' <<< "$result")
  echo "$result service_cpu_us_per_request=$(( ticks * 1000000 / $(getconf CLK_TCK) / requests ))"
done

if [ "${REFERENCE:-yes}" = no ]; then
  kill $pid; wait $pid 2>/dev/null || true
  probe after:
  exit 0
fi
command -v nginx >/dev/null || { echo "nginx not installed: no reference run"; exit 0; }
www="$(mktemp -d)"; chmod 755 "$www"   # nginx workers run as nobody
base="http://localhost:$port/api/v1/videos/bri1k-0500"
curl -fs "$base/context?from=100&to=160" -o "$www/window.json"
curl -fs "$base/context/at?t=100.5" -o "$www/at.json"
curl -fs "$base/search?q=person+walking&limit=10" -o "$www/search.json"
chmod 644 "$www"/*.json
kill $pid; wait $pid 2>/dev/null || true
nport=$((port + 1))
trap 'kill ${nginx_pid:-} 2>/dev/null || true; rm -rf "$backups"' EXIT
start_nginx "$www" "$nport"
for endpoint in ${ENDPOINTS:-window at search}; do
  echo "reference: nginx, $(wc -c < "$www/$endpoint.json") bytes of a $endpoint response as a static file"
  STATIC="/$endpoint.json" ENDPOINT=$endpoint wrk -t2 -c16 -d5s -s "$here/read.lua" "http://127.0.0.1:$nport" >/dev/null
  STATIC="/$endpoint.json" ENDPOINT=$endpoint wrk -t2 -c16 -d"${seconds}s" --latency -s "$here/read.lua" \
    "http://127.0.0.1:$nport" | grep RESULT
done
kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true
probe after:
echo "reference (BRI's original code, in-process, single-threaded, same questions on such data): median 9-11 ms, p95 12-19 ms"
