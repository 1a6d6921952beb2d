#!/usr/bin/env bash
# `make run`: the whole pipeline on one machine, no Docker. Starts redis-server (data in
# .run/redis), the local Kafka (librdkafka mock cluster), Ingest on :8080 and one Worker on
# :8081, and stops every one of them on Ctrl-C / SIGTERM.
# Real services instead: set REDIS_URL (host:port) and/or KAFKA_BOOTSTRAP_SERVERS.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIGURATION=${CONFIGURATION:-Release}
RUN_DIR=${RUN_DIR:-.run}
REDIS_PORT=${REDIS_PORT:-6379}
INGEST_URL=${INGEST_URL:-http://127.0.0.1:8080}
WORKER_URL=${WORKER_URL:-http://127.0.0.1:8081}
# Development-only defaults: appid 1 signs with "dev-secret". Override both in any real use.
DEV_APPID=${ZEGO_DEV_APPID:-1}
DEV_SECRET=${ZEGO_DEV_SECRET:-dev-secret}
mkdir -p "$RUN_DIR/redis" "$RUN_DIR/logs"

# Each child runs in its own session (setsid), so Ctrl-C reaches only this script, which then
# stops the children in order.
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping: ${pids[*]:-nothing}"
  # Newest first: Worker and Ingest finish their work and commit while Kafka and Redis still run.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  echo "all stopped"
}
on_signal() { stop_all; exit 0; }
trap on_signal INT TERM
trap stop_all EXIT

wait_for() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 300); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "$what did not come up; see $RUN_DIR/logs" >&2
  exit 1
}

if [ -z "${REDIS_URL:-}" ]; then
  setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN_DIR/redis" --save 60 1000 --appendonly no \
    --daemonize no >"$RUN_DIR/logs/redis.log" 2>&1 &
  pids+=($!)
  REDIS_URL=127.0.0.1:$REDIS_PORT
  wait_for "redis-server" redis-cli -p "$REDIS_PORT" ping
fi

if [ -z "${KAFKA_BOOTSTRAP_SERVERS:-}" ]; then
  rm -f "$RUN_DIR/kafka-bootstrap.txt"
  setsid dotnet "src/LocalKafka/bin/$CONFIGURATION/net10.0/KafkaRooms.LocalKafka.dll" \
    --bootstrap-file "$RUN_DIR/kafka-bootstrap.txt" >"$RUN_DIR/logs/kafka.log" 2>&1 &
  pids+=($!)
  wait_for "local kafka" test -s "$RUN_DIR/kafka-bootstrap.txt"
  KAFKA_BOOTSTRAP_SERVERS=$(head -n1 "$RUN_DIR/kafka-bootstrap.txt")
  # The mock cluster holds every empty fetch for the whole wait (docs/worker.md, "Under a trickle").
  export Worker__FetchWaitMax=${Worker__FetchWaitMax:-00:00:00.010}
fi

export KAFKA_BOOTSTRAP_SERVERS
export RoomState__Redis=$REDIS_URL
export "Zego__Apps__${DEV_APPID}__CallbackSecret=$DEV_SECRET"
export DOTNET_ENVIRONMENT=${DOTNET_ENVIRONMENT:-Development} ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}

setsid dotnet "src/Ingest/bin/$CONFIGURATION/net10.0/KafkaRooms.Ingest.dll" --urls "$INGEST_URL" >"$RUN_DIR/logs/ingest.log" 2>&1 &
pids+=($!)
setsid dotnet "src/Worker/bin/$CONFIGURATION/net10.0/KafkaRooms.Worker.dll" --urls "$WORKER_URL" >"$RUN_DIR/logs/worker.log" 2>&1 &
pids+=($!)
wait_for "ingest" curl -fsS "$INGEST_URL/healthz"
wait_for "worker" curl -fsS "$WORKER_URL/healthz"
echo "$INGEST_URL" >"$RUN_DIR/ingest-url.txt"

cat <<INFO

KafkaRooms is running (logs in $RUN_DIR/logs):
  redis       $REDIS_URL
  kafka       $KAFKA_BOOTSTRAP_SERVERS   (kcat -b $KAFKA_BOOTSTRAP_SERVERS -L)
  ingest      $INGEST_URL   POST ZEGO callbacks to $INGEST_URL/zego/callback
  worker      $WORKER_URL   (/healthz /readyz /metrics)

  DEVELOPMENT-ONLY defaults: appid $DEV_APPID, callback secret "$DEV_SECRET"
  (override with ZEGO_DEV_APPID / ZEGO_DEV_SECRET; never use them in production)

Read the state:
  curl $INGEST_URL/v1/apps/$DEV_APPID/rooms
  curl $INGEST_URL/v1/apps/$DEV_APPID/rooms/<room_id>
  redis-cli -u redis://$REDIS_URL   (schema: docs/redis-schema.md)
Try it: make demo   |   make smoke
Stop with Ctrl-C.
INFO

# Run until a signal arrives or any child dies.
wait -n "${pids[@]}" || true
echo "a process exited; see $RUN_DIR/logs" >&2
exit 1
