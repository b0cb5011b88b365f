#!/usr/bin/env bash
# Writes a Mosquitto ACL file that follows PrintFarm's MQTT contract, from a list of agents and their printers.
#
#   .ci/mosquitto/make-acl.sh PRINTERS_FILE > /etc/mosquitto/printfarm.acl
#
# PRINTERS_FILE has one "AGENT_ID PRINTER_ID" pair a line (blank lines and # comments are skipped). Environment:
#   PRINTFARM_MQTT_PREFIX       topic prefix (default printfarm/v1, as mqtt.prefix)
#   PRINTFARM_MQTT_COORDINATOR  the coordinator's Mosquitto user (default printfarm-coordinator)
#
# The result:
#   - the coordinator reads and writes everything under the prefix;
#   - every user may write its own PREFIX/agents/<user>/online (a %u pattern), which is also where its will goes;
#   - each agent may write state, events, acks and gcode/rx, and read commands and gcode/tx, of its own printers only,
#     one line per topic: Mosquitto's %u cannot say "the printers of agent X", so they are listed.
# Nothing else is allowed, so another agent's topics and wildcards over other printers are refused.
# After adding printers, run this again over the updated list and send Mosquitto SIGHUP to reload it.
set -euo pipefail

list=${1:?usage: make-acl.sh PRINTERS_FILE (lines of "AGENT_ID PRINTER_ID")}
prefix=${PRINTFARM_MQTT_PREFIX:-printfarm/v1}
coordinator=${PRINTFARM_MQTT_COORDINATOR:-printfarm-coordinator}
safe='^[^[:space:]/+#]+$'

pairs=""
while read -r agent printer rest; do
  [ -z "${agent:-}" ] && continue
  case "$agent" in \#*) continue ;; esac
  if [ -z "${printer:-}" ] || [ -n "${rest:-}" ] || ! [[ "$agent" =~ $safe ]] || ! [[ "$printer" =~ $safe ]]; then
    echo "make-acl: bad line \"$agent ${printer:-} ${rest:-}\": want AGENT_ID PRINTER_ID without /, + or #" >&2
    exit 1
  fi
  if [ "$agent" = "$coordinator" ]; then
    echo "make-acl: $agent is the coordinator's user, not an agent" >&2
    exit 1
  fi
  pairs+="$agent $printer"$'\n'
done <"$list"

echo "# PrintFarm MQTT contract for Mosquitto, made by make-acl.sh from $(basename "$list"); regenerate, do not edit."
echo
echo "# Every user: its own online topic (its retained true/false and its last will)."
echo "pattern write ${prefix}/agents/%u/online"
echo
echo "user ${coordinator}"
echo "topic readwrite ${prefix}/#"

current=""
while read -r agent printer; do
  [ -z "${agent:-}" ] && continue
  if [ "$agent" != "$current" ]; then
    echo
    echo "user ${agent}"
    current=$agent
  fi
  for leaf in state events acks gcode/rx; do echo "topic write ${prefix}/printers/${printer}/${leaf}"; done
  for leaf in commands gcode/tx; do echo "topic read ${prefix}/printers/${printer}/${leaf}"; done
done < <(printf '%s' "$pairs" | sort -u)
