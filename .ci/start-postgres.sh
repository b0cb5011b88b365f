#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the tests and prints, on stdout, the lines to eval:
#   export PRINTFARM_TEST_POSTGRES='Host=127.0.0.1;Port=...;Username=...;Password=...;Database=...'
#   export PRINTFARM_TEST_POSTGRES_DIR='/tmp/printfarm-pg.XXXXXX'
# Needs Debian's postgresql package (initdb and pg_ctl under /usr/lib/postgresql/*/bin). Run as root (the
# server then runs as the postgres user) or as any other user (the server runs as that user).
# The server listens on 127.0.0.1 only, on a free port. Stop it with .ci/stop-postgres.sh.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "start-postgres: no PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/printfarm-pg.XXXXXX)
chmod 755 "$dir"
as_server() { "$@"; }
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$dir"
  as_server() { runuser -u postgres -- "$@"; }
fi

# A free loopback port: the first one nothing answers on.
port=""
for _ in $(seq 1 50); do
  candidate=$(( 20000 + RANDOM % 30000 ))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "start-postgres: no free port found" >&2; exit 1; }

user=printfarm
password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
database=printfarm_test

as_server "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }

for _ in $(seq 1 60); do
  if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port"; then break; fi
  sleep 0.5
done
"$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" || { echo "start-postgres: server did not come up" >&2; cat "$dir/server.log" >&2; exit 1; }

as_server "$bindir/psql" -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
  -c "CREATE ROLE $user LOGIN PASSWORD '$password'" \
  -c "CREATE DATABASE $database OWNER $user" >/dev/null

echo "export PRINTFARM_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=$user;Password=$password;Database=$database'"
echo "export PRINTFARM_TEST_POSTGRES_DIR='$dir'"
