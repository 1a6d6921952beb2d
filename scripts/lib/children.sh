# The processes `make run` starts, and how they stop (sourced by scripts/run.sh).
# Each child leads its own session and process group (setsid), so Ctrl-C reaches only run.sh,
# which stops the children in order, and every signal goes to the whole group: a child's own
# children (redis-server's background save, for one) go with it.
# $RUN_DIR/children lists "pid start-time name" of each child of the last run, so the next
# make run can find what a run that was itself killed (SIGKILL) left behind.

CHILD_NAMES=()          # in start order
declare -A CHILD_PID=() # name -> pid

# running PID: alive, and not a zombie that only waits to be reaped.
running() {
  local stat
  read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

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
# Disowned: how it ends is reported by run.sh, not by bash's job notices ("Aborted  setsid ...").
child_start() {
  local name=$1
  shift
  CHILD_NAMES+=("$name")
  : >"$RUN_DIR/logs/$name.log"
  child_spawn "$name" "$@"
}

# child_spawn NAME COMMAND...: starts COMMAND as NAME's process, its output added to NAME's log.
child_spawn() {
  local name=$1 pid
  shift
  setsid "$@" </dev/null >>"$RUN_DIR/logs/$name.log" 2>&1 {RUN_LOCK_FD}>&- &
  pid=$!
  disown "$pid"
  CHILD_PID[$name]=$pid
  echo "$pid $(proc_start_time "$pid") $name" >>"$RUN_DIR/children"
}

# A child named here is started again when it exits (run.sh fills it): NAME -> the function
# that starts it again (with child_spawn).
declare -A CHILD_RESTART=()
CHILD_RESTARTS_MAX=5
declare -A CHILD_RESTARTS=()
declare -A CHILD_RESTART_NOTE=()

# child_await NAME PROBE...: waits until "PROBE... PID" succeeds, the child alive all along.
# When it exits or $START_TIMEOUT passes, prints why and the end of its log, and exits.
child_await() {
  local name=$1 pid=${CHILD_PID[$1]} deadline=$((SECONDS + START_TIMEOUT))
  shift
  while :; do
    if ! running "$pid"; then
      echo "make run: $name (pid $pid) exited during start; the end of $RUN_DIR/logs/$name.log, stack frames left out:" >&2
      grep -v '^[[:space:]]*at ' "$RUN_DIR/logs/$name.log" | tail -n 5 | sed 's/^/  /' >&2
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

# children_watch: returns, naming it, when a child exits (a signal ends run.sh sooner).
children_watch() {
  local name
  while :; do
    for name in "${CHILD_NAMES[@]}"; do
      if ! running "${CHILD_PID[$name]}"; then
        if [ -n "${CHILD_RESTART[$name]:-}" ] && ((${CHILD_RESTARTS[$name]:-0} < CHILD_RESTARTS_MAX)); then
          CHILD_RESTARTS[$name]=$((${CHILD_RESTARTS[$name]:-0} + 1))
          echo "make run: $name (pid ${CHILD_PID[$name]}) exited; starting it again (${CHILD_RESTARTS[$name]} of $CHILD_RESTARTS_MAX)${CHILD_RESTART_NOTE[$name]:+: ${CHILD_RESTART_NOTE[$name]}}" >&2
          "${CHILD_RESTART[$name]}"
          continue
        fi
        echo "make run: $name (pid ${CHILD_PID[$name]}) exited; see $RUN_DIR/logs/$name.log" >&2
        return
      fi
    done
    sleep 1 # Ctrl-C ends the sleep at once, and the trap runs
  done
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# group_stop NAME PGID: SIGTERM to the group, SIGKILL after $STOP_GRACE s (at once after a
# second Ctrl-C), then waits for the group to be gone. Waits with sleep, a process: in a trap
# (this runs in the EXIT trap) bash reaps an exited child only while it waits for a process,
# and an unreaped child still counts as a member of its group.
group_stop() {
  local name=$1 pgid=$2 started=$EPOCHREALTIME deadline=$((SECONDS + STOP_GRACE))
  group_alive "$pgid" || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  while group_alive "$pgid" && ((SECONDS < deadline)) && [ -z "${STOP_NOW:-}" ]; do sleep 0.1; done
  if group_alive "$pgid"; then
    echo "  $name (pid $pgid) still running after $STOP_GRACE s of SIGTERM: SIGKILL (why: $RUN_DIR/logs/$name.log)"
    kill -KILL -- "-$pgid" 2>/dev/null || true
    for _ in {1..50}; do group_alive "$pgid" || break; sleep 0.1; done
    if group_alive "$pgid"; then
      echo "  $name: processes of group $pgid survived SIGKILL: $(pgrep -g "$pgid" | tr '\n' ' ')"
    fi
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
}

# leftovers_stop: stops what a make run that was killed outright left running, newest first,
# known by pid and start time in $RUN_DIR/children (a pid reused since then is left alone);
# then empties the list for this run.
leftovers_stop() {
  local pid start name
  [ -s "$RUN_DIR/children" ] || return 0
  while read -r pid start name; do
    if [ -n "$start" ] && [ "$(proc_start_time "$pid")" = "$start" ]; then
      echo "make run: $name (pid $pid) was left running by a make run that was killed; stopping it"
      group_stop "$name" "$pid"
    fi
  done < <(tac "$RUN_DIR/children")
  : >"$RUN_DIR/children"
}
