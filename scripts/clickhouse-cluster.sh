#!/usr/bin/env bash
# Local ClickHouse for hireaudit's tests and benchmarks: two clickhouse-server processes on
# loopback ports, each with its own data folder, and a `remote_servers` cluster of two shards
# (one server each) so a Distributed table spans both. Nothing runs as a system service.
#
#   scripts/clickhouse-cluster.sh start [--single]   start both servers (or only the first), wait until they answer
#   scripts/clickhouse-cluster.sh stop [1|2]         stop exactly the servers this script started (pid files), or one of them
#   scripts/clickhouse-cluster.sh status             exit 0 when every started server answers
#   scripts/clickhouse-cluster.sh env                print the variables a client needs (ports, cluster, users)
#
# Settings (environment):
#   HIREAUDIT_CH_DIR        state folder (configs, data, logs, pids); default .hireaudit-tmp/clickhouse
#   HIREAUDIT_CH_PORT_BASE  node i listens on HTTP base+i, native TCP base+10+i, interserver base+20+i; default 18120
#   HIREAUDIT_CH_MAX_MEMORY per-query memory limit in bytes; default 6000000000
# Configs are generated from scripts/clickhouse/*.template. The password of the `hireaudit` user is
# a fixed test value (these servers listen on 127.0.0.1 only and hold generated data).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dir="${HIREAUDIT_CH_DIR:-$root/.hireaudit-tmp/clickhouse}"
base="${HIREAUDIT_CH_PORT_BASE:-18120}"
max_memory="${HIREAUDIT_CH_MAX_MEMORY:-6000000000}"
cluster="hireaudit_two_shards"
audit_user="hireaudit"
audit_password="hireaudit-test-password"
server_bin="$(command -v clickhouse-server || true)"
if [[ -z "$server_bin" && -x /usr/sbin/clickhouse-server ]]; then server_bin=/usr/sbin/clickhouse-server; fi

http_port() { echo $((base + $1)); }
tcp_port() { echo $((base + 10 + $1)); }
node_dir() { echo "$dir/node$1"; }
pid_file() { echo "$(node_dir "$1")/server.pid"; }

alive() { # the pid file names a live (not zombie) clickhouse-server that runs this node's config
  local pf pid; pf="$(pid_file "$1")"
  [[ -f "$pf" ]] || return 1
  pid="$(cat "$pf")"
  [[ -r "/proc/$pid/stat" ]] || return 1
  [[ "$(sed -e 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)" != "Z" ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$(node_dir "$1")/config.xml"
}

answers() { # the server's HTTP interface answers a query
  [[ "$(curl -s --max-time 2 "http://127.0.0.1:$(http_port "$1")/?query=SELECT%201" 2>/dev/null || true)" == "1" ]]
}

shards_xml() {
  local i out=""
  for i in 1 2; do
    out+="            <shard><replica><host>127.0.0.1</host><port>$(tcp_port "$i")</port></replica></shard>"$'\n'
  done
  printf '%s' "${out%$'\n'}"
}

write_config() {
  local i="$1" nd; nd="$(node_dir "$i")"
  mkdir -p "$nd"/{data,tmp,user_files,format_schemas,log}
  local sha; sha="$(printf '%s' "$audit_password" | sha256sum | cut -d' ' -f1)"
  local shards; shards="$(shards_xml)"
  SHARDS="$shards" perl -pe '
    s/\@SHARDS\@/$ENV{SHARDS}/g;
  ' "$here/clickhouse/config.xml.template" |
    sed -e "s|@DIR@|$nd|g" -e "s|@HTTP_PORT@|$(http_port "$i")|g" -e "s|@TCP_PORT@|$(tcp_port "$i")|g" \
        -e "s|@INTERSERVER_PORT@|$((base + 20 + i))|g" -e "s|@CLUSTER@|$cluster|g" > "$nd/config.xml"
  sed -e "s|@AUDIT_USER@|$audit_user|g" -e "s|@AUDIT_PASSWORD_SHA256@|$sha|g" -e "s|@MAX_MEMORY@|$max_memory|g" \
    "$here/clickhouse/users.xml.template" > "$nd/users.xml"
}

start_node() {
  local i="$1" nd; nd="$(node_dir "$i")"
  if alive "$i"; then echo "node$i already running (pid $(cat "$(pid_file "$i")"))"; return; fi
  if answers "$i"; then
    echo "port $(http_port "$i") already answers but was not started by this script (set HIREAUDIT_CH_PORT_BASE)" >&2
    exit 1
  fi
  write_config "$i"
  # Foreground server in the background: $! is the server itself, so the pid file names exactly it.
  (cd "$nd" && exec "$server_bin" --config-file="$nd/config.xml" >"$nd/log/stdout.log" 2>&1) &
  echo $! > "$(pid_file "$i")"
}

wait_for() {
  local i="$1" t
  for t in $(seq 1 150); do
    if answers "$i"; then return 0; fi
    if ! alive "$i"; then
      echo "node$i exited while starting; last lines of its logs:" >&2
      tail -n 20 "$(node_dir "$i")/log/server.err.log" "$(node_dir "$i")/log/stdout.log" >&2 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
  echo "node$i did not answer on port $(http_port "$i") within 30 s" >&2
  return 1
}

stop_node() {
  local i="$1" pf pid t; pf="$(pid_file "$i")"
  [[ -f "$pf" ]] || return 0
  pid="$(cat "$pf")"
  if alive "$i"; then
    kill -TERM "$pid"
    for t in $(seq 1 100); do alive "$i" || break; sleep 0.1; done
    if alive "$i"; then kill -KILL "$pid"; fi
  fi
  rm -f "$pf"
  echo "node$i stopped"
}

started_nodes() { local i; for i in 1 2; do [[ -f "$(pid_file "$i")" ]] && echo "$i"; done; return 0; }

cmd="${1:-}"
case "$cmd" in
  start)
    if [[ -z "$server_bin" ]]; then
      echo "clickhouse-server not found: apt-get install -y clickhouse-server clickhouse-client" >&2
      exit 1
    fi
    nodes=(1 2)
    [[ "${2:-}" == "--single" ]] && nodes=(1)
    for i in "${nodes[@]}"; do start_node "$i"; done
    for i in "${nodes[@]}"; do wait_for "$i" || { for j in "${nodes[@]}"; do stop_node "$j"; done; exit 1; }; done
    echo "ClickHouse ready: ${#nodes[@]} server(s), HTTP ports $(for i in "${nodes[@]}"; do printf '%s ' "$(http_port "$i")"; done)(state in $dir)"
    ;;
  stop)
    if [[ -n "${2:-}" ]]; then stop_node "$2"; else for i in $(started_nodes); do stop_node "$i"; done; fi
    ;;
  status)
    ok=0; any=0
    for i in $(started_nodes); do
      any=1
      if alive "$i" && answers "$i"; then echo "node$i up: http://127.0.0.1:$(http_port "$i")"; else echo "node$i down"; ok=1; fi
    done
    [[ $any == 1 ]] || { echo "not started"; exit 1; }
    exit $ok
    ;;
  env)
    echo "HIREAUDIT_CH_HTTP_PORTS=$(http_port 1),$(http_port 2)"
    echo "HIREAUDIT_CH_CLUSTER=$cluster"
    echo "HIREAUDIT_CH_AUDIT_USER=$audit_user"
    echo "HIREAUDIT_CH_AUDIT_PASSWORD=$audit_password"
    echo "HIREAUDIT_CH_DIR=$dir"
    ;;
  *)
    echo "usage: $0 start [--single] | stop [1|2] | status | env" >&2
    exit 64
    ;;
esac
