#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests, from Debian's postgresql package:
#   scripts/pg-test-cluster.sh start DIR   → initdb in DIR, start on a free port, print the URL
#   scripts/pg-test-cluster.sh stop DIR    → stop it (the caller removes DIR)
# Runs the server as the `postgres` user when started as root (initdb refuses root).
set -euo pipefail
action=${1:?start or stop}; dir=${2:?a folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $action in
  start)
    mkdir -p "$dir"
    # The server runs as postgres: it must be able to reach the folder (mkdtemp makes 0700).
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod a+x "$(dirname "$dir")"; fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$bin/initdb" -D "$dir/db" -U helpdock --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_pg "$bin/pg_ctl" -D "$dir/db" -l "$dir/db/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U helpdock helpdock
    echo "postgres://helpdock@127.0.0.1:$port/helpdock"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/db" -m immediate stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
