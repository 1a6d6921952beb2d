# One `make run` per run directory (sourced by scripts/run.sh and scripts/reset.sh).
# flock(1) holds the lock exactly as long as the process that took it lives, so a run that
# crashed leaves a stale run.pid that blocks nothing. The file also says who holds it.

# run_lock WHAT: takes the lock of $RUN_DIR or exits naming the run that holds it.
# Children must not inherit the lock: start them with {RUN_LOCK_FD}>&-.
run_lock() {
  local what=$1
  exec {RUN_LOCK_FD}>>"$RUN_DIR/run.pid"
  if ! flock -n "$RUN_LOCK_FD"; then
    echo "make run: cannot $what: make run is already running in this checkout ($(head -n 1 "$RUN_DIR/run.pid" 2>/dev/null)); stop it first (Ctrl-C in its terminal)" >&2
    exit 1
  fi
}

# run_lock_describe TEXT: what a second make run prints about this one.
run_lock_describe() {
  echo "pid $$, started $(date '+%F %T'), $1" >"$RUN_DIR/run.pid"
}
