#!/usr/bin/env bash
# Stops the broker .ci/start-mosquitto.sh started and removes its files. Reads PRINTFARM_TEST_MOSQUITTO_DIR.
set -euo pipefail
dir=${PRINTFARM_TEST_MOSQUITTO_DIR:?PRINTFARM_TEST_MOSQUITTO_DIR is not set}
case "$dir" in /tmp/printfarm-mosquitto.*) ;; *) echo "stop-mosquitto: $dir is not a directory start-mosquitto.sh made" >&2; exit 1 ;; esac
if [ -f "$dir/mosquitto.pid" ]; then
  pid=$(cat "$dir/mosquitto.pid")
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
fi
rm -rf "$dir"
