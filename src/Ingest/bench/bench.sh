#!/usr/bin/env bash
# Measures signed ZEGO callbacks through Ingest into the local Kafka (librdkafka mock cluster,
# 3 brokers, 12 partitions): every 200 is a write Kafka confirmed (idempotent, acks=all).
#   src/Ingest/bench/bench.sh                # 64 connections, 2 threads, 20 s
#   CONNECTIONS=16 DURATION=30s src/Ingest/bench/bench.sh
# Needs wrk. Builds Release first (incremental). Prints wrk's figures and one summary line.
set -euo pipefail
cd "$(dirname "$0")/../../.."
CONFIGURATION=${CONFIGURATION:-Release}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
DURATION=${DURATION:-20s}
PORT=${BENCH_PORT:-18080}
SECRET=bench-secret-not-for-production
RUN_DIR=$(mktemp -d /tmp/kafkarooms-bench.XXXXXX)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }
ingest_dll=src/Ingest/bin/$CONFIGURATION/net10.0/KafkaRooms.Ingest.dll
kafka_dll=src/LocalKafka/bin/$CONFIGURATION/net10.0/KafkaRooms.LocalKafka.dll
# Incremental: quick when up to date, and never measures a stale binary.
dotnet build src/Ingest/Ingest.csproj -c "$CONFIGURATION" -v q -nologo >/dev/null
dotnet build src/LocalKafka/LocalKafka.csproj -c "$CONFIGURATION" -v q -nologo >/dev/null

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT

dotnet "$kafka_dll" --topic zego-room-callbacks:12 --bootstrap-file "$RUN_DIR/bootstrap" >"$RUN_DIR/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do [ -s "$RUN_DIR/bootstrap" ] && break; sleep 0.1; done
bootstrap=$(head -n1 "$RUN_DIR/bootstrap")

KAFKA_BOOTSTRAP_SERVERS=$bootstrap Zego__Apps__1__CallbackSecret=$SECRET Logging__LogLevel__Default=Warning \
  dotnet "$ingest_dll" --urls "http://127.0.0.1:$PORT" >"$RUN_DIR/ingest.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

# One signature for the run: SHA-1 of {secret, timestamp, nonce} sorted ordinally.
ts=$(date +%s)
nonce=$RANDOM$RANDOM
sig=$(printf '%s\n' "$SECRET" "$ts" "$nonce" | LC_ALL=C sort | tr -d '\n' | sha1sum | cut -d' ' -f1)
export ZEGO_TS=$ts ZEGO_NONCE=$nonce ZEGO_SIG=$sig

# Warm-up (JIT, connections, producer metadata), then the measured run.
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s src/Ingest/bench/callbacks.lua "http://127.0.0.1:$PORT/zego/callback" >/dev/null
echo "signed callbacks, $CONNECTIONS connections, $THREADS threads, $DURATION, 3 mock brokers / 12 partitions, $(nproc) cores:"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s src/Ingest/bench/callbacks.lua "http://127.0.0.1:$PORT/zego/callback"
