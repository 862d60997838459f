# Shared by bench/postgres scripts (source after lib.sh): a throw-away PostgreSQL server from the Debian packages, in
# a temporary directory on a free port, never the machine's own server. As root it runs as the postgres user.
pg_bin="${BENCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)}"
pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# start_pg DIR: initdb + pg_ctl start in DIR on a free port; sets pg_port, pg_dir and PGPASSWORD/PGUSER/PGHOST for psql.
start_pg() {
  pg_dir=$1
  mkdir -p "$pg_dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir"
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  echo bri-bench > "$pg_dir/pw"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$pg_dir/pw"
  pg_as "$pg_bin/initdb" -D "$pg_dir/data" -U bri --pwfile="$pg_dir/pw" --auth-host=scram-sha-256 --auth-local=trust \
    -E UTF8 --locale=C.UTF-8 > "$pg_dir/initdb.log"
  pg_ctl_start
}

# resume_pg DIR: starts again, on a new free port, a server start_pg created in DIR and stop_pg stopped; same variables.
resume_pg() {
  pg_dir=$1
  [ -d "$pg_dir/data" ] || { echo "no PostgreSQL cluster in $pg_dir" >&2; return 1; }
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  pg_ctl_start
}

pg_ctl_start() {
  # The server's defaults for durability (fsync on, synchronous_commit on), more memory than the default 128 MB
  pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -o \
    "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_connections=200 -c max_wal_size=4GB" start > /dev/null
  export PGHOST=127.0.0.1 PGPORT=$pg_port PGUSER=bri PGPASSWORD=bri-bench
}

stop_pg() { pg_as "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop > /dev/null 2>&1 || true; }
