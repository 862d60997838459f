#!/usr/bin/env bash
# Smoke test of a bri-context container image before it is pushed (run by .github/workflows/native.yml and
# release.yml): the image starts as the chart runs it (read-only root filesystem, non-root, no capabilities, /tmp a
# tmpfs mounted exec for sqlite-jdbc's JNI library), becomes ready, stores and serves a video, takes a verified backup
# through its own CLI, and the same image answers in CLI mode. Then the compose stack (deploy/compose.yaml) with this
# image starts and answers a request.
#
#   deploy/e2e/image-smoke-test.sh ghcr.io/bri/bri-context:1.2.3
#
# Needs docker (with compose v2) and curl. Exit 0 when every check passed.
set -euo pipefail

IMAGE="${1:?usage: image-smoke-test.sh IMAGE}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
NAME="bri-smoke-$$"
PORT="${PORT:-18080}"
TOKEN="smoke-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
# Upper bound so a broken image ends the job instead of hanging it; not a performance limit.
WAIT_SECONDS="${WAIT_SECONDS:-120}"

cleanup() {
  docker logs "$NAME" 2>&1 | tail -50 || true
  docker rm -f "$NAME" >/dev/null 2>&1 || true
  BRI_ADMIN_TOKEN="$TOKEN" BRI_CONTEXT_IMAGE="$IMAGE" docker compose -f "$ROOT/deploy/compose.yaml" down -v \
    >/dev/null 2>&1 || true
}
trap cleanup EXIT

wait_ready() {
  local url="$1"
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    curl -fsS "$url/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "not ready after ${WAIT_SECONDS}s: $url" >&2
  return 1
}

echo "== $IMAGE as the chart runs it"
docker run -d --name "$NAME" --read-only --tmpfs /tmp:exec,size=256m --cap-drop ALL \
  --security-opt no-new-privileges:true -p "127.0.0.1:$PORT:8080" \
  -e BRI_ADMIN_TOKEN="$TOKEN" -e BRI_DATA_DIR=/tmp/data -e BRI_BACKUP_DIR=/tmp/backups "$IMAGE"
URL="http://127.0.0.1:$PORT"
wait_ready "$URL"
[ "$(docker exec "$NAME" id -u)" != 0 ] || { echo "the image runs as root" >&2; exit 1; }
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"filename":"smoke.mp4","duration":12.5}' \
  "$URL/api/v1/videos/smoke-1" >/dev/null
curl -fsS "$URL/api/v1/videos/smoke-1" | grep -q '"smoke.mp4"'
# The image in CLI mode, as the backup CronJob runs it, against the running service.
docker run --rm --read-only --tmpfs /tmp:exec --network "container:$NAME" -e BRI_ADMIN_TOKEN="$TOKEN" "$IMAGE" \
  backup create --url http://127.0.0.1:8080 --verify
curl -fsS -H "Authorization: Bearer $TOKEN" "$URL/admin/backups" | grep -q '"passed"'
docker run --rm --read-only --tmpfs /tmp:exec "$IMAGE" --help >/dev/null
docker rm -f "$NAME" >/dev/null

echo "== compose stack with $IMAGE"
BRI_ADMIN_TOKEN="$TOKEN" BRI_CONTEXT_IMAGE="$IMAGE" docker compose -f "$ROOT/deploy/compose.yaml" up -d bri-context
wait_ready "http://127.0.0.1:8080"
curl -fsS -X PUT -H 'Content-Type: application/json' -d '{"filename":"compose.mp4","duration":3}' \
  "http://127.0.0.1:8080/api/v1/videos/compose-1" >/dev/null
curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8080/admin/health" >/dev/null
echo "image smoke test passed: $IMAGE"
