#!/usr/bin/env bash
# Coordinator start-up time: from process start until GET /healthz first answers 200.
#
# Usage: startup-time.sh PRINTFARM_EXE [ARGS...]
#   e.g. scripts/startup-time.sh src/PrintFarm.Cli/bin/Release/net10.0/printfarm serve --config samples/barcelona/farm.json
#
# Each run gets a fresh temporary data directory, a free HTTP port and a free MQTT port (the embedded
# broker's, passed as PRINTFARM__MQTT__PORT). In ARGS the placeholders {DATA}, {PORT} and {MQTT_PORT}
# are replaced; when ARGS contain no {PORT}, "--data {DATA} --urls http://127.0.0.1:{PORT}" is appended.
# Polls `curl -fsS http://127.0.0.1:PORT/healthz` every POLL_S seconds, then stops the process group
# (SIGTERM, SIGKILL after STOP_TIMEOUT_S) and waits for it to exit before the next run.
#
# Prints one number (milliseconds) per run on stdout and, at the end, "median: N ms (min N, max N, runs N)".
# Diagnostics go to stderr. Exit code 1 if any run failed (that run prints "FAIL" instead of a number).
#
# Environment: RUNS (11), POLL_S (0.02), START_TIMEOUT_S (120), STOP_TIMEOUT_S (30), SETTLE_S (1),
#              KEEP_LOGS=1 keeps each run's data directory and log under /tmp.
set -uo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 PRINTFARM_EXE [ARGS...]" >&2
  exit 2
fi
exe=$1; shift
if [ ! -x "$exe" ]; then
  echo "$exe: not an executable" >&2
  exit 2
fi

RUNS=${RUNS:-11}
POLL_S=${POLL_S:-0.02}
START_TIMEOUT_S=${START_TIMEOUT_S:-120}
STOP_TIMEOUT_S=${STOP_TIMEOUT_S:-30}
SETTLE_S=${SETTLE_S:-1}
KEEP_LOGS=${KEEP_LOGS:-0}

pid=""
run_dir=""

stop_process() {
  # Stop the process group started for this run (its leader is $pid) and wait for it, bounded.
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null
  local deadline=$(( $(date +%s) + STOP_TIMEOUT_S ))
  while kill -0 -- "-$pid" 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "  pid $pid still running after ${STOP_TIMEOUT_S}s: SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null
      sleep 0.2
    fi
    sleep 0.05
  done
  wait "$pid" 2>/dev/null
  pid=""
}

cleanup() {
  stop_process
  if [ -n "$run_dir" ] && [ "$KEEP_LOGS" != "1" ]; then rm -rf "$run_dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() { [ -n "$(ss -Htln "sport = :$1" 2>/dev/null)" ]; }

free_port() {
  # A random high TCP port that nothing listens on (and that differs from $1, if given).
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if [ "$p" != "${1:-}" ] && ! port_in_use "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $(( t / 1000 )); }

results=()
failed=0
for run in $(seq 1 "$RUNS"); do
  run_dir=$(mktemp -d /tmp/pf-startup.XXXXXX)
  data="$run_dir/data"; mkdir -p "$data"
  log="$run_dir/serve.log"
  port=$(free_port) || { echo "no free port" >&2; exit 1; }
  mqtt_port=$(free_port "$port") || { echo "no free port" >&2; exit 1; }

  args=()
  has_port=0
  for a in "$@"; do
    case "$a" in *"{PORT}"*) has_port=1 ;; esac
    a=${a//\{DATA\}/$data}; a=${a//\{MQTT_PORT\}/$mqtt_port}; a=${a//\{PORT\}/$port}
    args+=("$a")
  done
  if [ "$has_port" = 0 ]; then args+=(--data "$data" --urls "http://127.0.0.1:$port"); fi

  # setsid: the process leads its own group, so stopping it stops anything it started too.
  t0=$(now_ms)
  PRINTFARM__MQTT__PORT=$mqtt_port setsid "$exe" "${args[@]}" >"$log" 2>&1 </dev/null &
  pid=$!

  ok=0
  deadline=$(( t0 + START_TIMEOUT_S * 1000 ))
  while :; do
    if timeout 5 curl -fsS -m 2 -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null; then
      t1=$(now_ms); ok=1; break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run $run: the process exited before /healthz answered 200; log:" >&2
      tail -n 20 "$log" >&2
      break
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      echo "run $run: no 200 from /healthz within ${START_TIMEOUT_S}s; log:" >&2
      tail -n 20 "$log" >&2
      break
    fi
    sleep "$POLL_S"
  done

  stop_process
  if [ "$KEEP_LOGS" = "1" ]; then echo "run $run: kept $run_dir" >&2; else rm -rf "$run_dir"; fi
  run_dir=""

  if [ "$ok" = 1 ]; then
    ms=$(( t1 - t0 ))
    results+=("$ms")
    echo "$ms"
  else
    failed=$((failed + 1))
    echo "FAIL"
  fi
  [ "$run" -lt "$RUNS" ] && sleep "$SETTLE_S"
done

if [ "${#results[@]}" -gt 0 ]; then
  sorted=($(printf '%s\n' "${results[@]}" | sort -n))
  n=${#sorted[@]}
  if (( n % 2 )); then
    median=${sorted[$((n / 2))]}
  else
    median=$(( (sorted[n / 2 - 1] + sorted[n / 2]) / 2 ))
  fi
  echo "median: $median ms (min ${sorted[0]}, max ${sorted[n-1]}, runs $n)"
fi
[ "$failed" = 0 ]
