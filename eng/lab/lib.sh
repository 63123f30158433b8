# shellcheck shell=bash disable=SC2034
# (SC2034: the settings below are used by the scripts that source this file.)
# Shared by every eng/lab script (sourced, not run): configuration, logging, PID-file checks,
# the clients for PostgreSQL and Redis, and polling with deadlines.
#
# Configuration (environment variables, all optional):
#   DIFYHA_LAB_DIR            the lab's folder (default: the folder of $DIFYHA_LAB_ENV if set, else
#                             /tmp/dha-lab; keep it short: unix socket paths are limited to 107 bytes)
#   DIFYHA_LAB_PORT_BASE      first port (default 15400); the defaults below are offsets from it
#   DIFYHA_LAB_PG_PORT_A/_B   PostgreSQL node ports (base+0, base+1)
#   DIFYHA_LAB_REDIS_PORT_A/_B Redis data node ports (base+10, base+11)
#   DIFYHA_LAB_SENTINEL_PORTS three comma-separated Sentinel ports (base+20..22)
#   DIFYHA_LAB_CLUSTER_PORTS  six comma-separated Redis Cluster ports (base+30..35); each node also
#                             uses port+10000 for the cluster bus
#   DIFYHA_LAB_PASSWORD       password of the PostgreSQL test user and of the Redis data/cluster nodes
#   DIFYHA_LAB_KEEP_ON_FAILURE=1  `up` leaves a half-started lab running for inspection
# Every port (and cluster bus port) must be below 32768: 32768-60999 is Linux's ephemeral range.

# DIFYHA_LAB_DIR wins; else the folder of DIFYHA_LAB_ENV (what the tests read); else /tmp/dha-lab.
if [ -n "${DIFYHA_LAB_DIR:-}" ]; then
  LAB_DIR=$DIFYHA_LAB_DIR
elif [ -n "${DIFYHA_LAB_ENV:-}" ]; then
  LAB_DIR=$(dirname "$DIFYHA_LAB_ENV")
else
  LAB_DIR=/tmp/dha-lab
fi
LAB_DIR="${LAB_DIR%/}"
PID_DIR="$LAB_DIR/pids"
LAB_ENV_FILE="$LAB_DIR/lab.env"
PG_BIN="${DIFYHA_LAB_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_ROOT="$LAB_DIR/pg"
PG_SOCKET_DIR="$PG_ROOT/sock"
PG_USER=difyha
PG_DATABASE=difyha
REDIS_SERVICE_NAME=difyha
REDIS_DOWN_AFTER_MS=1000
REDIS_FAILOVER_TIMEOUT_MS=3000
CLUSTER_NODE_TIMEOUT_MS=1000
LAB_PASSWORD="${DIFYHA_LAB_PASSWORD:-dha-lab-pw-7f3k}"

_base="${DIFYHA_LAB_PORT_BASE:-15400}"
PG_PORT_A="${DIFYHA_LAB_PG_PORT_A:-$((_base + 0))}"
PG_PORT_B="${DIFYHA_LAB_PG_PORT_B:-$((_base + 1))}"
REDIS_PORT_A="${DIFYHA_LAB_REDIS_PORT_A:-$((_base + 10))}"
REDIS_PORT_B="${DIFYHA_LAB_REDIS_PORT_B:-$((_base + 11))}"
IFS=, read -r -a SENTINEL_PORTS <<<"${DIFYHA_LAB_SENTINEL_PORTS:-$((_base + 20)),$((_base + 21)),$((_base + 22))}"
IFS=, read -r -a CLUSTER_PORTS <<<"${DIFYHA_LAB_CLUSTER_PORTS:-$((_base + 30)),$((_base + 31)),$((_base + 32)),$((_base + 33)),$((_base + 34)),$((_base + 35))}"
unset _base

# After `up`, the env file is the truth (a helper run with other variables must still act on the
# lab that is there): read the ports back from it.
lab_load_env() {
  if [ ! -f "$LAB_ENV_FILE" ]; then
    die "the lab is not running: $LAB_ENV_FILE does not exist (start it with eng/lab/up; DIFYHA_LAB_DIR=$LAB_DIR)"
  fi
  # shellcheck disable=SC1090
  . "$LAB_ENV_FILE"
  PG_PORT_A=$PG_NODE_A_PORT PG_PORT_B=$PG_NODE_B_PORT
  REDIS_PORT_A=$REDIS_NODE_A_PORT REDIS_PORT_B=$REDIS_NODE_B_PORT
  IFS=, read -r -a SENTINEL_PORTS <<<"$REDIS_SENTINEL_PORTS"
  IFS=, read -r -a CLUSTER_PORTS <<<"$REDIS_CLUSTER_PORTS"
  LAB_PASSWORD=$REDIS_PASSWORD
}

log() { printf '[lab %s] %s\n' "$(date +%H:%M:%S.%3N)" "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }

# wait_until DEADLINE_MS DESCRIPTION COMMAND...: polls every 50 ms; returns 1 after the deadline.
wait_until() {
  local deadline=$(($(now_ms) + $1)) what=$2
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      printf 'error: timed out waiting for %s\n' "$what" >&2
      return 1
    fi
    sleep 0.05
  done
}

# ---- processes ---------------------------------------------------------------------------------

# is_lab_pid PID: the process exists, is not a zombie, and is this lab's (its working directory is in
# the lab folder, or its command line names the lab folder). Guards against reused PIDs and against
# lingering zombies, for which `kill -0` still succeeds.
is_lab_pid() {
  local pid=$1 line="" cwd args=()
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # Builtins only on the common path: this runs in polling loops.
  { while IFS= read -r line; do case "$line" in State:*) break ;; esac; done; } 2>/dev/null <"/proc/$pid/status" || return 1
  case "$line" in State:*Z* | State:*X*) return 1 ;; State:*) ;; *) return 1 ;; esac
  mapfile -d '' -t args 2>/dev/null <"/proc/$pid/cmdline" || true
  case " ${args[*]} " in *" $LAB_DIR/"* | *" $LAB_DIR "*) return 0 ;; esac
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null || true)
  case "$cwd" in "$LAB_DIR" | "$LAB_DIR"/* | "$LAB_DIR (deleted)") return 0 ;; esac
  return 1
}

# pid_running PID: exists and is not a zombie (builtins only). For waiting on a PID that is_lab_pid
# has already vouched for.
pid_running() {
  local line=""
  { while IFS= read -r line; do case "$line" in State:*) break ;; esac; done; } 2>/dev/null <"/proc/$1/status" || return 1
  case "$line" in State:*Z* | State:*X*) return 1 ;; State:*) return 0 ;; *) return 1 ;; esac
}

read_pid() { # NAME -> the PID in pids/NAME.pid (empty when none)
  local f="$PID_DIR/$1.pid"
  [ -f "$f" ] && head -n 1 "$f" 2>/dev/null | tr -dc '0-9' || true
}

running_pid() { # NAME -> the PID if the lab process NAME runs, else fails
  local pid
  pid=$(read_pid "$1")
  [ -n "$pid" ] && is_lab_pid "$pid" && echo "$pid"
}

# stop_pid NAME PID SIGNAL: signal a lab process and wait until it is gone (zombies count as gone);
# escalates to SIGKILL after 3 s. Refuses a PID that is not the lab's.
stop_pid() {
  local name=$1 pid=$2 sig=$3 deadline
  is_lab_pid "$pid" || return 0
  kill "-$sig" "$pid" 2>/dev/null || true
  deadline=$(($(now_ms) + 3000))
  while pid_running "$pid"; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      log "$name (pid $pid) ignored SIG$sig for 3 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$(($(now_ms) + 3000))
      sig=KILL
    fi
    sleep 0.02
  done
}

# lab_server_pids [DIR]: PIDs of PostgreSQL/Redis server processes whose working directory is DIR
# (default: anywhere in the lab folder). Used to find the children a SIGKILLed postmaster left
# behind. The executable must be a PostgreSQL or Redis binary, so a user's shell that happens to sit
# in the lab folder is never touched.
lab_server_pids() {
  local dir=${1:-$LAB_DIR} p pid exe
  # One find over /proc (-lname matches the cwd link's target) instead of a readlink per process.
  # shellcheck disable=SC2044 # /proc paths have no spaces
  for p in $(find /proc/[0-9]*/cwd -maxdepth 0 \( -lname "$dir" -o -lname "$dir/*" -o -lname "$dir (deleted)" \) 2>/dev/null); do
    pid=${p#/proc/}
    pid=${pid%/cwd}
    [ "$pid" = "$$" ] && continue
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || continue
    case "$exe" in "$PG_BIN"/* | /usr/lib/postgresql/* | /usr/bin/redis-* | /usr/local/bin/redis-*) ;; *) continue ;; esac
    is_lab_pid "$pid" && echo "$pid"
  done
  return 0
}

# ---- ports -------------------------------------------------------------------------------------

all_ports() {
  local p
  echo "$PG_PORT_A" "$PG_PORT_B" "$REDIS_PORT_A" "$REDIS_PORT_B" "${SENTINEL_PORTS[@]}"
  for p in "${CLUSTER_PORTS[@]}"; do echo "$p" $((p + 10000)); done
}

# busy_ports PORT...: prints those of the ports that cannot be bound on 127.0.0.1 (a real bind, as the
# servers do it, in one perl run: perl-base is always on Debian).
busy_ports() {
  perl -MSocket -e 'for my $p (@ARGV) { socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
    setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1); bind($s, sockaddr_in($p, inet_aton("127.0.0.1"))) or print "$p\n"; close($s) }' "$@"
}

# port_error PORT WHAT: dies naming the port, what the lab wanted it for and what holds it.
port_error() {
  local port=$1 what=$2 holder
  holder=$(ss -Htanp "( sport = :$port )" 2>/dev/null | head -n 3 | tr -s ' ' | sed 's/^/    /')
  die "port $port ($what) is in use on 127.0.0.1; held by:
${holder:-    (ss shows no socket; another process may have just released it)}
Choose other ports with DIFYHA_LAB_PORT_BASE (or DIFYHA_LAB_*_PORT*), or stop what holds it."
}

port_range_ok() { # PORT WHAT
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1024 ] && [ "$1" -lt 32768 ] ||
    die "port $1 ($2) must be a number from 1024 to 32767 (32768-60999 is the ephemeral range: a stray outgoing socket can take it)"
}

# ---- PostgreSQL --------------------------------------------------------------------------------

pg_data() { echo "$PG_ROOT/$1"; } # a|b
pg_port() { if [ "$1" = a ]; then echo "$PG_PORT_A"; else echo "$PG_PORT_B"; fi; }
pg_other() { if [ "$1" = a ]; then echo b; else echo a; fi; }

as_postgres() { (cd "$PG_ROOT" && runuser -u postgres -- env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$@"); }

# psql_node NODE SQL: runs SQL as the superuser over the unix socket; prints tuples only.
psql_node() {
  PGCONNECT_TIMEOUT=2 "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_SOCKET_DIR" -p "$(pg_port "$1")" -U postgres -d postgres -c "$2"
}

pg_postmaster_pid() { # NODE -> PID when its postmaster runs
  local pid
  pid=$(head -n 1 "$(pg_data "$1")/postmaster.pid" 2>/dev/null | tr -dc '0-9') || true
  [ -z "$pid" ] && pid=$(read_pid "pg-$1")
  [ -n "$pid" ] && is_lab_pid "$pid" && echo "$pid"
}

# pg_role NODE -> primary | standby | down
pg_role() {
  local r
  if ! pg_postmaster_pid "$1" >/dev/null; then echo down; return; fi
  r=$(psql_node "$1" "select pg_is_in_recovery()" 2>/dev/null) || { echo down; return; }
  case "$r" in f) echo primary ;; t) echo standby ;; *) echo down ;; esac
}

# pg_write_node_conf NODE: the per-node settings, which base backups and pg_rewind would otherwise
# copy from the other node (port above all).
pg_write_node_conf() {
  local node=$1 data
  data=$(pg_data "$node")
  cat >"$data/lab-node.conf" <<EOF
port = $(pg_port "$node")
cluster_name = 'pg-$node/$(pg_port "$node")'
EOF
  chown postgres:postgres "$data/lab-node.conf"
}

# pg_make_standby NODE PRIMARY_NODE: standby.signal + our own primary_conninfo; drops settings the
# copy brought from the other node's postgresql.auto.conf (a replay delay, synchronous names).
pg_make_standby() {
  local node=$1 primary=$2 data auto
  data=$(pg_data "$node")
  auto="$data/postgresql.auto.conf"
  touch "$auto"
  sed -i -E '/^(primary_conninfo|recovery_min_apply_delay|synchronous_standby_names|primary_slot_name) /d' "$auto"
  echo "primary_conninfo = 'host=$PG_SOCKET_DIR port=$(pg_port "$primary") user=postgres application_name=pg-$node'" >>"$auto"
  touch "$data/standby.signal"
  chown postgres:postgres "$auto" "$data/standby.signal"
  pg_write_node_conf "$node"
}

pg_try_start() { # NODE: starts it (pg_ctl -w) and records its PID; fails quietly
  local node=$1 pid
  (cd "$PG_ROOT" && daemon runuser -u postgres -- env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$PG_BIN/pg_ctl" -D "$(pg_data "$node")" \
    -l "$PG_ROOT/pg-$node.log" -w -t 60 -s start) >/dev/null 2>&1 || return 1
  pid=$(head -n 1 "$(pg_data "$node")/postmaster.pid" | tr -dc '0-9')
  echo "$pid" >"$PID_DIR/pg-$node.pid"
}
pg_start() { # NODE: the same, failing loudly
  pg_try_start "$1" ||
    { tail -n 20 "$PG_ROOT/pg-$1.log" >&2; die "PostgreSQL node $1 did not start (log: $PG_ROOT/pg-$1.log)"; }
}

pg_is_streaming() { # PRIMARY STANDBY
  [ "$(psql_node "$1" "select count(*) from pg_stat_replication where application_name = 'pg-$2' and state = 'streaming'")" = 1 ]
}

pg_accepts_writes() { # NODE: txid_current() needs a transaction id, which a standby cannot assign
  psql_node "$1" "select txid_current()" >/dev/null
}

# ---- Redis -------------------------------------------------------------------------------------

rcli() { # PORT ARGS...: a data or cluster node (password from REDISCLI_AUTH, so it is not on the command line)
  local port=$1
  shift
  REDISCLI_AUTH="$LAB_PASSWORD" timeout 5 redis-cli --no-auth-warning -h 127.0.0.1 -p "$port" "$@"
}
scli() { # PORT ARGS...: a Sentinel (no password)
  local port=$1
  shift
  env -u REDISCLI_AUTH timeout 5 redis-cli -h 127.0.0.1 -p "$port" "$@"
}

redis_port() { if [ "$1" = a ]; then echo "$REDIS_PORT_A"; else echo "$REDIS_PORT_B"; fi; }
redis_role() { # PORT -> master | slave | down
  local r
  r=$(rcli "$1" role 2>/dev/null | head -n 1) || { echo down; return; }
  case "$r" in master | slave) echo "$r" ;; *) echo down ;; esac
}
redis_pings() { [ "$(rcli "$1" ping 2>/dev/null)" = PONG ]; }
sentinel_pings() { [ "$(scli "$1" ping 2>/dev/null)" = PONG ]; }
sentinel_master_port() { # SENTINEL_PORT -> master port as this Sentinel sees it
  scli "$1" sentinel get-master-addr-by-name "$REDIS_SERVICE_NAME" 2>/dev/null | sed -n 2p
}

# sentinel_ready PORT MASTER_PORT REPLICA_PORT: quorum reachable, master as expected, the replica
# known and healthy, and both other Sentinels known.
sentinel_ready() {
  local port=$1 master=$2 replica=$3 out
  scli "$port" sentinel ckquorum "$REDIS_SERVICE_NAME" 2>/dev/null | grep -q '^OK' || return 1
  [ "$(sentinel_master_port "$port")" = "$master" ] || return 1
  out=$(scli "$port" sentinel replicas "$REDIS_SERVICE_NAME" 2>/dev/null) || return 1
  # A replica entry is a flat list of field/value lines: find ours and check its flags.
  awk -v want="$replica" '
    prev == "port" && $0 == want { mine = 1 }
    mine && prev == "flags" { flags = $0; mine = 0 }
    { prev = $0 }
    END { exit !(flags == "slave") }' <<<"$out" || return 1
  [ "$(scli "$port" sentinel sentinels "$REDIS_SERVICE_NAME" 2>/dev/null | grep -c '^flags$')" -ge 2 ]
}

cluster_index_of_port() { # PORT -> 1..6
  local i
  for i in "${!CLUSTER_PORTS[@]}"; do [ "${CLUSTER_PORTS[$i]}" = "$1" ] && { echo $((i + 1)); return; }; done
  return 1
}
cluster_state_ok() { rcli "$1" cluster info 2>/dev/null | tr -d '\r' | grep -q '^cluster_state:ok$'; }
cluster_alive_port() { # a cluster node that answers
  local p
  for p in "${CLUSTER_PORTS[@]}"; do redis_pings "$p" && { echo "$p"; return; }; done
  return 1
}

# ---- for the helpers ---------------------------------------------------------------------------

lab_require() { # every helper: root, and a running lab's env file
  [ "$(id -u)" = 0 ] || die "eng/lab helpers must run as root"
  lab_load_env
}

# The node that is primary. When both claim it (an old primary restarted without pg-rejoin), the one
# pg-failover promoted last (pg/primary) wins.
pg_current_primary() {
  local ra rb recorded
  ra=$(pg_role a) rb=$(pg_role b)
  recorded=$(cat "$PG_ROOT/primary" 2>/dev/null || echo a)
  if [ "$ra" = primary ] && [ "$rb" = primary ]; then echo "$recorded"; return 0; fi
  [ "$ra" = primary ] && { echo a; return 0; }
  [ "$rb" = primary ] && { echo b; return 0; }
  return 1
}

# Waits until no server process of NODE is left (children of a SIGKILLed postmaster), killing
# stragglers after 2 s; PostgreSQL refuses to start while they hold its shared memory.
pg_wait_node_gone() {
  local node=$1 data deadline pids
  data=$(pg_data "$node")
  deadline=$(($(now_ms) + 2000))
  while pids=$(lab_server_pids "$data") && [ -n "$pids" ]; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      for p in $pids; do kill -KILL "$p" 2>/dev/null || true; done
    fi
    [ "$(now_ms)" -lt $((deadline + 5000)) ] || die "processes of PostgreSQL node $node do not exit: $pids"
    sleep 0.02
  done
}

# pg_kill_node NODE: SIGKILL the postmaster and, in the same instant, every child it has (as a
# crashed machine would lose them all: no orphaned backend commits anything afterwards), and wait
# until they are gone. Each PID is checked to be the lab's first. Sets KILLED_PID and KILLED_AT_MS.
pg_kill_node() {
  local node=$1 pid kids=() k deadline
  pid=$(pg_postmaster_pid "$node") || return 1
  # /proc/PID/task/PID/children lists the children (procps's ps is not on a minimal Debian).
  for k in $(cat "/proc/$pid/task/$pid/children" 2>/dev/null); do is_lab_pid "$k" && kids+=("$k"); done
  KILLED_AT_MS=$(now_ms)
  kill -KILL "$pid" "${kids[@]}" 2>/dev/null || true
  deadline=$((KILLED_AT_MS + 5000))
  for k in "$pid" "${kids[@]}"; do
    while pid_running "$k"; do
      [ "$(now_ms)" -lt "$deadline" ] || die "pid $k of pg-$node survives SIGKILL"
      sleep 0.01
    done
  done
  KILLED_PID=$pid
}

# pg_clear_stale_locks NODE: once all its processes are gone, remove postmaster.pid and the socket
# lock file. PostgreSQL (and pg_rewind's single-user recovery) would otherwise refuse to start while
# the dead postmaster lingers as a zombie, since kill(pid, 0) still succeeds on a zombie.
pg_clear_stale_locks() {
  local node=$1 data port
  data=$(pg_data "$node") port=$(pg_port "$node")
  pg_postmaster_pid "$node" >/dev/null && die "pg-$node still runs: refusing to remove its lock files"
  rm -f "$data/postmaster.pid" "$PG_SOCKET_DIR/.s.PGSQL.$port.lock" "$PG_SOCKET_DIR/.s.PGSQL.$port"
}

# The Redis data node that is master: what the Sentinels say, confirmed by the node's ROLE; else
# the node that says it is master.
redis_current_master_port() {
  local s p
  for s in "${SENTINEL_PORTS[@]}"; do
    p=$(sentinel_master_port "$s") || continue
    [ -n "$p" ] && [ "$(redis_role "$p")" = master ] && { echo "$p"; return 0; }
  done
  for p in "$REDIS_PORT_A" "$REDIS_PORT_B"; do
    [ "$(redis_role "$p")" = master ] && { echo "$p"; return 0; }
  done
  return 1
}
redis_node_of_port() { if [ "$1" = "$REDIS_PORT_A" ]; then echo a; elif [ "$1" = "$REDIS_PORT_B" ]; then echo b; else return 1; fi; }

# All running Sentinels report PORT as master.
sentinels_all_report() {
  local s n=0
  for s in "${SENTINEL_PORTS[@]}"; do
    sentinel_pings "$s" || continue
    [ "$(sentinel_master_port "$s")" = "$1" ] || return 1
    n=$((n + 1))
  done
  [ "$n" -gt 0 ]
}

redis_replica_linked() { # PORT MASTER_PORT: a replica of MASTER_PORT with its link up
  local info
  info=$(rcli "$1" info replication 2>/dev/null | tr -d '\r') || return 1
  grep -q '^role:slave$' <<<"$info" && grep -q "^master_port:$2\$" <<<"$info" && grep -q '^master_link_status:up$' <<<"$info"
}

# cluster_nodes: "port role(master|slave) state(ok|fail) slots" of each node, as an alive node sees it.
cluster_nodes() {
  local p
  p=$(cluster_alive_port) || return 1
  rcli "$p" cluster nodes | tr -d '\r' | awk '{
    split($2, a, "@"); split(a[1], hp, ":"); role = ($3 ~ /master/) ? "master" : "slave";
    state = ($3 ~ /fail/ || $8 != "connected") ? "fail" : "ok"; slots = "";
    for (i = 9; i <= NF; i++) slots = slots (slots == "" ? "" : ",") $i;
    print hp[2], role, state, (slots == "" ? "-" : slots) }' | sort -n
}

# daemon CMD...: runs CMD (a server that stays behind: redis-server, redis-sentinel, pg_ctl start) with
# every file descriptor above 2 closed, so it does not inherit a lab_lock and hold it forever.
daemon() {
  (
    for f in /proc/$BASHPID/fd/*; do
      n=${f##*/}
      [ "$n" -gt 2 ] 2>/dev/null && eval "exec $n>&-"
    done
    exec "$@"
  )
}

# lab_lock NAME: serialises the helpers that change one part of the lab (up/down: "lab"; "pg",
# "redis", "cluster") across processes — two test runs may share a lab. The lock file sits next to
# the lab folder (which `up` deletes). Held until the script exits; a helper that calls another
# (pg-heal -> pg-rejoin) passes it down through the environment instead of waiting for itself.
lab_lock() {
  local name=$1 var fd
  var="DIFYHA_LAB_LOCKED_${name^^}"
  [ "${!var:-}" = "$LAB_DIR" ] && return 0
  exec {fd}>"$LAB_DIR.$name.lock"
  if ! flock -n "$fd"; then
    log "waiting for another eng/lab command holding $LAB_DIR.$name.lock"
    flock -w 120 "$fd" || die "another eng/lab command has held $LAB_DIR.$name.lock for 120 s"
  fi
  export "$var=$LAB_DIR"
}
