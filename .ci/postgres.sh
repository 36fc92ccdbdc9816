#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests: Debian's `postgresql` package, a cluster made
# with initdb in a temp directory, on a free loopback port, run as a non-root user
# (PostgreSQL refuses to run as root), and removed afterwards.
#
#   .ci/postgres.sh run -- CMD…   # starts one, runs CMD with VIGIL_TEST_POSTGRES set to its
#                                 # URL, then stops it and removes its files (even on failure)
set -euo pipefail

log() { printf '[postgres] %s\n' "$*" >&2; }

# The server's programs (a machine may have only the client, whose psql lives there too).
server_bin() {
  ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1 | xargs -r dirname
}

bin_dir() {
  local dir
  dir=$(server_bin)
  if [ -z "$dir" ]; then
    log "apt-get install postgresql"
    local sudo=""; [ "$(id -u)" != 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    dir=$(server_bin)
  fi
  [ -n "$dir" ] || { log "no PostgreSQL server programs after installing postgresql"; exit 1; }
  echo "$dir"
}

# As root, the cluster belongs to `nobody`; otherwise to whoever runs this.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

[ "${1:-}" = run ] && [ "${2:-}" = -- ] || { echo "usage: $0 run -- command…" >&2; exit 2; }
shift 2

BIN=$(bin_dir)
DIR=$(mktemp -d /tmp/vigil-pg.XXXXXX)
chmod 755 "$DIR"
[ "$(id -u)" = 0 ] && chown nobody "$DIR"
PORT=$(free_port)

stop() {
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

as_owner "$BIN/initdb" -D "$DIR/data" -U vigil --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
# Enough connections for several test binaries' pools. Commits are not flushed one by one, as
# SQLite in WAL mode with synchronous=NORMAL; fsync itself is off for tests (the cluster is
# thrown away) and on for benchmarks (VIGIL_PG_FSYNC=on).
as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=300 -c fsync=${VIGIL_PG_FSYNC:-off} -c synchronous_commit=off -c full_page_writes=${VIGIL_PG_FSYNC:-off}" \
  start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT ($DIR)"

export VIGIL_TEST_POSTGRES="postgres://vigil@127.0.0.1:$PORT/postgres"
"$@"
