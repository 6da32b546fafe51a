#!/usr/bin/env bash
# Dashboard SSE benchmark: N concurrent clients on /api/events/stream while events flow at RATE/s.
# Reports delivery latency p50/p99 (event produced -> received by a client) and the dashboard's RSS.
#
#   bench/dashboard-sse-bench.sh                 # N = 100 and 1000, 1,000 events/s, 60 s each
#   CLIENTS="1000" DURATION=300 bench/dashboard-sse-bench.sh   # the 5-minute memory run
#
# Everything runs on this machine: a throwaway Kafka broker, the dashboard (quarkus-run.jar) and the load
# client (dashboard test classes). All three share the cores, so figures are conservative.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${CLIENTS:-"100 1000"}
RATE=${RATE:-1000}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-10}
DASHBOARD_HEAP=${DASHBOARD_HEAP:-512m}

work=$(mktemp -d "${TMPDIR:-/tmp}/dashboard-bench.XXXXXX")
pids=()
cleanup() {
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

echo "building the dashboard..."
./mvnw -q -B package -DskipTests -pl dashboard -am dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
cp "dashboard/target/bench-classpath.txt" "$work/classpath.txt"
cp="dashboard/target/test-classes:dashboard/target/classes:$(cat "$work/classpath.txt")"

kafka_port=$(free_port)
java -Xmx1g -cp "$cp" io.clickstream.kafka.local.LocalKafka --port "$kafka_port" --data "$work/kafka" \
  --topics clicks:6 >"$work/kafka.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do grep -q "Kafka ready" "$work/kafka.log" && break; sleep 0.5; done
grep -q "Kafka ready" "$work/kafka.log" || { echo "broker did not start:"; tail -20 "$work/kafka.log"; exit 1; }
bootstrap="127.0.0.1:$kafka_port"

http_port=$(free_port)
management_port=$(free_port)
java -Xmx"$DASHBOARD_HEAP" -Xlog:gc:file="$work/dashboard-gc.log" ${DASHBOARD_OPTS:-} -Dkafka.bootstrap.servers="$bootstrap" -Dquarkus.http.port="$http_port" -Dquarkus.management.port="$management_port" \
  -Dquarkus.log.level=WARN -jar dashboard/target/quarkus-app/quarkus-run.jar >"$work/dashboard.log" 2>&1 &
dashboard_pid=$!
pids+=("$dashboard_pid")
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$management_port/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$management_port/q/health/ready" >/dev/null || { echo "dashboard not ready:"; tail -20 "$work/dashboard.log"; exit 1; }
echo "broker $bootstrap, dashboard http://127.0.0.1:$http_port (pid $dashboard_pid)"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1)"

for n in $CLIENTS; do
  echo
  echo "==== $n clients, $RATE events/s, ${DURATION}s ===="
  java -Xmx1g -Xlog:gc:file="$work/client-gc-$n.log" -cp "$cp" io.clickstream.dashboard.bench.SseLoadBench --bootstrap "$bootstrap" \
    --port "$http_port" --clients "$n" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" \
    --pid "$dashboard_pid"
  curl -s "http://127.0.0.1:$management_port/q/metrics" | grep -E '^clickstream_dashboard_(sse_dropped_events_total|consumer_lag|events_consumed_total)' || true
  # a stall longer than the latency target on either side shows up here: GC pauses of the dashboard and of the load client
  for log in "dashboard:$work/dashboard-gc.log" "load client:$work/client-gc-$n.log"; do
    awk -v who="${log%%:*}" '/Pause/ { ms = $NF; sub(/ms/, "", ms); n++; t += ms; if (ms + 0 > m) m = ms + 0; if (/Pause Full/) full++ }
      END { printf "GC pauses (%s): %d, total %.0f ms, longest %.0f ms, full %d\n", who, n, t, m, full }' "${log#*:}"
  done
done
