# The ports `make run` listens on, checked before anything starts (sourced by scripts/run.sh).
# A taken port is refused, never moved: the addresses make run prints stay the ones the
# developer configured (ZEGO console, a tunnel, redis-cli's default port), so nothing keeps
# talking to the other instance while believing it talks to ours.

# port_of VALUE: VALUE is a port (REDIS_PORT) or an http URL (INGEST_URL); prints the port.
port_of() {
  local value=$1 authority
  if [[ $value =~ ^[0-9]+$ ]]; then echo "$value"; return; fi
  authority=${value#*://}
  authority=${authority%%/*}
  if [[ $authority =~ :([0-9]+)$ ]]; then echo "${BASH_REMATCH[1]}"; else echo 80; fi
}

# with_port VALUE PORT: VALUE with its port replaced (the suggestion in a refusal).
with_port() {
  local value=$1 port=$2 scheme authority path
  if [[ $value =~ ^[0-9]+$ ]]; then echo "$port"; return; fi
  scheme=${value%%://*}
  authority=${value#*://}
  path=${authority#"${authority%%/*}"}
  authority=${authority%%/*}
  echo "$scheme://${authority%:*}:$port$path"
}

# port_taken PORT: true when a process listens on PORT (any address).
port_taken() {
  if command -v ss >/dev/null; then
    [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# port_holder PORT: "name (pid N)" of the listener on PORT, as far as this user may see it.
port_holder() {
  local port=$1 users pid
  users=$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1) || true
  if [[ $users =~ \"([^\"]+)\",pid=([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]} (pid ${BASH_REMATCH[2]})"
    return
  fi
  pid=$(lsof -nP -t -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | head -n 1) || true
  [ -n "$pid" ] || pid=$(fuser -n tcp "$port" 2>/dev/null | awk '{print $1}') || true
  if [ -n "$pid" ]; then
    echo "$(cat "/proc/$pid/comm" 2>/dev/null || echo "a process") (pid $pid)"
  else
    echo "a process this user cannot see (sudo ss -ltnp 'sport = :$port' names it)"
  fi
}

# listens_as PORT PID: true when PID itself holds the listening socket on PORT.
listens_as() {
  local port=$1 pid=$2
  ss -Hltnp "sport = :$port" 2>/dev/null | grep -q "pid=$pid," \
    || lsof -nP -a -p "$pid" -iTCP:"$port" -sTCP:LISTEN >/dev/null 2>&1
}

# free_port_after PORT AVOID...: the first free port above PORT, none of AVOID (the suggestion
# in a refusal; AVOID holds the other services' ports and the ports already suggested).
free_port_after() {
  local port=$(($1 + 1)) avoid=" ${*:2} "
  while { port_taken "$port" || [[ $avoid == *" $port "* ]]; } && ((port < 65535)); do port=$((port + 1)); done
  echo "$port"
}

# check_ports NAME:VARIABLE...: one line per taken port (what holds it, the variable that moves
# it) and false when any is taken; also refuses two services on one port.
check_ports() {
  local claim name variable value port free refused=0 avoid=()
  local -A owner=()
  for claim in "$@"; do
    variable=${claim#*:}
    avoid+=("$(port_of "${!variable}")")
  done
  for claim in "$@"; do
    name=${claim%%:*}
    variable=${claim#*:}
    value=${!variable}
    port=$(port_of "$value")
    if [ -n "${owner[$port]:-}" ]; then
      echo "make run: ${owner[$port]} and $name both want port $port; move one with $variable" >&2
      refused=1
    elif port_taken "$port"; then
      free=$(free_port_after "$port" "${avoid[@]}")
      avoid+=("$free")
      echo "make run: port $port ($name) is in use by $(port_holder "$port"); move $name with $variable=$(with_port "$value" "$free")" >&2
      refused=1
    fi
    owner[$port]=$name
  done
  return "$refused"
}
