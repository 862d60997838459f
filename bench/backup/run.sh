#!/usr/bin/env bash
# Backup and restore benchmark, side by side in one run on one database file:
#   cp + sha256sum (the physical floor), sqlite3 .backup, sqlite3 VACUUM INTO, bri-context's backup (gzip off) through
#   the running service, the gzip cost, restore end to end, and the p99 of context reads at rest vs during backups.
#
#   bench/backup/run.sh DB_PATH [READ_SECONDS]
#
# DB_PATH: a bri-context database (e.g. /work/bench-data/bri-1k/data/bri.db, built by bench/bri1k). It is copied into
# a scratch directory first and never modified. Needs: the packaged jar (./mvnw package -DskipTests), sqlite3, wrk,
# curl, jq. Scratch space: about 5x the database size under BENCH_TMP (default: the database's own directory's parent).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
db="${1:?usage: $0 DB_PATH [READ_SECONDS]}"
seconds="${2:-20}"
port="${BENCH_PORT:-18082}"
token=bench-token
[ -f "$db" ] || { echo "no database at $db" >&2; exit 1; }
require_jar
scratch="$(mktemp -d -p "${BENCH_TMP:-$(dirname "$(dirname "$db")")}" backup-bench.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
mkdir -p "$scratch/data" "$scratch/backups" "$scratch/out"

now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }
row() { printf '| %s | %s |\n' "$1" "$2"; }

cp "$db" "$scratch/data/bri.db"
size=$(stat -c %s "$scratch/data/bri.db")
echo "database: $db, $((size / 1024 / 1024)) MiB; machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "(all runs warm: the file is in the page cache, as it is on a serving host)"
echo
echo "| method | seconds |"
echo "| --- | --- |"

# ---- 1. the physical floor, and what the sqlite3 tool does -------------------------------------------------------
t=$(now); cp "$scratch/data/bri.db" "$scratch/out/cp.db"; cp_s=$(elapsed "$t")
t=$(now); sha256sum "$scratch/out/cp.db" > /dev/null; sha_s=$(elapsed "$t")
rm -f "$scratch/out/cp.db"
row "cp" "$cp_s"; row "sha256sum" "$sha_s"
floor=$(echo "$cp_s + $sha_s" | bc -l); row "cp + sha256sum (floor)" "$floor"
t=$(now); sqlite3 "$scratch/data/bri.db" ".backup '$scratch/out/backup.db'"; backup_s=$(elapsed "$t")
rm -f "$scratch/out/backup.db"; row "sqlite3 .backup" "$backup_s"
t=$(now); sqlite3 "$scratch/data/bri.db" "VACUUM INTO '$scratch/out/vacuum.db'"; vacuum_s=$(elapsed "$t")
rm -f "$scratch/out/vacuum.db"; row "sqlite3 VACUUM INTO" "$vacuum_s"

# ---- 2. bri-context through the running service (gzip off) -------------------------------------------------------
env BRI_DATA_DIR="$scratch/data" BRI_BACKUP_DIR="$scratch/backups" BRI_ADMIN_TOKEN=$token BRI_BACKUP_GZIP=false \
  BRI_BACKUP_CRON=off BRI_CACHE_L1_MAX_ENTRIES=0 QUARKUS_HTTP_PORT=$port java -jar "$jar" > "$scratch/service.log" 2>&1 &
pid=$!
wait_ready "http://localhost:$port"
api() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
ours=()
for i in 1 2 3; do
  t=$(now); out=$(api -X POST -d '{}' "http://localhost:$port/admin/backups"); wall=$(elapsed "$t")
  ours+=("$wall")
  id=$(echo "$out" | jq -r .backup.id); inner=$(echo "$out" | jq -r .backup.duration_seconds)
  echo "<!-- run $i: $id wall ${wall}s engine ${inner}s -->"
done
best=$(printf '%s\n' "${ours[@]}" | sort -n | head -1)
median=$(printf '%s\n' "${ours[@]}" | sort -n | sed -n 2p)
row "bri-context backup, gzip off (POST /admin/backups, median of 3; best $best)" "$median"
t=$(now); out=$(api -X POST "http://localhost:$port/admin/backups/$id/verify"); verify_s=$(elapsed "$t")
row "bri-context verification of that backup (sha256 + integrity_check + row counts): $(echo "$out" | jq -r .status)" "$verify_s"

# ---- 3. reads at rest vs during backups ---------------------------------------------------------------------------
ENDPOINT=at wrk -t2 -c8 -d5s -s "$bench_repo/bench/bri1k/read.lua" "http://localhost:$port" > /dev/null
rest=$(ENDPOINT=at wrk -t2 -c8 -d"${seconds}s" --latency -s "$bench_repo/bench/bri1k/read.lua" "http://localhost:$port" | grep RESULT)
ENDPOINT=at wrk -t2 -c8 -d"${seconds}s" --latency -s "$bench_repo/bench/bri1k/read.lua" "http://localhost:$port" \
  > "$scratch/during.txt" &
wrk_pid=$!
during_backups=0
while kill -0 $wrk_pid 2>/dev/null; do
  api -X POST -d '{}' "http://localhost:$port/admin/backups" > /dev/null && during_backups=$((during_backups + 1))
done
wait $wrk_pid
during=$(grep RESULT "$scratch/during.txt")

# ---- 4. restore end to end (maintenance, safety backup, verify, swap, reopen, check, caches, maintenance off) -----
t=$(now); out=$(api -X POST -d "{\"backup_id\":\"$id\"}" "http://localhost:$port/admin/restore"); restore_s=$(elapsed "$t")
row "restore end to end (POST /admin/restore, gzip-off backup): $(echo "$out" | jq -r .status)" "$restore_s"
kill $pid; wait $pid 2>/dev/null || true; pid=""

# ---- 5. gzip cost: the same engine offline, gzip off vs on --------------------------------------------------------
for mode in --no-gzip ""; do
  out=$(java -jar "$jar" backup create $mode --data-dir "$scratch/data" --backup-dir "$scratch/backups")
  id=$(echo "$out" | awk '/^created/ {print $2}')
  meta="$scratch/backups/$id.json"
  row "offline engine, $( [ -n "$mode" ] && echo "gzip off" || echo "gzip on (level 1)" ): $(jq -r .backup_bytes "$meta") bytes" \
      "$(jq -r .duration_seconds "$meta")"
done

echo
echo "ratio to VACUUM INTO: $(echo "$median / $vacuum_s" | bc -l | xargs printf '%.2f') (target <= 0.80);" \
     "distance from the cp + sha256sum floor: +$(echo "$median - $floor" | bc -l | xargs printf '%.2f') s" \
     "($(echo "$median / $floor" | bc -l | xargs printf '%.2f')x)"
echo "context reads (GET /context/at, wrk 2 threads 8 connections ${seconds}s):"
echo "  at rest:        $rest"
echo "  during backups: $during (backups taken meanwhile: $during_backups)"
p99() { echo "$1" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/'; }
echo "  p99 ratio during/rest: $(echo "$(p99 "$during") / $(p99 "$rest")" | bc -l | xargs printf '%.2f') (target <= 2)"
