#!/usr/bin/env bash
# `make bench-real-kafka`: the paced benchmark (7) against three real Apache Kafka brokers on
# loopback beside the mock cluster's rows, written to artifacts/real-kafka/benchmarks.md (not
# to docs/benchmarks.md). The Worker is this checkout's, published as `make bench` publishes
# it, with worker-on-kafka-0.9.patch applied: Apache Kafka 0.9 reports no cluster id (the
# Worker's checkpoints carry it, docs/rules.md §7) and has no idempotent producer (the Worker's
# dead-letter and correction producers ask for one). Neither is on the paced path. Extra
# arguments go to the bench, e.g. --paced-rates 500 --worker-env Kafka__Client__fetch.min.bytes=1000000.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${REAL_KAFKA_DIR:-$repo/artifacts/real-kafka}
dotnet=${DOTNET:-dotnet}
mkdir -p "$dir"

rm -rf "$dir/worker-source" "$dir/worker"
git -C "$repo" worktree prune
git -C "$repo" worktree add --detach -f "$dir/worker-source" HEAD >/dev/null
trap 'git -C "$repo" worktree remove --force "$dir/worker-source"; "$repo/bench/real-kafka/stop.sh"' EXIT
git -C "$dir/worker-source" apply "$repo/bench/real-kafka/worker-on-kafka-0.9.patch"
"$dotnet" publish "$dir/worker-source/src/Worker/Worker.csproj" -c Release --use-current-runtime --self-contained false \
  -p:PublishReadyToRun=true -p:UseAppHost=false -o "$dir/worker" -v quiet -nologo

servers=$("$repo/bench/real-kafka/start.sh")
"$dotnet" "$repo/bench/Bench/bin/Release/net10.0/KafkaRooms.Bench.dll" --only paced \
  --worker-program "$dir/worker/KafkaRooms.Worker.dll" \
  --paced-kafka "$servers" \
  --paced-kafka-client api.version.request=false --paced-kafka-client broker.version.fallback=0.9.0.1 \
  --paced-kafka-client enable.idempotence=false \
  --output "$dir/benchmarks.md" "$@"
