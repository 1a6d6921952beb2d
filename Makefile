# KafkaRooms: make setup | build | test | run | demo | demo-lost | watch | smoke | bench | audit | rebuild
SHELL := /bin/bash
.DEFAULT_GOAL := test
CONFIGURATION ?= Release
DOTNET ?= dotnet
SOLUTION := KafkaRooms.sln

# Debian packages the tests and `make run` need; installed when missing.
APT_PACKAGES := redis-server redis-tools kcat wrk
MISSING = $(shell for c in redis-server:redis-server redis-cli:redis-tools kcat:kcat wrk:wrk; do command -v $${c%%:*} >/dev/null || echo $${c##*:}; done)

.PHONY: setup build test test-unit test-integration clean

setup:
	@if [ -n "$(strip $(MISSING))" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $(MISSING)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(MISSING) >/dev/null; \
	  else \
	    echo "missing: $(MISSING). Install them with: sudo apt-get update && sudo apt-get install -y $(MISSING)"; exit 1; \
	  fi; \
	fi
	@command -v $(DOTNET) >/dev/null || { echo "the .NET 10 SDK is missing: https://dot.net"; exit 1; }
	$(DOTNET) restore $(SOLUTION)

build: setup
	$(DOTNET) build $(SOLUTION) -c $(CONFIGURATION) --no-restore

test: build
	$(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --no-build --logger "console;verbosity=normal"

test-unit: build
	$(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --no-build --filter "FullyQualifiedName~UnitTests"

test-integration: build
	$(DOTNET) test $(SOLUTION) -c $(CONFIGURATION) --no-build --filter "FullyQualifiedName~IntegrationTests"

clean:
	$(DOTNET) clean $(SOLUTION) -c $(CONFIGURATION)
	rm -rf .run

.PHONY: run reset compose-check
# The whole pipeline on this machine (see scripts/run.sh); Ctrl-C stops every process it started.
# State is kept in .run/redis between runs; FRESH=1 starts empty.
run: build
	CONFIGURATION=$(CONFIGURATION) FRESH=$(FRESH) ./scripts/run.sh

# Empties the state make run keeps (.run/redis); refused while make run runs.
reset:
	./scripts/reset.sh

# Validates docker-compose.yml where no Docker engine runs (Debian's docker-compose).
compose-check:
	@command -v docker-compose >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq docker-compose >/dev/null; }
	docker-compose config --quiet && echo "docker-compose.yml is valid"

.PHONY: demo smoke watch
LOADGEN := tools/LoadGenerator/bin/$(CONFIGURATION)/net10.0/KafkaRooms.LoadGenerator.dll
INGEST_URL ?= $(shell cat .run/ingest-url.txt 2>/dev/null || echo http://127.0.0.1:8080)
READ_URL ?= $(shell cat .run/read-url.txt 2>/dev/null || echo http://127.0.0.1:8082)
$(LOADGEN):
	$(DOTNET) build tools/LoadGenerator/LoadGenerator.csproj -c $(CONFIGURATION)

# With `make run` up: ZEGO's out-of-order examples, beside a naive consumer.
demo: $(LOADGEN)
	$(DOTNET) $(LOADGEN) demo --ingest $(INGEST_URL) --read $(READ_URL)

# With `make run` up: the dev app's change feed, live (docs/change-feed.md); WATCH_ARGS="--from earliest" for what is retained.
watch: $(LOADGEN)
	$(DOTNET) $(LOADGEN) watch --read $(READ_URL) $(WATCH_ARGS)

# With `make run` up: a short random load, verified against the truth.
smoke: $(LOADGEN)
	$(DOTNET) $(LOADGEN) load --ingest $(INGEST_URL) --read $(READ_URL) --rooms 200 --rate 500 --concurrency 16 --duplicates 0.1

.PHONY: demo-lost
# Lost callbacks (a room's close, a logout, a login) repaired by the reconciler against the fake
# ZEGO server API run as a process; starts and stops a pipeline of its own on free ports, beside
# any make run (scripts/demo-lost.sh, docs/reconciliation.md "Try it").
demo-lost: build
	CONFIGURATION=$(CONFIGURATION) ./scripts/demo-lost.sh

.PHONY: bench
# About 13 minutes on 2 cores; not part of `make test`. Rewrites docs/benchmarks.md. BENCH_ARGS=--quick for a short look.
# The Workers run as deploy/Dockerfile publishes them (ReadyToRun, for this machine's runtime): a
# drain measures young Workers, and ReadyToRun is how a deployment spares them compiling their
# path while they drain (docs/benchmarks.md, "Scale-out"). BENCH_ARGS="--worker-program ..." overrides.
BENCH_WORKER := artifacts/bench/worker
bench: build
	command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; }
	$(DOTNET) publish src/Worker/Worker.csproj -c $(CONFIGURATION) --use-current-runtime --self-contained false \
	  -p:PublishReadyToRun=true -p:UseAppHost=false -o $(BENCH_WORKER) -v quiet -nologo
	$(DOTNET) bench/Bench/bin/$(CONFIGURATION)/net10.0/KafkaRooms.Bench.dll --worker-program $(BENCH_WORKER)/KafkaRooms.Worker.dll $(BENCH_ARGS)

# (7) against three real Apache Kafka brokers on loopback (bench/real-kafka/run.sh): the
# trickle's cost where a broker answers fetches as data arrives, which the mock cannot show.
.PHONY: bench-real-kafka
bench-real-kafka: build
	DOTNET=$(DOTNET) bench/real-kafka/run.sh $(BENCH_ARGS)

.PHONY: audit rebuild
# Operator commands against the `make run` stack (docs/operations.md); ARGS passes options,
# e.g. make audit ARGS="--since 6h", make rebuild ARGS="--prefix kr2".
ADMIN := src/Admin/bin/$(CONFIGURATION)/net10.0/KafkaRooms.Admin.dll
REDIS_PORT ?= 6379
ADMIN_ENV = KAFKA_BOOTSTRAP_SERVERS=$$(head -n 1 .run/kafka-bootstrap.txt 2>/dev/null || echo "$$KAFKA_BOOTSTRAP_SERVERS") RoomState__Redis=$${REDIS_URL:-127.0.0.1:$(REDIS_PORT)}
$(ADMIN):
	$(DOTNET) build src/Admin/Admin.csproj -c $(CONFIGURATION)

# Replays the retained callbacks topic into a scratch prefix and compares it with the live state; exit 1 on differences.
audit: $(ADMIN)
	@test -s .run/kafka-bootstrap.txt || [ -n "$$KAFKA_BOOTSTRAP_SERVERS" ] || { echo "make run is not up (.run/kafka-bootstrap.txt missing)"; exit 2; }
	$(ADMIN_ENV) $(DOTNET) $(ADMIN) audit $(ARGS)

# Replays the retained callbacks topic into an empty Redis or key prefix (ARGS="--prefix P" or "--redis CONN").
rebuild: $(ADMIN)
	@test -s .run/kafka-bootstrap.txt || [ -n "$$KAFKA_BOOTSTRAP_SERVERS" ] || { echo "make run is not up (.run/kafka-bootstrap.txt missing)"; exit 2; }
	$(ADMIN_ENV) $(DOTNET) $(ADMIN) rebuild $(ARGS)
