#!/usr/bin/env bash
# BRI-1K on PostgreSQL against SQLite, same run, same packaged jar; and two service instances against one on
# PostgreSQL (issue 21 item 8).
#
#   bench/postgres/bri1k.sh ingest [OUT_DIR] [VIDEOS]   fresh OUT_DIR: loads VIDEOS BRI-1K videos (default 200) through
#                                                       the API into SQLite, then into PostgreSQL; prints items/s of each
#   bench/postgres/bri1k.sh reads [OUT_DIR] [SECONDS]   on what `ingest` loaded: /context (60 s window), /context/at,
#                                                       /search at 16 connections (wrk, read.lua) for SQLite, PostgreSQL
#                                                       with one instance, PostgreSQL with two instances
# OUT_DIR defaults to /work/bench-data/pg-bri1k. READS="sqlite pg1 pg2" picks the configurations, ENDPOINTS="window at
# search" the queries, WARMUP=15 (seconds per endpoint), PROBE_SECONDS=10 the stall probe before and after (0: none).
#
# Every read is a database read: the in-process cache tier is sized to nothing (BRI_CACHE_L1_MAX_ENTRIES=0) and no
# Redis runs, as in bench/bri1k/read-latency.sh. Two instances: each gets half of the load, two wrk of 8 connections
# (1 thread) started together, one per instance, as a round-robin Service spreads connections; their requests/s add
# up, the p99 given is the worse of the two. There is no proxy in front (it would take CPU from the same cores).
# Both engines keep their default durability (SQLite WAL synchronous=FULL, PostgreSQL fsync and synchronous_commit
# on), the service its default pool (16 connections per instance).
# Needs: the packaged jar, python3, wrk, curl, psql and the Debian postgresql package. Run it through /work/bin/quiet.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
source "$here/pg.sh"
mode="${1:?usage: bri1k.sh ingest|reads [OUT_DIR] [VIDEOS|SECONDS]}"
out="${2:-/work/bench-data/pg-bri1k}"
port="${BENCH_PORT:-18280}"
lua="$bench_repo/bench/bri1k/read.lua"
require_jar
probe() { [ "${PROBE_SECONDS:-10}" = 0 ] || echo "$1 $("$bench_repo/bench/stall-probe.py" "${PROBE_SECONDS:-10}")"; }
echo "build $(git -C "$bench_repo" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u '+%F %T') UTC," \
  "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -z "${pg_dir:-}" ] || stop_pg
}
trap cleanup EXIT

# service ENGINE PORT LOG: starts the jar on ENGINE (sqlite | postgresql) on PORT in the background; sets $pid.
service() {
  local engine=$1 p=$2 log=$3
  if [ "$engine" = sqlite ]; then
    env BRI_DATA_DIR="$out/sqlite/data" BRI_BACKUP_DIR="$out/sqlite/backups" QUARKUS_HTTP_PORT="$p" \
      BRI_BACKUP_CRON=off ${SERVICE_ENV:-} java ${JAVA_OPTS:-} -jar "$jar" > "$log" 2>&1 &
  else
    mkdir -p "$out/pg-service-$p"
    env BRI_STORAGE_ENGINE=postgresql \
      QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL="jdbc:postgresql://127.0.0.1:$pg_port/bri" \
      QUARKUS_DATASOURCE_POSTGRESQL_USERNAME=bri QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD=bri-bench \
      BRI_DATA_DIR="$out/pg-service-$p/data" BRI_BACKUP_DIR="$out/pg-service-$p/backups" QUARKUS_HTTP_PORT="$p" \
      ${SERVICE_ENV:-} java ${JAVA_OPTS:-} -jar "$jar" > "$log" 2>&1 &
  fi
  pid=$!
  pids+=("$pid")
  wait_ready "http://localhost:$p"
}

stop_services() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

if [ "$mode" = ingest ]; then
  videos="${3:-200}"
  [ -e "$out" ] && { echo "$out exists; choose a fresh OUT_DIR" >&2; exit 1; }
  mkdir -p "$out"; chmod 755 "$out"
  probe "probe before:"
  start_pg "$out/pg"
  psql -q -d postgres -c "CREATE DATABASE bri"
  for engine in sqlite postgresql; do
    service "$engine" "$port" "$out/ingest-$engine.log"
    echo "== $engine: $videos videos through POST /api/v1/videos/{id}/context (batches of 1200, 2 clients)"
    result=$(python3 "$bench_repo/bench/bri1k/bri1k.py" load --url "http://localhost:$port" --videos "$videos")
    echo "RESULT engine=$engine $result"
    stop_services
  done
  echo "PostgreSQL database size: $(psql -At -d bri -c "SELECT pg_size_pretty(pg_database_size('bri'))")," \
    "SQLite files: $(du -sh "$out/sqlite/data" | cut -f1)"
  probe "probe after:"
  exit 0
fi

[ "$mode" = reads ] || { echo "unknown mode $mode: ingest or reads" >&2; exit 2; }
seconds="${3:-20}"
[ -d "$out/pg/data" ] && [ -d "$out/sqlite/data" ] || { echo "nothing loaded in $out: run ingest first" >&2; exit 1; }
export SERVICE_ENV="BRI_CACHE_L1_MAX_ENTRIES=0 ${SERVICE_ENV:-}"
export BENCH_VIDEOS=$(sqlite3 "$out/sqlite/data/bri.db" "SELECT count(*) FROM videos")
probe "probe before:"
resume_pg "$out/pg"
psql -q -d bri -c "VACUUM ANALYZE" > /dev/null

# wrk_one ENDPOINT URL CONNECTIONS THREADS DURATION: one wrk; prints its RESULT line
wrk_one() {
  ENDPOINT=$1 wrk -t"$4" -c"$3" -d"$5s" --latency -s "$lua" "$2" | grep RESULT
}

for config in ${READS:-sqlite pg1 pg2}; do
  case $config in
    sqlite)
      service sqlite "$port" "$out/reads-sqlite.log"
      # reads on a merged search index, as a service has it after its first idle moment (read-latency.sh)
      for _ in $(seq 1 300); do
        segments=$(curl -fs "http://localhost:$port/q/metrics" | awk '/^bri_search_index_segments /{print $2}')
        case "$segments" in 0.0|1.0|"") break ;; esac
        sleep 1
      done
      ports=("$port") ;;
    pg1)
      service postgresql "$port" "$out/reads-pg1.log"
      ports=("$port") ;;
    pg2)
      service postgresql "$port" "$out/reads-pg2-a.log"
      service postgresql "$((port + 1))" "$out/reads-pg2-b.log"
      ports=("$port" "$((port + 1))") ;;
    *) echo "unknown configuration $config" >&2; exit 2 ;;
  esac
  for endpoint in ${ENDPOINTS:-window at search}; do
    if [ ${#ports[@]} = 1 ]; then
      wrk_one "$endpoint" "http://localhost:${ports[0]}" 16 2 "${WARMUP:-15}" > /dev/null
      echo "config=$config $(wrk_one "$endpoint" "http://localhost:${ports[0]}" 16 2 "$seconds")"
    else
      clients=()
      for p in "${ports[@]}"; do wrk_one "$endpoint" "http://localhost:$p" 8 1 "${WARMUP:-15}" > /dev/null & clients+=($!); done
      wait "${clients[@]}"
      clients=()
      for p in "${ports[@]}"; do wrk_one "$endpoint" "http://localhost:$p" 8 1 "$seconds" > "$out/wrk-$p" & clients+=($!); done
      wait "${clients[@]}"
      results=$(cat "${ports[@]/#/$out/wrk-}" 2>/dev/null || true)
      python3 - "$config" "$endpoint" "$results" <<'PY'
import re, sys
config, endpoint, text = sys.argv[1:4]
runs = [dict(re.findall(r"(\w+)=([\d.]+)", line)) for line in text.splitlines() if line.startswith("RESULT")]
print("config=%s RESULT endpoint=%s instances=%d requests=%d errors=%d rps=%.0f p50_ms=%s p90_ms=%s p99_ms=%.2f "
      "(worse instance; per instance rps %s, p99 %s)" % (
          config, endpoint, len(runs), sum(int(r["requests"]) for r in runs), sum(int(r["errors"]) for r in runs),
          sum(float(r["rps"]) for r in runs), "/".join(r["p50_ms"] for r in runs),
          "/".join(r["p90_ms"] for r in runs), max(float(r["p99_ms"]) for r in runs),
          "/".join(r["rps"] for r in runs), "/".join(r["p99_ms"] for r in runs)))
PY
    fi
  done
  stop_services
done
stop_pg
probe "probe after:"
