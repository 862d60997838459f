#!/usr/bin/env bash
# bri-context migrate (SQLite -> PostgreSQL) against PostgreSQL's own COPY of the same rows, in the same run.
#
#   bench/postgres/migrate-vs-copy.sh [OUT_DIR] [VIDEOS]     (default /work/bench-data/pg-migrate, 100 BRI-1K videos)
#
# 1. A SQLite source with the service's schema (the packaged service run once on an empty data dir) filled with
#    VIDEOS videos of BRI-1K (bench/bri1k/bri1k.py sql, 2,400 items each).
# 2. A throw-away PostgreSQL (bench/postgres/pg.sh). Reference: the same rows exported to CSV by sqlite3, then
#    `psql \copy` per table into an empty database with the service's PostgreSQL schema (the same triggers, indexes
#    and generated search column as the migration's target). Only the \copy commands are timed.
# 3. `migrate --from-sqlite --to` into another empty database: timed as a whole (JVM start, schema, copy, verify) and
#    by its own copy phase. Prints rows/s of each and the ratios.
# Needs: the packaged jar, python3, sqlite3, psql, the Debian postgresql package. Hold `flock /work/bench.lock`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
source "$here/pg.sh"
out="${1:-/work/bench-data/pg-migrate}"
videos="${2:-100}"
port="${BENCH_PORT:-18090}"
require_jar
rm -rf "$out"; mkdir -p "$out"
chmod 755 "$out"
echo "== stall probe (10 s, before the run)"
python3 "$bench_repo/bench/stall-probe.py" 10

echo "== source: the service's SQLite schema, $videos BRI-1K videos"
BRI_DATA_DIR="$out/data" BRI_BACKUP_DIR="$out/backups" QUARKUS_HTTP_PORT="$port" java -jar "$jar" > "$out/service.log" 2>&1 &
pid=$!
wait_ready "http://localhost:$port"
kill $pid; wait $pid 2>/dev/null || true
python3 "$bench_repo/bench/bri1k/bri1k.py" sql --videos "$videos" | sqlite3 "$out/data/bri.db"
sqlite3 "$out/data/bri.db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null

start_pg "$out/pg"
trap stop_pg EXIT
tables="videos lineage_sources context_items transcripts memory_turns pipeline_events"
declare -A cols=(
  [videos]="seq, id, filename, file_path, thumbnail_path, duration_seconds, status, created_at, updated_at"
  [lineage_sources]="id, tool, tool_version, model_version, parameters, created_at"
  [context_items]="seq, video_seq, item_id, type, start_seconds, end_seconds, data, search_text, source_id, created_at, updated_at"
  [transcripts]="video_seq, full_text, language, updated_at"
  [memory_turns]="seq, video_seq, role, content, created_at"
  [pipeline_events]="seq, video_seq, stage, status, duration_ms, error, reported_at")

echo "== reference: psql \\copy of the same rows (CSV exported by sqlite3) into the same PostgreSQL schema"
psql -q -d postgres -c "CREATE DATABASE reference" -c "CREATE DATABASE migrated"
for m in "$bench_repo"/src/main/resources/db/postgresql/V*.sql; do psql -q -v ON_ERROR_STOP=1 -d reference -f "$m"; done
rows=0
for t in $tables; do
  sqlite3 -csv -cmd ".nullvalue '\\N'" "$out/data/bri.db" "SELECT ${cols[$t]} FROM $t ORDER BY 1" > "$out/$t.csv"
  rows=$((rows + $(sqlite3 "$out/data/bri.db" "SELECT count(*) FROM $t")))
done
copy_script="$out/copy.sql"; : > "$copy_script"
for t in $tables; do
  echo "\\copy $t (${cols[$t]}) FROM '$out/$t.csv' WITH (FORMAT csv, NULL '\\N')" >> "$copy_script"
done
start=$(date +%s.%N)
psql -q -v ON_ERROR_STOP=1 -d reference -f "$copy_script"
end=$(date +%s.%N)
copy_seconds=$(python3 -c "print($end - $start)")
echo "psql \\copy: $rows rows in $copy_seconds s"

echo "== bri-context migrate --from-sqlite --to (whole command: JVM start, schema, copy, verify)"
echo bri-bench > "$out/pgpw"
start=$(date +%s.%N)
java -jar "$jar" migrate --from-sqlite="$out/data/bri.db" --to="jdbc:postgresql://127.0.0.1:$pg_port/migrated" \
  --pg-user=bri --pg-password-file="$out/pgpw" 2> "$out/migrate.err" | tee "$out/migrate.out"
end=$(date +%s.%N)
migrate_seconds=$(python3 -c "print($end - $start)")
python3 - "$rows" "$copy_seconds" "$migrate_seconds" "$out/migrate.out" <<'PY'
import json, re, sys
rows, ref, whole = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
text = open(sys.argv[4]).read()
copy = float(re.search(r"copy ([0-9.]+) s", text).group(1))
print(json.dumps({"rows": rows, "psql_copy_seconds": round(ref, 1), "psql_copy_rows_per_second": round(rows / ref),
                  "migrate_copy_seconds": copy, "migrate_copy_rows_per_second": round(rows / copy),
                  "migrate_whole_seconds": round(whole, 1), "migrate_whole_rows_per_second": round(rows / whole),
                  "copy_phase_vs_psql_copy": round(ref / copy, 2), "whole_command_vs_psql_copy": round(ref / whole, 2)}))
PY
