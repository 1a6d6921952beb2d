#!/usr/bin/env bash
# `make demo-lost`: lost callbacks repaired by the reconciler (docs/reconciliation.md, "Try it").
# Starts a pipeline of its own with scripts/run.sh (run directory .run/demo-lost, fresh state,
# free ports, so it runs beside a `make run`) whose Worker reconciles app 1 against the fake
# ZEGO server API, which tools/FakeZegoServer runs as a process; that program also sends the
# callbacks (some of them lost) and watches the read API until the state agrees with ZEGO.
# Short periods so it takes seconds; the defaults are minutes (README.md, "Configuration").
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/ports.sh
source scripts/lib/ports.sh

CONFIGURATION=${CONFIGURATION:-Release}
export RUN_DIR=.run/demo-lost FRESH=1 CONFIGURATION
APPID=${ZEGO_DEV_APPID:-1}
CALLBACK_SECRET=${ZEGO_DEV_SECRET:-dev-secret}
# Development only, like make run's callback secret: the fake ZEGO and the Worker share it.
SERVER_SECRET=demo-server-secret
FAKE_DLL=tools/FakeZegoServer/bin/$CONFIGURATION/net10.0/KafkaRooms.FakeZegoServer.dll
[ -f "$FAKE_DLL" ] || { echo "demo-lost: $FAKE_DLL is missing; run make build" >&2; exit 1; }

# Five free loopback ports above 18000: Redis, Ingest, Worker, read API, fake ZEGO.
ports=()
port=18000
for _ in 1 2 3 4 5; do
  port=$(free_port_after "$port" "${ports[@]}")
  ports+=("$port")
done
export REDIS_PORT=${ports[0]}
export INGEST_URL=http://127.0.0.1:${ports[1]} WORKER_URL=http://127.0.0.1:${ports[2]} READ_URL=http://127.0.0.1:${ports[3]}
ZEGO_PORT=${ports[4]}

export ZEGO_DEV_APPID=$APPID ZEGO_DEV_SECRET=$CALLBACK_SECRET
export "Zego__Apps__${APPID}__ServerSecret=$SERVER_SECRET"
export Zego__ServerApi__BaseUrl=http://127.0.0.1:$ZEGO_PORT/ Zego__ServerApi__RequestsPerSecond=5
export Reconciliation__GracePeriod=00:00:05 Reconciliation__CensusPeriod=00:00:02 Reconciliation__SuspectCheckInterval=00:00:02
export Reconciliation__SweepPeriod=00:00:03 Reconciliation__BackoffBase=00:00:00.500 Reconciliation__BackoffMax=00:00:02
export Suspicion__EmptyFor=00:00:05 Suspicion__SilentFor=00:01:00 Suspicion__PendingFor=00:00:05

mkdir -p "$RUN_DIR"
echo "demo-lost: starting a pipeline of its own (log: $RUN_DIR/run.log, services' logs: $RUN_DIR/logs)"
scripts/run.sh >"$RUN_DIR/run.log" 2>&1 &
run_pid=$!
stop_run() {
  kill -TERM "$run_pid" 2>/dev/null && wait "$run_pid" 2>/dev/null
  return 0
}
trap stop_run EXIT
trap 'exit 130' INT TERM

for _ in $(seq 1 180); do
  [ -s "$RUN_DIR/read-url.txt" ] && break
  kill -0 "$run_pid" 2>/dev/null || { echo "demo-lost: the pipeline did not start:" >&2; tail -n 20 "$RUN_DIR/run.log" >&2; exit 1; }
  sleep 1
done
[ -s "$RUN_DIR/read-url.txt" ] || { echo "demo-lost: the pipeline was not ready in 180 s (see $RUN_DIR/run.log)" >&2; exit 1; }

status=0
ZEGO_SERVER_SECRET=$SERVER_SECRET dotnet "$FAKE_DLL" demo-lost --port "$ZEGO_PORT" --appid "$APPID" --callback-secret "$CALLBACK_SECRET" \
  --ingest "$INGEST_URL" --read "$READ_URL" --worker "$WORKER_URL" || status=$?
echo
echo "the Worker's reconciliation log lines ($RUN_DIR/logs/worker.log):"
grep -E "corrected room|differs from ZEGO|lease taken" "$RUN_DIR/logs/worker.log" | sed 's/^/  /' | tail -n 12 || true
exit "$status"
