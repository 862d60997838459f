#!/usr/bin/env bash
# Continuous WAL archiving (issue 16 item 7), everything in one run, side by side:
#   1. BRI-1K ingest (VIDEOS videos) into a fresh service with archiving OFF, then the same into another fresh service
#      with archiving ON: items/s of each; with archiving on, bri_backup_archive_lag_seconds sampled from /q/metrics
#      every 200 ms during the ingest (p50/p99/max) and the archive's bytes per second of ingest.
#   2. Reads (wrk, /context/at, bench/bri1k/read.lua) for READ_SECONDS on each service while a writer keeps ingesting
#      more videos: p99 with archiving vs without.
#   3. Restore to a time: `backup restore --at=<end of the ingest> --to-file` from the archive alone (base snapshot plus
#      every segment, verified) against `cp` + `sha256sum` of the live database file.
#   4. Disk for 24 h of segments at the measured rate, and what a compaction pass changed.
#
#   bench/archive/run.sh [OUT_DIR] [VIDEOS] [READ_SECONDS]
# OUT_DIR (default /work/bench-data/archive) must not exist yet. Needs: the packaged jar (./mvnw package -DskipTests),
# python3, curl, wrk, jq, bc, sqlite3.
#   BENCH_RESTORE_ONLY=1 bench/archive/run.sh OUT_DIR
# reruns only step 3 against the archive an earlier full run left in OUT_DIR (same target time, its own cp + sha256sum
# reference before and after), so a restore change can be measured without ingesting again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
out="${1:-/work/bench-data/archive}"
videos="${2:-200}"
seconds="${3:-20}"
port="${BENCH_PORT:-18090}"
token=bench-token
require_jar
restore_only="${BENCH_RESTORE_ONLY:-}"
if [ -n "$restore_only" ]; then
  [ -f "$out/ingest_end" ] || { echo "$out holds no archive of a full run (no $out/ingest_end)" >&2; exit 1; }
else
  [ -e "$out" ] && { echo "$out exists; choose a fresh OUT_DIR" >&2; exit 1; }
  mkdir -p "$out"
fi
bri1k="$bench_repo/bench/bri1k/bri1k.py"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
now() { date +%s.%N; }
elapsed() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); build $(git -C "$bench_repo" rev-parse --short HEAD)"

# start MODE: a fresh service on $out/MODE, archiving on or off
start() {
  local mode=$1 enabled=true
  [ "$mode" = off ] && enabled=false
  mkdir -p "$out/$mode"
  env BRI_DATA_DIR="$out/$mode/data" BRI_BACKUP_DIR="$out/$mode/backups" BRI_ADMIN_TOKEN=$token BRI_BACKUP_CRON=off \
    BRI_BACKUP_ARCHIVE_ENABLED=$enabled QUARKUS_HTTP_PORT=$port java -jar "$jar" > "$out/$mode/service.log" 2>&1 &
  pid=$!
  wait_ready "http://localhost:$port"
}

metric() { curl -sf "http://localhost:$port/q/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

# sampler FILE: bri_backup_archive_lag_seconds every 200 ms into FILE until FILE.stop exists
sampler() {
  python3 - "$1" "http://localhost:$port/q/metrics" <<'PY' &
import sys, time, urllib.request, os
path, url = sys.argv[1], sys.argv[2]
with open(path, "w") as f:
    while not os.path.exists(path + ".stop"):
        t = time.monotonic()
        try:
            for line in urllib.request.urlopen(url, timeout=5).read().decode().splitlines():
                if line.startswith("bri_backup_archive_lag_seconds "):
                    f.write(line.split()[1] + "\n")
        except Exception as e:
            f.write("error %s\n" % e)
        f.flush()
        time.sleep(max(0, 0.2 - (time.monotonic() - t)))
PY
  sampler_pid=$!
}

# restore_step: restore to $ingest_end from the archive alone, timed between two cp + sha256sum of the live database
# file; sets floor_s, floor2_s, restore_s, rebuild_s, replay_s, check_s, integrity_s, quick_s, restored_items, db_mib
restore_step() {
  echo "== restore to $ingest_end from the archive alone vs cp + sha256sum of the database file"
  db="$out/on/data/bri.db"
  rm -f "$out/restored.db"
  t=$(now); cp "$db" "$out/cp.db"; sha256sum "$out/cp.db" > /dev/null; floor_s=$(elapsed "$t"); rm -f "$out/cp.db"
  t=$(now)
  java -jar "$jar" backup restore --at="$ingest_end" --backup-dir="$out/on/backups" --to-file="$out/restored.db" \
    > "$out/restore.log" 2>&1
  restore_s=$(elapsed "$t")
  tail -3 "$out/restore.log"
  t=$(now); cp "$db" "$out/cp.db"; sha256sum "$out/cp.db" > /dev/null; floor2_s=$(elapsed "$t"); rm -f "$out/cp.db"
  # the rebuild inside the JVM (without its start), as the CLI reports it
  rebuild_s=$(sed -nE 's/^rebuilt .* in ([0-9.]+) s \(.*/\1/p' "$out/restore.log")
  rebuild_s=${rebuild_s:-0}
  replay_s=$(sed -nE 's/^rebuilt .* \(replay ([0-9.]+) s, .*/\1/p' "$out/restore.log")
  replay_s=${replay_s:-0}
  check_s=$(sed -nE 's/^rebuilt .*, checks ([0-9.]+) s; .*/\1/p' "$out/restore.log")
  check_s=${check_s:-0}
  # what SQLite's own checks of the restored file cost (the sqlite3 tool's SQLite, not the service's)
  t=$(now); sqlite3 "$out/restored.db" 'PRAGMA integrity_check' > /dev/null; integrity_s=$(elapsed "$t")
  t=$(now); sqlite3 "$out/restored.db" 'PRAGMA quick_check' > /dev/null; quick_s=$(elapsed "$t")
  restored_items=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from context_items').fetchone()[0])" "$out/restored.db")
  db_mib=$(( $(stat -c %s "$db") / 1024 / 1024 ))
}

restore_line() {
  python3 - <<PY
floor = (${floor_s} + ${floor2_s}) / 2
print("restore to a time (--to-file, JVM start included): %.2f s (rebuild in the JVM %.2f s: replay %.2f s, checks "
      "%.2f s); cp + sha256sum of the %d MiB file: %.2f s (%.2f / %.2f): %.2fx (in the JVM %.2fx; target <= 2); "
      "restored context_items: ${restored_items}"
      % (${restore_s}, ${rebuild_s}, ${replay_s}, ${check_s}, ${db_mib}, floor, ${floor_s}, ${floor2_s},
         ${restore_s} / floor, ${rebuild_s} / floor))
print("  for reference, the sqlite3 tool ($(sqlite3 --version | cut -d' ' -f1)) on the restored file: integrity_check %.2f s "
      "(%.2fx), quick_check %.2f s (%.2fx)" % (${integrity_s}, ${integrity_s} / floor, ${quick_s}, ${quick_s} / floor))
PY
}

if [ -n "$restore_only" ]; then
  ingest_end=$(cat "$out/ingest_end")
  restore_step
  restore_line
  exit 0
fi

declare -A rate read_p99 read_line
for mode in off on; do
  echo "== archiving $mode: ingest of $videos videos"
  start $mode
  [ $mode = on ] && sampler "$out/lag.txt"
  bytes0=$(metric bri_backup_archive_bytes_total); bytes0=${bytes0:-0}
  result=$(python3 "$bri1k" load --url "http://localhost:$port" --videos "$videos" 2>/dev/null)
  [ $mode = on ] && { ingest_end=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ); echo "$ingest_end" > "$out/ingest_end"
    touch "$out/lag.txt.stop"; wait $sampler_pid; }
  echo "$result"
  rate[$mode]=$(echo "$result" | jq -r .items_per_second)
  if [ $mode = on ]; then
    ingest_s=$(echo "$result" | jq -r .wall_seconds)
    sleep 2 # the last interval is sealed
    bytes1=$(metric bri_backup_archive_bytes_total)
    segments=$(metric bri_backup_archive_segments_total)
  fi
  echo "== archiving $mode: reads for ${seconds}s while ingest goes on"
  ENDPOINT=at BENCH_VIDEOS=$videos wrk -t2 -c8 -d5s -s "$bench_repo/bench/bri1k/read.lua" "http://localhost:$port" > /dev/null
  rm -f "$out/writer.stop"
  ( k=$videos; while [ ! -e "$out/writer.stop" ]; do
      python3 "$bri1k" load --url "http://localhost:$port" --first $k --videos 2 --concurrency 1 > /dev/null 2>&1; k=$((k + 2))
    done ) &
  writer=$!
  read_line[$mode]=$(ENDPOINT=at BENCH_VIDEOS=$videos wrk -t2 -c8 -d"${seconds}s" --latency \
    -s "$bench_repo/bench/bri1k/read.lua" "http://localhost:$port" | grep RESULT)
  touch "$out/writer.stop"; wait $writer
  echo "${read_line[$mode]}"
  read_p99[$mode]=$(echo "${read_line[$mode]}" | sed -E 's/.*p99_ms=([0-9.]+).*/\1/')
  kill $pid; wait $pid 2>/dev/null || true; pid=""
done

restore_step

echo "== disk: segments before and after a compaction pass (offline, the service's ArchiveMaintenance)"
seg_before=$(du -sb "$out"/on/backups/archive/*/segments | awk '{s+=$1} END {print s}')
files_before=$(find "$out"/on/backups/archive/*/segments -name '*.seg' | wc -l)
start on
sleep 65 # maintenance runs once a minute
kill $pid; wait $pid 2>/dev/null || true; pid=""
seg_after=$(du -sb "$out"/on/backups/archive/*/segments | awk '{s+=$1} END {print s}')
files_after=$(find "$out"/on/backups/archive/*/segments -name '*.seg' | wc -l)

python3 - "$out/lag.txt" <<PY
import sys
vals = sorted(float(l) for l in open(sys.argv[1]) if l.strip() and not l.startswith("error"))
errors = sum(1 for l in open(sys.argv[1]) if l.startswith("error"))
q = lambda p: vals[min(len(vals) - 1, int(round(p * (len(vals) - 1))))]
print("archive lag during the ingest: %d samples (200 ms), p50 %.3f s, p99 %.3f s, max %.3f s (target p99 <= 1 s); "
      "scrape errors %d" % (len(vals), q(0.5), q(0.99), vals[-1], errors))
r_off, r_on = ${rate[off]}, ${rate[on]}
print("ingest: %d items/s archiving off, %d items/s on: %.2fx (target >= 0.8)" % (r_off, r_on, r_on / r_off))
p_off, p_on = ${read_p99[off]}, ${read_p99[on]}
print("read p99 (/context/at, 8 connections, writer running): %.2f ms off, %.2f ms on: %.2fx (target <= 1.2)"
      % (p_off, p_on, p_on / p_off))
print("  off: ${read_line[off]}")
print("  on:  ${read_line[on]}")
archived = ${bytes1} - ${bytes0}
per_s = archived / ${ingest_s}
print("archive: %d bytes in %d segments during %.1f s of ingest = %.0f bytes/s -> %.1f GiB per 24 h at this rate"
      % (archived, ${segments}, ${ingest_s}, per_s, per_s * 86400 / 2**30))
print("compaction pass: %d -> %d segment files, %d -> %d bytes (%.3fx)"
      % (${files_before}, ${files_after}, ${seg_before}, ${seg_after}, ${seg_after} / ${seg_before}))
PY
restore_line
