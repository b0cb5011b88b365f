#!/usr/bin/env bash
# Starts a throwaway Mosquitto for the tests and prints, on stdout, the lines to eval:
#   export PRINTFARM_TEST_MOSQUITTO='mqtt://printfarm-coordinator:PASSWORD@127.0.0.1:PORT'
#   export PRINTFARM_TEST_MOSQUITTO_AGENT_A='agent-a:PASSWORD'
#   export PRINTFARM_TEST_MOSQUITTO_AGENT_B='agent-b:PASSWORD'
#   export PRINTFARM_TEST_MOSQUITTO_AGENTS='mqtt://127.0.0.1:AGENT_PORT'
#   export PRINTFARM_TEST_MOSQUITTO_DIR='/tmp/printfarm-mosquitto.XXXXXX'
# Needs Debian's mosquitto package (apt-get install mosquitto). No systemd: the broker runs in the background as the
# current user (as root it drops to the mosquitto user), on 127.0.0.1 only, without anonymous access, with two
# listeners on free ports, as docs/mqtt.md describes for production:
#   - the agents' listener knows only the agents (agent-a and agent-b, fixed test passwords) and sets
#     use_username_as_clientid, so an agent's client id is always its agent id and no agent can hold another's;
#   - the coordinators' listener knows only the coordinator (a random password); coordinators keep their own client ids.
# Both use the ACL that .ci/mosquitto/make-acl.sh makes from .ci/mosquitto/test-printers.txt. Stop it with
# .ci/stop-mosquitto.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

broker=$(command -v mosquitto || true)
[ -n "$broker" ] || broker=/usr/sbin/mosquitto
passwd=$(command -v mosquitto_passwd || echo /usr/bin/mosquitto_passwd)
if [ ! -x "$broker" ] || [ ! -x "$passwd" ]; then
  echo "start-mosquitto: mosquitto or mosquitto_passwd not found (apt-get install mosquitto)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/printfarm-mosquitto.XXXXXX)
chmod 700 "$dir"

# Free loopback ports: the first ones nothing answers on.
free_port() {
  for _ in $(seq 1 50); do
    candidate=$(( 20000 + RANDOM % 30000 ))
    if [ "$candidate" != "${1:-}" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
  done
  echo "start-mosquitto: no free port found" >&2
  exit 1
}
port=$(free_port)
agent_port=$(free_port "$port")

coordinator=printfarm-coordinator
coordinator_password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
agent_a_password=pf_test_agent_a_password
agent_b_password=pf_test_agent_b_password

touch "$dir/passwd" "$dir/passwd-agents"
chmod 600 "$dir/passwd" "$dir/passwd-agents"
"$passwd" -b "$dir/passwd" "$coordinator" "$coordinator_password" >/dev/null
"$passwd" -b "$dir/passwd-agents" agent-a "$agent_a_password" >/dev/null
"$passwd" -b "$dir/passwd-agents" agent-b "$agent_b_password" >/dev/null
"$here/mosquitto/make-acl.sh" "$here/mosquitto/test-printers.txt" >"$dir/acl"
chmod 600 "$dir/acl"

run_as=$(id -un)
if [ "$(id -u)" = "0" ]; then
  # As root Mosquitto drops its privileges; the files must be its own.
  run_as=mosquitto
  id mosquitto >/dev/null 2>&1 || { echo "start-mosquitto: running as root, but there is no mosquitto user" >&2; exit 1; }
  chown -R mosquitto "$dir"
fi

cat >"$dir/mosquitto.conf" <<CONF
# Made by .ci/start-mosquitto.sh for the tests.
user $run_as
pid_file $dir/mosquitto.pid
persistence false
log_dest file $dir/mosquitto.log
log_type error
log_type warning
log_type notice
per_listener_settings true
# Mosquitto has no limit per topic: the G-code topics' 64 KB (and some room for the topic) is the most any message may be.
max_packet_size 66000

# The coordinators' listener: only the coordinator's login.
listener $port 127.0.0.1
allow_anonymous false
password_file $dir/passwd
acl_file $dir/acl

# The agents' listener: only agents, and each one's client id is its user name (its agent id).
listener $agent_port 127.0.0.1
allow_anonymous false
password_file $dir/passwd-agents
acl_file $dir/acl
use_username_as_clientid true
CONF
[ "$(id -u)" = "0" ] && chown mosquitto "$dir/mosquitto.conf"

"$broker" -c "$dir/mosquitto.conf" -d

for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$agent_port") 2>/dev/null; then break; fi
  sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || ! (exec 3<>"/dev/tcp/127.0.0.1/$agent_port") 2>/dev/null; then
  echo "start-mosquitto: mosquitto did not come up on 127.0.0.1:$port and :$agent_port" >&2
  cat "$dir/mosquitto.log" >&2 2>/dev/null || true
  exit 1
fi

echo "export PRINTFARM_TEST_MOSQUITTO='mqtt://$coordinator:$coordinator_password@127.0.0.1:$port'"
echo "export PRINTFARM_TEST_MOSQUITTO_AGENT_A='agent-a:$agent_a_password'"
echo "export PRINTFARM_TEST_MOSQUITTO_AGENT_B='agent-b:$agent_b_password'"
echo "export PRINTFARM_TEST_MOSQUITTO_AGENTS='mqtt://127.0.0.1:$agent_port'"
echo "export PRINTFARM_TEST_MOSQUITTO_DIR='$dir'"
