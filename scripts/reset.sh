#!/usr/bin/env bash
# `make reset`: empties the state `make run` keeps between runs (.run/redis); refused while
# make run is running in this checkout. `make run FRESH=1` does the same at its start.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/lock.sh
source scripts/lib/lock.sh
RUN_DIR=${RUN_DIR:-.run}
mkdir -p "$RUN_DIR"
run_lock "reset"
if [ -d "$RUN_DIR/redis" ]; then
  echo "removing $RUN_DIR/redis ($(du -sh "$RUN_DIR/redis" | cut -f1)); the next make run starts empty"
  rm -rf "$RUN_DIR/redis"
else
  echo "$RUN_DIR/redis does not exist; the next make run starts empty"
fi
