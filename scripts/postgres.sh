#!/usr/bin/env bash
# A throwaway PostgreSQL for the read model's tests and benchmarks, on 127.0.0.1 only.
#   scripts/postgres.sh start DIR   installs Debian's postgresql when missing, creates a cluster in DIR (owned by the
#                                   postgres user: PostgreSQL refuses to run as root), starts it on a free port and
#                                   prints its URL (postgres://postgres@127.0.0.1:PORT/postgres) as the last line
#   scripts/postgres.sh stop DIR    stops it (the caller removes DIR)
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$found" ] && [ -x "$found/pg_ctl" ] && echo "$found"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    bin="$(bindir || true)"
    if [ -z "$bin" ]; then
      echo "postgres.sh: installing Debian's postgresql" >&2
      if [ "$(id -u)" != 0 ]; then echo "postgres.sh: PostgreSQL is not installed and this is not root (apt-get install -y postgresql)" >&2; exit 1; fi
      export DEBIAN_FRONTEND=noninteractive
      for attempt in 1 2 3 4 5 6; do
        if apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2; then break; fi
        echo "postgres.sh: apt busy or failed (attempt $attempt); retrying" >&2; sleep 10
      done
      bin="$(bindir)"
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; chmod 700 "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --lc-ctype=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=128MB -c max_connections=20" start >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin="$(bindir)"
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
