# Shared by the scripts under bench/: source it right after `set -euo pipefail`.
bench_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# require_jar: sets $jar to BENCH_JAR or the packaged jar; exits when there is none.
require_jar() {
  jar="${BENCH_JAR:-$bench_repo/target/quarkus-app/quarkus-run.jar}"
  [ -f "$jar" ] || { echo "missing $jar: run ./mvnw -B package -DskipTests" >&2; exit 1; }
}

# wait_ready BASE_URL [SECONDS]: waits until BASE_URL/q/health/ready answers 200 (default: up to 180 s).
wait_ready() {
  local base=$1 limit=${2:-180}
  for _ in $(seq 1 "$limit"); do
    curl -sf "$base/q/health/ready" > /dev/null && return 0
    sleep 1
  done
  echo "$base not ready after $limit s" >&2
  return 1
}

# start_nginx DIR PORT: serves the files in DIR as application/json on 127.0.0.1:PORT (the reference server of the
# read benchmarks), in the background; sets nginx_pid and returns once it answers. DIR must be readable by nginx's
# workers (user nobody): chmod 755 it and 644 its files.
start_nginx() {
  local dir=$1 port=$2
  cat > "$dir/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$port;
    root $dir;
    location / { default_type application/json; }
  }
}
NGINX
  nginx -c "$dir/nginx.conf" -p "$dir" &
  nginx_pid=$!
  for _ in $(seq 100); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/nginx.conf" && return 0
    sleep 0.1
  done
  echo "nginx on port $port did not start: $(cat "$dir/nginx-error.log" 2>/dev/null)" >&2
  return 1
}
