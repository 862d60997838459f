#!/usr/bin/env bash
# Cache and resilience benchmark (docs/BENCHMARKS.md, "Cache and resilience").
#  1. cached GET /context with wrk at 64 connections vs nginx serving the same bytes as a static file, same run;
#  2. p99 of uncached reads with Redis up vs Redis killed (breaker open);
#  3. latency of the first calls after Redis fails (killed: connection refused; frozen: SIGSTOP, timeouts).
# Needs: java, redis-server, nginx, wrk, curl, python3. Builds the jar if missing. Uses a small dataset it creates
# through the API (one video with 600 items for the cached read, one for uncached moments).
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$bench_repo"
DURATION=${DURATION:-15s}
CONNS=${CONNS:-64}
UNCACHED_CONNS=${UNCACHED_CONNS:-8}
WORK=$(mktemp -d /tmp/bri-bench-cache.XXXXXX)
chmod 755 "$WORK"   # nginx workers run as nobody and must read $WORK/www
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

REDIS_PORT=$(free_port); APP_PORT=$(free_port); NGINX_PORT=$(free_port)
start_redis() {
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!; PIDS+=("$REDIS_PID")
  until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.1; done
}
start_redis
java -Dquarkus.http.port="$APP_PORT" -Dbri.data-dir="$WORK/data" -Dbri.cache.redis.enabled=true \
  -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" -Dbri.admin.token=bench \
  -Dquarkus.log.console.json.enabled=false -Dquarkus.log.category.\"dev.bri\".level=WARN \
  -jar target/quarkus-app/quarkus-run.jar >"$WORK/app.log" 2>&1 &
PIDS+=("$!")
BASE=http://127.0.0.1:$APP_PORT
wait_ready "$BASE"

# --- dataset: 150 each of frames, captions, transcript segments, object detections over 10 minutes ----------------
python3 - "$BASE" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
def call(method, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
for vid in ("bench-cached", "bench-uncached"):
    call("PUT", f"/api/v1/videos/{vid}", {"filename": vid + ".mp4", "duration": 600})
    items = []
    for i in range(150):
        t = i * 4.0
        items.append({"id": f"f{i}", "type": "frame", "start": t, "data": {"timestamp": t, "image_path": f"frames/{i}.jpg", "frame_number": i * 120}, "source": {"tool": "opencv", "tool_version": "4.9"}})
        items.append({"id": f"c{i}", "type": "caption", "start": t, "data": {"frame_timestamp": t, "text": f"a person walking a dog past car number {i}", "confidence": 0.88}, "source": {"tool": "blip", "tool_version": "1.0", "model_version": "base", "parameters": {"beam": 3}}})
        items.append({"id": f"t{i}", "type": "transcript", "start": t, "end": t + 3.5, "data": {"start": t, "end": t + 3.5, "text": f"segment {i} of the narration", "confidence": 0.95}, "source": {"tool": "whisper", "tool_version": "20231117"}})
        items.append({"id": f"o{i}", "type": "object", "start": t, "data": {"frame_timestamp": t, "objects": [{"class_name": "person", "confidence": 0.92, "bbox": [1, 2, 3, 4]}, {"class_name": "dog", "confidence": 0.81, "bbox": [5, 6, 7, 8]}]}, "source": {"tool": "yolo", "tool_version": "8"}})
    call("POST", f"/api/v1/videos/{vid}/context", {"items": items})
PY

mkdir -p "$WORK/www"
SMALL="api/v1/videos/bench-cached/context?types=caption&from=0&to=20"
curl -fs "$BASE/api/v1/videos/bench-cached/context" -o "$WORK/www/context.json"
curl -fs "$BASE/$SMALL" -o "$WORK/www/small.json"
curl -fsI "$BASE/api/v1/videos/bench-cached/context" | grep -i '^x-cache'
echo "response bodies: whole context $(wc -c <"$WORK/www/context.json") bytes, captions 0-20 s $(wc -c <"$WORK/www/small.json") bytes"

start_nginx "$WORK/www" "$NGINX_PORT"
PIDS+=("$nginx_pid")
cmp <(curl -fs "http://127.0.0.1:$NGINX_PORT/context.json") "$WORK/www/context.json"

summary() { # label, wrk output file
  awk -v label="$1" '/Requests\/sec/ {rps=$2} /^ +99%/ {p99=$2} /^ +50%/ {p50=$2} /Non-2xx/ {bad=$NF}
    END {printf "%-40s req/s %10s   p50 %8s   p99 %8s   non-2xx %s\n", label, rps, p50, p99, (bad==""?0:bad)}' "$2"
}

echo "== 1. cached /context vs nginx static file, $CONNS connections, $DURATION each =="
wrk -t2 -c"$CONNS" -d5s "$BASE/api/v1/videos/bench-cached/context" >/dev/null   # warm-up (JIT)
wrk -t2 -c"$CONNS" -d5s "http://127.0.0.1:$NGINX_PORT/context.json" >/dev/null
# alternate the two servers twice so background load on the shared machine hits both alike
for round in 1 2; do
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$NGINX_PORT/context.json" >"$WORK/nginx.txt"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$BASE/api/v1/videos/bench-cached/context" >"$WORK/cached.txt"
  summary "[$round] nginx, whole context" "$WORK/nginx.txt"
  summary "[$round] bri-context, whole context" "$WORK/cached.txt"
done
wrk -t2 -c"$CONNS" -d5s "$BASE/$SMALL" >/dev/null
for round in 1 2; do
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "http://127.0.0.1:$NGINX_PORT/small.json" >"$WORK/nginx-small.txt"
  wrk -t2 -c"$CONNS" -d"$DURATION" --latency "$BASE/$SMALL" >"$WORK/cached-small.txt"
  summary "[$round] nginx, captions 0-20 s" "$WORK/nginx-small.txt"
  summary "[$round] bri-context, captions 0-20 s" "$WORK/cached-small.txt"
done

echo "== 2. uncached /context/at (every request a new moment), $UNCACHED_CONNS connections =="
AT="$BASE/api/v1/videos/bench-uncached/context/at"
wrk -t2 -c"$UNCACHED_CONNS" -d5s -s bench/cache/uncached.lua "$AT" >/dev/null
wrk -t2 -c"$UNCACHED_CONNS" -d"$DURATION" --latency -s bench/cache/uncached.lua "$AT" >"$WORK/up.txt"
summary "Redis up, uncached" "$WORK/up.txt"

kill -9 "$REDIS_PID"
echo "-- 3a. first calls after kill -9 of Redis (ms each, sequential, uncached):"
for i in $(seq 1 6); do curl -s -o /dev/null -w '%{time_total} ' "$AT?t=$i.5&window=0.$i"; done | \
  awk '{for(i=1;i<=NF;i++) printf "%.1f ", $i*1000; print ""}'
curl -s -H 'Authorization: Bearer bench' "$BASE/admin/health" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("breakers:", d["breakers"], "status:", d["status"])'
wrk -t2 -c"$UNCACHED_CONNS" -d"$DURATION" --latency -s bench/cache/uncached.lua "$AT" >"$WORK/down.txt"
summary "Redis killed (breaker open), uncached" "$WORK/down.txt"

start_redis
sleep 20   # breaker delay (15 s) passes; next call is the half-open trial
for i in $(seq 1 5); do curl -s -o /dev/null "$AT?t=$i.25&window=1.$i"; done
kill -STOP "$REDIS_PID"
echo "-- 3b. first calls after Redis froze (SIGSTOP; each Redis call waits for its 250 ms timeout):"
for i in $(seq 1 6); do curl -s -o /dev/null -w '%{time_total} ' "$AT?t=$i.75&window=2.$i"; done | \
  awk '{for(i=1;i<=NF;i++) printf "%.1f ", $i*1000; print ""}'
kill -CONT "$REDIS_PID"
echo "work dir: $WORK"
