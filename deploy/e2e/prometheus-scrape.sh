#!/usr/bin/env bash
# End to end: a real Prometheus (Debian package `prometheus`) scrapes the packaged bri-context and evaluates the
# alert rules of deploy/prometheus/rules. Starts the jar on a free port with temporary data and backup directories,
# drives some traffic and one verified backup, then asks Prometheus' HTTP API for the key series, checks that every
# rule evaluates and that every expression of the Grafana dashboard is valid PromQL.
#
#   ./mvnw -B package -DskipTests && deploy/e2e/prometheus-scrape.sh
#
# Env: JAR (default target/quarkus-app/quarkus-run.jar; a native *-runner works too), PROMETHEUS (default prometheus), KEEP_TMP=1 keeps the
# temporary directory (logs, TSDB) for inspection. Exit 0 when everything is present, 1 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}"
PROMETHEUS="${PROMETHEUS:-prometheus}"
RULES="$ROOT/deploy/prometheus/rules/bri-context.rules.yml"
DASHBOARD="$ROOT/deploy/grafana/bri-context-dashboard.json"
# Upper bounds so a broken set-up ends instead of hanging; not performance limits.
WAIT_SECONDS="${WAIT_SECONDS:-600}"
TOKEN="e2e-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"

# Series that must be scraped. The second list must be scraped when the application exposes them (features that
# may not be merged yet in this build are reported, not failed).
REQUIRED=(http_server_requests_seconds_count http_server_requests_seconds_bucket bri_db_query_seconds_count
  bri_backup_last_success_timestamp_seconds bri_backups_total bri_backup_verifications_total
  ft_circuitbreaker_state_current bri_health_state bri_maintenance_active bri_cache_requests_total
  bri_volume_free_bytes bri_volume_size_bytes jvm_memory_used_bytes process_cpu_usage)
IF_EXPOSED=(process_resident_memory_bytes)

[[ -f "$JAR" ]] || { echo "no $JAR: run ./mvnw -B package -DskipTests first" >&2; exit 2; }
command -v "$PROMETHEUS" >/dev/null || { echo "no prometheus binary (Debian: apt-get install prometheus)" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/bri-e2e.XXXXXX")"
APP_PID="" PROM_PID=""
cleanup() {
  [[ -n "$PROM_PID" ]] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null || true
  [[ -n "$APP_PID" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
# wait_for <description> <command...>: retries once a second until the command succeeds or WAIT_SECONDS pass.
wait_for() {
  local what="$1"; shift
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "FAIL: $what not reached within ${WAIT_SECONDS}s" >&2
  return 1
}

APP_PORT="$(free_port)"
PROM_PORT="$(free_port)"
APP="http://127.0.0.1:$APP_PORT"
PROM="http://127.0.0.1:$PROM_PORT"
mkdir -p "$TMP/data" "$TMP/backups" "$TMP/prometheus"

echo "== starting bri-context on $APP (data in $TMP)"
PROPS=(-Dquarkus.http.port="$APP_PORT" -Dquarkus.http.host=127.0.0.1
  -Dbri.data-dir="$TMP/data" -Dbri.backup.dir="$TMP/backups" -Dbri.backup.cron=off
  -Dbri.admin.token="$TOKEN" -Dquarkus.log.console.json.enabled=false)
if [[ "$JAR" == *.jar ]]; then
  java "${PROPS[@]}" -jar "$JAR" >"$TMP/app.log" 2>&1 &
else
  "$JAR" "${PROPS[@]}" >"$TMP/app.log" 2>&1 &   # the native executable takes the same -D options
fi
APP_PID=$!
wait_for "bri-context readiness" curl -fsS "$APP/q/health/ready" || { tail -50 "$TMP/app.log" >&2; exit 1; }

echo "== traffic: a context round trip, a 404, a verified backup"
VIDEO="e2e-$RANDOM"
curl -fsS -X PUT "$APP/api/v1/videos/$VIDEO" -H 'Content-Type: application/json' \
  -d '{"filename": "e2e.mp4", "duration": 60}' >/dev/null
curl -fsS -X POST "$APP/api/v1/videos/$VIDEO/context" -H 'Content-Type: application/json' -d '{"items": [
  {"id": "cap-1", "type": "caption", "start": 1.0, "data": {"frame_timestamp": 1.0, "text": "a dog", "confidence": 0.9},
   "source": {"tool": "blip", "tool_version": "1.0"}}]}' >/dev/null
for _ in 1 2 3; do curl -fsS "$APP/api/v1/videos/$VIDEO/context" >/dev/null; done
curl -fsS "$APP/api/v1/videos/$VIDEO/context/at?t=1" >/dev/null
curl -sS -o /dev/null "$APP/api/v1/videos/does-not-exist-$RANDOM/context" || true
curl -fsS -X POST "$APP/admin/backups" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"verify": true, "trigger": "api"}' >"$TMP/backup.json"
curl -fsS "$APP/admin/health" -H "Authorization: Bearer $TOKEN" >/dev/null
curl -fsS "$APP/q/metrics" >"$TMP/metrics.txt"

cat >"$TMP/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $RULES
scrape_configs:
  - job_name: bri-context
    metrics_path: /q/metrics
    static_configs:
      - targets: ['127.0.0.1:$APP_PORT']
YAML

echo "== starting Prometheus on $PROM"
"$PROMETHEUS" --config.file="$TMP/prometheus.yml" --storage.tsdb.path="$TMP/prometheus" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$TMP/prometheus.log" 2>&1 &
PROM_PID=$!

# query <promql>: prints the number of result series (fails on a PromQL error).
query() {
  curl -fsS -G "$PROM/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["status"]=="success", r; print(len(r["data"]["result"]))'
}
has_series() { [[ "$(query "$1")" -gt 0 ]]; }
value() {
  curl -fsS -G "$PROM/api/v1/query" --data-urlencode "query=$1" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "none")'
}

wait_for "Prometheus ready" curl -fsS "$PROM/-/ready" || { tail -30 "$TMP/prometheus.log" >&2; exit 1; }
wait_for "target up" has_series 'up{job="bri-context"} == 1' || exit 1

failed=0
for s in "${REQUIRED[@]}"; do
  if wait_for "$s scraped" has_series "$s{job=\"bri-context\"}"; then
    echo "ok   $s: $(query "$s{job=\"bri-context\"}") series"
  else
    echo "FAIL $s missing"; failed=1
  fi
done
for s in "${IF_EXPOSED[@]}"; do
  if grep -q "^$s" "$TMP/metrics.txt"; then
    if wait_for "$s scraped" has_series "$s{job=\"bri-context\"}"; then echo "ok   $s"; else echo "FAIL $s missing"; failed=1; fi
  else
    echo "note $s is not exposed by this build"
  fi
done

backup_ts="$(value 'bri_backup_last_success_timestamp_seconds{job="bri-context"}')"
echo "     newest backup at $backup_ts (unix seconds); backup response: $(head -c 200 "$TMP/backup.json")"
python3 -c "import sys,time; t=float(sys.argv[1]); sys.exit(0 if 0 < time.time()-t < 3600 else 1)" "$backup_ts" ||
  { echo "FAIL bri_backup_last_success_timestamp_seconds is not the backup just taken"; failed=1; }
has_series 'bri_backup_verifications_total{job="bri-context", result="passed"} > 0' ||
  { echo "FAIL no passed verification counted"; failed=1; }
echo "     breakers: $(curl -fsS -G "$PROM/api/v1/series" --data-urlencode 'match[]=ft_circuitbreaker_state_current{job="bri-context"}' |
  python3 -c 'import json,sys; print(sorted({(s["method"], s["state"]) for s in json.load(sys.stdin)["data"]}))')"

# Every alert rule loaded and evaluated without error; none of them firing on a healthy service except
# BriContextBackupMissing, which cannot fire either right after a backup.
expected_rules="$(grep -c '^ *- alert:' "$RULES")"
rules_ok() {
  curl -fsS "$PROM/api/v1/rules" | python3 -c '
import json, sys
rules = [r for g in json.load(sys.stdin)["data"]["groups"] for r in g["rules"]]
bad = [(r["name"], r["health"], r.get("lastError")) for r in rules if r["health"] != "ok"]
sys.exit(0 if len(rules) == int(sys.argv[1]) and not bad else 1)' "$expected_rules"
}
if wait_for "all rules evaluated" rules_ok; then
  firing="$(curl -fsS "$PROM/api/v1/alerts" | python3 -c 'import json,sys; print(" ".join(a["labels"]["alertname"] for a in json.load(sys.stdin)["data"]["alerts"]))')"
  echo "ok   $expected_rules rules evaluate; pending/firing on a healthy service: ${firing:-none}"
  [[ -z "$firing" ]] || { echo "FAIL alerts active on a healthy service"; failed=1; }
else
  curl -fsS "$PROM/api/v1/rules" >&2; failed=1
fi

# Every dashboard expression is valid PromQL against this Prometheus.
while IFS= read -r expr; do
  expr="${expr//\$__rate_interval/1m}"; expr="${expr//\$job/bri-context}"; expr="${expr//\$instance/.*}"
  if ! query "$expr" >/dev/null 2>&1; then echo "FAIL dashboard expression: $expr"; failed=1; fi
done < <(python3 -c 'import json,sys; [print(t["expr"]) for p in json.load(open(sys.argv[1]))["panels"] for t in p.get("targets", [])]' "$DASHBOARD")
echo "ok   dashboard expressions checked: $(python3 -c 'import json,sys; print(sum(len(p.get("targets", [])) for p in json.load(open(sys.argv[1]))["panels"]))' "$DASHBOARD")"

if [[ "$failed" == 0 ]]; then echo "PASS"; else echo "FAILED (logs: KEEP_TMP=1)"; fi
exit "$failed"
