# The processes `make run` starts, and how they stop (sourced by scripts/run.sh).
# Each child leads its own session and process group (setsid), so Ctrl-C reaches only run.sh,
# which stops the children in order, and every signal goes to the whole group: a child's own
# children (redis-server's background save, for one) go with it.
# $RUN_DIR/children lists "pid start-time name" of each child, so the next make run can find
# what a run that was itself killed (SIGKILL) left behind.

CHILD_NAMES=()          # in start order
declare -A CHILD_PID=() # name -> pid

# proc_start_time PID: the kernel's start time of PID (tells a reused pid from ours).
proc_start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  # shellcheck disable=SC2086 # split into the fields of /proc/PID/stat after the name
  set -- $stat
  echo "${20}"
}

# child_start NAME COMMAND...: starts COMMAND in its own session, output in $RUN_DIR/logs/NAME.log.
child_start() {
  local name=$1 pid
  shift
  setsid "$@" </dev/null >"$RUN_DIR/logs/$name.log" 2>&1 {RUN_LOCK_FD}>&- &
  pid=$!
  CHILD_NAMES+=("$name")
  CHILD_PID[$name]=$pid
  echo "$pid $(proc_start_time "$pid") $name" >>"$RUN_DIR/children"
}

# child_await NAME PROBE...: waits until "PROBE... PID" succeeds, the child alive all along.
# When it exits or $START_TIMEOUT passes, prints why and the end of its log, and exits.
child_await() {
  local name=$1 pid=${CHILD_PID[$1]} deadline=$((SECONDS + START_TIMEOUT)) code=0
  shift
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid" || code=$?
      echo "make run: $name (pid $pid) exited during start with code $code; the end of $RUN_DIR/logs/$name.log:" >&2
      tail -n 5 "$RUN_DIR/logs/$name.log" | sed 's/^/  /' >&2
      exit 1
    fi
    if "$@" "$pid" >/dev/null 2>&1; then
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "make run: $name (pid $pid) was not ready after $START_TIMEOUT s; see $RUN_DIR/logs/$name.log" >&2
      exit 1
    fi
    sleep 0.2
  done
}

# child_name PID: the name of the child with that pid.
child_name() {
  local name
  for name in "${CHILD_NAMES[@]}"; do
    [ "${CHILD_PID[$name]}" = "$1" ] && echo "$name" && return
  done
  echo "pid $1"
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# group_stop NAME PGID: SIGTERM to the group, SIGKILL after $STOP_GRACE s (at once after a
# second Ctrl-C), then waits for the group to be gone.
group_stop() {
  local name=$1 pgid=$2 started=$EPOCHREALTIME deadline=$((SECONDS + STOP_GRACE))
  group_alive "$pgid" || return 0
  disown "$pgid" 2>/dev/null || true # its end is reported here, not by bash's job notice
  kill -TERM -- "-$pgid" 2>/dev/null || true
  while group_alive "$pgid" && ((SECONDS < deadline)) && [ -z "${STOP_NOW:-}" ]; do sleep 0.1; done
  if group_alive "$pgid"; then
    echo "  $name (pid $pgid) still running after $STOP_GRACE s of SIGTERM: SIGKILL (why: $RUN_DIR/logs/$name.log)"
    kill -KILL -- "-$pgid" 2>/dev/null || true
    for _ in {1..50}; do group_alive "$pgid" || break; sleep 0.1; done
    group_alive "$pgid" && echo "  $name: processes of group $pgid survived SIGKILL: $(pgrep -g "$pgid" | tr '\n' ' ')"
  else
    echo "  $name stopped ($(elapsed_since "$started") s)"
  fi
}

elapsed_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# children_stop: every child, newest first (Worker and Ingest finish and commit while Kafka and
# Redis still run); the bound is printed first, the time taken last.
children_stop() {
  local i names=() started=$EPOCHREALTIME
  for ((i = ${#CHILD_NAMES[@]} - 1; i >= 0; i--)); do names+=("${CHILD_NAMES[i]}"); done
  if ((${#names[@]} > 0)); then
    echo "stopping ${names[*]}: SIGTERM, SIGKILL after $STOP_GRACE s each (at most $((${#names[@]} * (STOP_GRACE + 5))) s; Ctrl-C again kills at once)"
    for name in "${names[@]}"; do group_stop "$name" "${CHILD_PID[$name]}"; done
    echo "all stopped in $(elapsed_since "$started") s"
  fi
  rm -f "$RUN_DIR/children"
}

# leftovers_stop: stops what a make run that was killed outright left running, newest first,
# known by pid and start time in $RUN_DIR/children (a pid reused since then is left alone).
leftovers_stop() {
  local pid start name
  [ -s "$RUN_DIR/children" ] || return 0
  while read -r pid start name; do
    if [ -n "$start" ] && [ "$(proc_start_time "$pid")" = "$start" ]; then
      echo "make run: $name (pid $pid) was left running by a make run that was killed; stopping it"
      group_stop "$name" "$pid"
    fi
  done < <(tac "$RUN_DIR/children")
  rm -f "$RUN_DIR/children"
}
