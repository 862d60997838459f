#!/usr/bin/env bash
# Loads BRI-1K through the HTTP API into a fresh service and, in the same run, measures the ceiling: the sqlite3
# command-line tool inserting the same rows into the same schema in one transaction. Prints both rates and the ratio.
#
#   bench/bri1k/ingest.sh [OUT_DIR] [VIDEOS]
# OUT_DIR defaults to /work/bench-data/bri-1k (the service's data dir is OUT_DIR/data; it must not exist yet).
# Needs: the packaged jar (./mvnw package -DskipTests), python3, sqlite3, curl.
# CEILING=no skips the sqlite3 run (to compare two builds' API rates when the ceiling was measured in the same session).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
repo="$bench_repo"
out="${1:-/work/bench-data/bri-1k}"
videos="${2:-1000}"
port="${BENCH_PORT:-18080}"
require_jar
[ -e "$out/data/bri.db" ] && { echo "$out/data/bri.db exists; choose a fresh OUT_DIR" >&2; exit 1; }
mkdir -p "$out"

BRI_DATA_DIR="$out/data" BRI_BACKUP_DIR="$out/backups" QUARKUS_HTTP_PORT="$port" \
  java -jar "$jar" > "$out/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
wait_ready "http://localhost:$port"

echo "== API ingest: $videos videos through POST /api/v1/videos/{id}/context (batches of 1200, 2 clients)"
api=$(python3 "$here/bri1k.py" load --url "http://localhost:$port" --videos "$videos")
echo "$api"
kill $pid; wait $pid 2>/dev/null || true
trap - EXIT
[ "${CEILING:-yes}" = no ] && exit 0

echo "== sqlite3 ceiling: the same rows, same schema, one transaction"
rm -f "$out/ceiling.db" "$out/rows.sql"
for migration in "$repo"/src/main/resources/db/migration/V*.sql; do sqlite3 "$out/ceiling.db" < "$migration"; done
sqlite3 "$out/ceiling.db" "PRAGMA journal_mode=WAL;" >/dev/null
python3 "$here/bri1k.py" sql --videos "$videos" > "$out/rows.sql"
# Same durability as the service (WAL, synchronous=FULL); a 1 GiB page cache so the one big transaction is not
# starved by SQLite's 2 MiB default: the tool at its best.
start=$(date +%s.%N)
{ echo "PRAGMA synchronous=FULL; PRAGMA cache_size=-1048576;"; cat "$out/rows.sql"; } | sqlite3 "$out/ceiling.db"
end=$(date +%s.%N)
rm -f "$out/rows.sql"
python3 - "$api" "$start" "$end" <<'PY'
import json, sys
api = json.loads(sys.argv[1])
seconds = float(sys.argv[3]) - float(sys.argv[2])
ceiling = api["items"] / seconds
print(json.dumps({"sqlite3_seconds": round(seconds, 1), "sqlite3_items_per_second": round(ceiling),
                  "api_items_per_second": api["items_per_second"],
                  "api_vs_sqlite3": round(api["items_per_second"] / ceiling, 2)}))
PY
ls -la "$out/data" "$out/ceiling.db"
