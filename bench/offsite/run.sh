#!/usr/bin/env bash
# Offsite benchmark (issue 17), everything side by side in one run against one local S3Proxy (jar from Maven Central,
# copied into target/s3-servers by the build):
#   1. upload of a BRI-1K snapshot by the replicator (age encryption, SHA-256, multipart, HEAD check) vs a plain upload
#      of the same bytes with the same client (ObjectStore, same part size, no encryption), alternating rounds;
#   2. encryption's cost: age (X25519, jagged) vs none, MB/s over the same bytes, no network;
#   3. offsite lag (bri_backup_offsite_lag_seconds from /q/metrics, sampled every 500 ms) during an API ingest of
#      BRI-1K videos into a service that archives its WAL and replicates to a local S3Proxy with the default settings
#      (archive 1 s, replication 30 s; BENCH_S3_INTERVAL overrides the latter); p50/p99/max.
#
#   bench/offsite/run.sh [OUT_DIR] [ROUNDS] [INGEST_VIDEOS]
#
# OUT_DIR (default /work/bench-data/offsite) keeps the BRI-1K database and its snapshot between runs; it is built with
# sqlite3 from bench/bri1k/bri1k.py's rows, or copied from BENCH_SOURCE_DB (a BRI-1K database loaded earlier). Needs: the
# packaged jar and test classes (./mvnw package -DskipTests), sqlite3, python3, curl, age-keygen. Run
# python3 bench/stall-probe.py beside it and hold flock /work/bench.lock for the measurements; with
# BENCH_SKIP_UPLOAD=1 only the lag is measured, with BENCH_SKIP_LAG=1 only the uploads and the encryption; with
# BENCH_PREPARE_ONLY=1 it only builds the database, the snapshot and the class path (no measurement, no lock needed).
# BENCH_JAVA (default: java on the PATH) is the JVM that runs the measurements (the upload bench and its S3Proxy, the
# service of the lag run): the same build on another JDK, e.g. BENCH_JAVA=/usr/lib/jvm/<jdk>/bin/java.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../lib.sh"
out="${1:-/work/bench-data/offsite}"
rounds="${2:-5}"
videos="${3:-200}"
port="${BENCH_PORT:-18090}"
s3port="${BENCH_S3_PORT:-18091}"
require_jar
cd "$bench_repo"
mkdir -p "$out"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== BRI-1K snapshot"
if [ ! -f "$out/snap/backups/snapshot-id" ]; then
  rm -rf "$out/snap"; mkdir -p "$out/snap/data" "$out/snap/backups"
  db="$out/snap/data/bri.db"
  if [ -n "${BENCH_SOURCE_DB:-}" ]; then
    # a BRI-1K database loaded earlier (e.g. by bench/bri1k/ingest.sh), copied with SQLite's backup API
    sqlite3 "$BENCH_SOURCE_DB" ".backup '$db'"
  else
    for migration in src/main/resources/db/migration/V*.sql; do sqlite3 "$db" < "$migration"; done
    sqlite3 "$db" "PRAGMA journal_mode=WAL;" > /dev/null
    python3 bench/bri1k/bri1k.py sql --videos 1000 > "$out/rows.sql"
    { echo "PRAGMA cache_size=-1048576;"; cat "$out/rows.sql"; } | sqlite3 "$db"
    rm -f "$out/rows.sql"
  fi
  sqlite3 "$db" "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  created=$(java -jar "$jar" backup create --data-dir "$out/snap/data" --backup-dir "$out/snap/backups")
  echo "$created"
  awk '/^created /{print $2}' <<< "$created" > "$out/snap/backups/snapshot-id"
fi
id=$(cat "$out/snap/backups/snapshot-id")
ls -la "$out/snap/data/bri.db" "$out/snap/backups/$id".*

[ -f "$out/test-classpath.txt" ] || ./mvnw -B -o -q dependency:build-classpath -Dmdep.outputFile="$out/test-classpath.txt" \
  -Dmdep.includeScope=test
[ "${BENCH_PREPARE_ONLY:-0}" = 1 ] && exit 0
bench_java="${BENCH_JAVA:-java}"
"$bench_java" -version 2>&1 | head -2

keys="$out/keys.txt"
[ -f "$keys" ] || age-keygen -o "$keys" 2> /dev/null
recipient=$(awk '/^# public key: /{print $4}' "$keys")

if [ "${BENCH_SKIP_UPLOAD:-0}" != 1 ]; then
echo "== upload: replicator vs plain, same client, same server, $rounds rounds after one warm-up (median MB/s)"
"$bench_java" -Xmx1g -cp "target/test-classes:target/classes:$(cat "$out/test-classpath.txt")" dev.bri.offsite.OffsiteBench \
  "$out/snap/backups" "$id" "$rounds" "$recipient"
fi

[ "${BENCH_SKIP_LAG:-0}" = 1 ] && exit 0
interval="${BENCH_S3_INTERVAL:-30s}"
echo "== offsite lag during an API ingest of $videos BRI-1K videos (archive 1 s, replication every $interval)"
work="$(mktemp -d -p "$out" lag.XXXXXX)"
mkdir -p "$work/s3/bench" "$work/data" "$work/backups"
cat > "$work/s3proxy.properties" <<PROPS
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-access
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
PROPS
"$bench_java" -Xmx256m -jar target/s3-servers/s3proxy-jar-with-dependencies.jar --properties "$work/s3proxy.properties" \
  > "$work/s3proxy.log" 2>&1 &
pids+=($!)
AWS_ACCESS_KEY_ID=bench-access AWS_SECRET_ACCESS_KEY=bench-secret BRI_BACKUP_S3_ENDPOINT="http://127.0.0.1:$s3port" \
  BRI_BACKUP_S3_BUCKET=bench BRI_BACKUP_S3_PATH_STYLE_ACCESS=true BRI_BACKUP_ENCRYPTION_RECIPIENTS="$recipient" \
  BRI_DATA_DIR="$work/data" BRI_BACKUP_DIR="$work/backups" BRI_BACKUP_CRON=off BRI_BACKUP_S3_INTERVAL="$interval" QUARKUS_HTTP_PORT="$port" \
  "$bench_java" -jar "$jar" > "$work/service.log" 2>&1 &
pids+=($!)
wait_ready "http://localhost:$port"
python3 bench/bri1k/bri1k.py load --url "http://localhost:$port" --videos "$videos" > "$work/ingest.json" &
ingest=$!
: > "$work/lag.txt"
while kill -0 "$ingest" 2>/dev/null; do
  curl -sf "http://localhost:$port/q/metrics" | awk '/^bri_backup_offsite_lag_seconds /{print $2}' >> "$work/lag.txt" || true
  sleep 0.5
done
wait "$ingest"
cat "$work/ingest.json"
uploaded=$(curl -sf "http://localhost:$port/q/metrics" | awk '/^bri_backup_offsite_uploaded_objects_total /{print $2}')
python3 - "$work/lag.txt" "$uploaded" <<'PY'
import json, sys
lags = sorted(float(x) for x in open(sys.argv[1]) if x.strip())
def pct(p):
    return lags[min(len(lags) - 1, int(round(p / 100 * (len(lags) - 1))))]
print(json.dumps({"lag_samples": len(lags), "lag_p50_s": round(pct(50), 1), "lag_p99_s": round(pct(99), 1),
                  "lag_max_s": round(lags[-1], 1), "objects_uploaded": float(sys.argv[2] or 0)}))
PY
rm -rf "$work"
