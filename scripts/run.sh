#!/usr/bin/env bash
# `make run`: the whole pipeline on one machine, no Docker. Starts redis-server (state kept in
# .run/redis between runs), the local Kafka (librdkafka mock cluster, in memory), Ingest and one
# Worker, and stops every one of them on Ctrl-C / SIGTERM or when any of them exits.
# Real services instead: set REDIS_URL (host:port) and/or KAFKA_BOOTSTRAP_SERVERS.
# README.md ("What make run starts") describes the variables and what each check prints.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/ports.sh
source scripts/lib/ports.sh
# shellcheck source=scripts/lib/lock.sh
source scripts/lib/lock.sh
# shellcheck source=scripts/lib/children.sh
source scripts/lib/children.sh

CONFIGURATION=${CONFIGURATION:-Release}
RUN_DIR=${RUN_DIR:-.run}
REDIS_PORT=${REDIS_PORT:-6379}
INGEST_URL=${INGEST_URL:-http://127.0.0.1:8080}
WORKER_URL=${WORKER_URL:-http://127.0.0.1:8081}
READ_URL=${READ_URL:-http://127.0.0.1:8082}
START_TIMEOUT=${START_TIMEOUT:-60} # seconds each process has to become ready
STOP_GRACE=${STOP_GRACE:-15}       # seconds between SIGTERM and SIGKILL (Worker: 5 s drain + 10 s close)
FRESH=${FRESH:-}
# Development-only defaults: appid 1 signs with "dev-secret". Override both in any real use.
DEV_APPID=${ZEGO_DEV_APPID:-1}
DEV_SECRET=${ZEGO_DEV_SECRET:-dev-secret}

# The .NET services, in start order: "name Project URL_VARIABLE what-it-serves". One line each;
# the port check, start, readiness check, stop and banner follow from it.
DOTNET_SERVICES=(
  "ingest Ingest INGEST_URL POST ZEGO callbacks to /zego/callback"
  "worker Worker WORKER_URL /healthz /readyz /metrics"
  "readapi ReadApi READ_URL read API /v1/apps/<appid>/rooms"
)

mkdir -p "$RUN_DIR/logs"
run_lock "start"
port_claims=()
addresses="redis ${REDIS_URL:-127.0.0.1:$REDIS_PORT}"
[ -n "${REDIS_URL:-}" ] || port_claims+=("redis:REDIS_PORT")
for service in "${DOTNET_SERVICES[@]}"; do
  read -r name _ variable _ <<<"$service"
  port_claims+=("$name:$variable")
  addresses+=", $name ${!variable}"
done
leftovers_stop
check_ports "${port_claims[@]}" || exit 1
run_lock_describe "$addresses"

on_signal() { exit 0; }
on_exit() {
  trap - INT TERM HUP EXIT
  trap 'STOP_NOW=1' INT TERM HUP
  echo
  children_stop
  rm -f "$RUN_DIR/ingest-url.txt" "$RUN_DIR/read-url.txt"
}
trap on_signal INT TERM HUP
trap on_exit EXIT

# --- Redis: AOF (appendfsync everysec) besides snapshots; README.md "Persistence" says what a
# crash can cost and why the Worker's repair from Kafka covers it.
redis_ready() { # PORT PID: the answer comes from our child, and its data is loaded
  local info
  info=$(redis-cli -p "$1" INFO 2>/dev/null | tr -d '\r')
  grep -qx "process_id:$2" <<<"$info" && grep -qx "loading:0" <<<"$info"
}
redis_rooms() { # PORT: open rooms held (members of every <prefix>:{appid:bucket}:rooms)
  redis-cli -p "$1" EVAL "local n, cursor = 0, '0'
    repeat
      local page = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000, 'TYPE', 'zset')
      cursor = page[1]
      for _, key in ipairs(page[2]) do n = n + redis.call('ZCARD', key) end
    until cursor == '0'
    return n" 0 "${RoomState__KeyPrefix:-kr}:{*}:rooms"
}
redis_args() { # APPENDONLY: redis-server's arguments for make run's Redis
  REDIS_ARGS=(--port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --save "3600 1 300 100 60 10000"
    --appendonly "$1" --appendfsync everysec --daemonize no)
}
restart_redis() {
  redis_args yes
  child_spawn redis redis-server "${REDIS_ARGS[@]}"
}
start_redis() {
  local dir=$RUN_DIR/redis state appendonly=yes
  if [ -n "$FRESH" ]; then
    rm -rf "$dir"
    state="FRESH=1: emptied $dir"
  elif [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    state="reusing $dir"
    # Redis with appendonly on and no AOF yet would start empty beside an older run's
    # dump.rdb; load the snapshot first and switch to AOF once it is in memory.
    [ -d "$dir/appendonlydir" ] || appendonly=no
  else
    state="$dir is new"
  fi
  mkdir -p "$dir"
  REDIS_DIR=$dir
  redis_args "$appendonly"
  child_start redis redis-server "${REDIS_ARGS[@]}"
  child_await redis redis_ready "$REDIS_PORT"
  if [ "$appendonly" = no ]; then
    redis-cli -p "$REDIS_PORT" CONFIG SET appendonly yes >/dev/null
    state="$state (its snapshot now also kept as AOF)"
  fi
  echo "state: $state: $(redis_rooms "$REDIS_PORT") open rooms, $(redis-cli -p "$REDIS_PORT" DBSIZE) keys (kept between runs; make run FRESH=1 or make reset starts empty)"
  # Like a service manager, make run starts a redis-server that died again on its own files;
  # the Workers re-apply from Kafka whatever it lost (docs/operations.md, "Automatic repair").
  CHILD_RESTART[redis]=restart_redis
  CHILD_RESTART_NOTE[redis]="the Workers re-apply what it lost from Kafka (docs/operations.md)"
  REDIS_URL=127.0.0.1:$REDIS_PORT
}

# --- Kafka: the local mock cluster; its log lives in memory and ends with the run.
kafka_ready() { test -s "$RUN_DIR/kafka-bootstrap.txt"; }
start_kafka() {
  rm -f "$RUN_DIR/kafka-bootstrap.txt"
  child_start kafka dotnet "src/LocalKafka/bin/$CONFIGURATION/net10.0/KafkaRooms.LocalKafka.dll" \
    --bootstrap-file "$RUN_DIR/kafka-bootstrap.txt"
  child_await kafka kafka_ready
  KAFKA_BOOTSTRAP_SERVERS=$(head -n 1 "$RUN_DIR/kafka-bootstrap.txt")
  # The mock cluster holds every empty fetch for the whole wait (docs/worker.md, "Under a trickle").
  export Worker__FetchWaitMax=${Worker__FetchWaitMax:-00:00:00.010}
}

# --- A .NET service: ready when our child holds the listening socket and answers /healthz.
http_ready() { # URL PID
  listens_as "$(port_of "$1")" "$2" && curl -fsS --max-time 2 "$1/healthz"
}
start_dotnet_service() { # NAME PROJECT URL
  local dll="src/$2/bin/$CONFIGURATION/net10.0/KafkaRooms.$2.dll"
  [ -f "$dll" ] || { echo "make run: $dll is missing; run make build" >&2; exit 1; }
  child_start "$1" dotnet "$dll" --urls "$3"
}

if [ -z "${REDIS_URL:-}" ]; then
  start_redis
else
  echo "state: REDIS_URL=$REDIS_URL is used as it is"
fi
[ -n "${KAFKA_BOOTSTRAP_SERVERS:-}" ] || start_kafka

export KAFKA_BOOTSTRAP_SERVERS
export RoomState__Redis=$REDIS_URL
export "Zego__Apps__${DEV_APPID}__CallbackSecret=$DEV_SECRET"
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development} ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
for service in "${DOTNET_SERVICES[@]}"; do
  read -r name project variable _ <<<"$service"
  start_dotnet_service "$name" "$project" "${!variable}"
done
for service in "${DOTNET_SERVICES[@]}"; do
  read -r name _ variable _ <<<"$service"
  child_await "$name" http_ready "${!variable}"
done
echo "$INGEST_URL" >"$RUN_DIR/ingest-url.txt"
echo "$READ_URL" >"$RUN_DIR/read-url.txt"

echo
echo "KafkaRooms is running (logs in $RUN_DIR/logs):"
printf '  %-8s %-24s %s\n' redis "$REDIS_URL" "${CHILD_PID[redis]:+pid ${CHILD_PID[redis]}; }redis-cli -u redis://$REDIS_URL (schema: docs/redis-schema.md)"
printf '  %-8s %-24s %s\n' kafka "$KAFKA_BOOTSTRAP_SERVERS" "${CHILD_PID[kafka]:+pid ${CHILD_PID[kafka]}; }kcat -b $KAFKA_BOOTSTRAP_SERVERS -L"
for service in "${DOTNET_SERVICES[@]}"; do
  read -r name _ variable serves <<<"$service"
  printf '  %-8s %-24s %s\n' "$name" "${!variable}" "pid ${CHILD_PID[$name]}; $serves"
done
cat <<INFO

  DEVELOPMENT-ONLY defaults: appid $DEV_APPID, callback secret "$DEV_SECRET"
  (override with ZEGO_DEV_APPID / ZEGO_DEV_SECRET; never use them in production)

Read the state:
  curl $READ_URL/v1/apps/$DEV_APPID/rooms
  curl $READ_URL/v1/apps/$DEV_APPID/rooms/<room_id>
Try it: make demo   |   make smoke   |   make watch (the change feed, live)
Stop with Ctrl-C.
INFO

# Run until a signal arrives or any child exits.
children_watch
exit 1
