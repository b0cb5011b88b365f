#!/usr/bin/env bash
# Stops the server .ci/start-postgres.sh started and removes its files. Reads PRINTFARM_TEST_POSTGRES_DIR.
set -euo pipefail
dir=${PRINTFARM_TEST_POSTGRES_DIR:?PRINTFARM_TEST_POSTGRES_DIR is not set}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if [ "$(id -u)" = "0" ]; then
  runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
else
  "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
fi
rm -rf "$dir"
