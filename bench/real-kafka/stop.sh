#!/usr/bin/env bash
# Stops what bench/real-kafka/start.sh started.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${REAL_KAFKA_DIR:-$repo/artifacts/real-kafka}
[ -f "$dir/data/pids" ] || exit 0
# Brokers first, ZooKeeper (the first line) last, so the brokers can deregister.
tac "$dir/data/pids" | while read -r pid; do kill "$pid" 2>/dev/null; sleep 1; done
sleep 2
xargs -r kill -9 < "$dir/data/pids" 2>/dev/null
rm -f "$dir/data/pids"
