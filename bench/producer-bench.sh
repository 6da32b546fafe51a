#!/usr/bin/env bash
# Producer benchmark: Kafka's own ProducerPerformance against the producer service, on one local broker, with
# the same topic settings, producer settings and records (real click events from the simulator).
# Prints both rates in records/s and their ratio. Figures vary with machine load: compare the ratio.
#
# Usage: bench/producer-bench.sh [seconds-per-run (default 30)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

seconds=${1:-30}
bench_build producer
bench_start_broker "bench-perf:6,bench-producer:6"

payload="$work/events.jsonl"
java -cp "$bench_cp" io.clickstream.bench.SampleEvents "$payload" 20000

# the service's own Kafka settings (producer/src/main/resources/application.properties)
props=(bootstrap.servers="$bootstrap" acks=all enable.idempotence=true compression.type=lz4 linger.ms=10 batch.size=131072)

echo "warming up the broker..."
java -cp "$bench_cp" org.apache.kafka.tools.ProducerPerformance --topic bench-perf --num-records 200000 \
  --payload-file "$payload" --throughput -1 --producer-props "${props[@]}" >/dev/null

echo "baseline: ProducerPerformance for ~${seconds}s..."
# size the run from a short probe so it lasts about as long as the service's run
probe=$(java -cp "$bench_cp" org.apache.kafka.tools.ProducerPerformance --topic bench-perf --num-records 300000 \
  --payload-file "$payload" --throughput -1 --producer-props "${props[@]}" | tail -1)
probe_rate=$(echo "$probe" | sed -E 's/.* ([0-9.]+) records\/sec.*/\1/')
records=$(awk -v r="$probe_rate" -v s="$seconds" 'BEGIN { printf "%d", r * s }')
baseline=$(java -cp "$bench_cp" org.apache.kafka.tools.ProducerPerformance --topic bench-perf --num-records "$records" \
  --payload-file "$payload" --throughput -1 --producer-props "${props[@]}" | tail -1)
echo "  $baseline"
baseline_rate=$(echo "$baseline" | sed -E 's/.* ([0-9.]+) records\/sec.*/\1/')

echo "service: producer at full speed for ${seconds}s..."
# a throwaway control token (the benchmark only reads the open status endpoint), in the environment
PRODUCER_CONTROL_TOKEN=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') java ${PRODUCER_OPTS:-} -Dkafka.bootstrap.servers="$bootstrap" -Dquarkus.http.port=18081 -Dquarkus.management.port=19081 \
  -Dmp.messaging.outgoing.clicks.topic=bench-producer -Dproducer.events-per-second=1000000 -Dproducer.seed=1 \
  -jar producer/target/quarkus-app/quarkus-run.jar >"$work/producer.log" 2>&1 &
bench_track $!
bench_wait_http "http://127.0.0.1:19081/q/health/ready" 60
sent() { curl -sf http://127.0.0.1:18081/api/producer | sed -E 's/.*"events_sent":([0-9]+).*/\1/'; }
sleep 10 # warm-up: JIT and connections
s0=$(sent); t0=$(date +%s.%N)
sleep "$seconds"
s1=$(sent); t1=$(date +%s.%N)
errors=$(curl -sf http://127.0.0.1:18081/api/producer | sed -E 's/.*"send_errors":([0-9]+).*/\1/')
service_rate=$(awk -v a="$s0" -v b="$s1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (b - a) / (t1 - t0) }')

echo
echo "record size: $(awk '{ n++; b += length($0) } END { printf "%.0f", b / n }' "$payload") bytes (JSON click events)"
printf "ProducerPerformance : %12.1f records/s\n" "$baseline_rate"
printf "producer service    : %12.1f records/s  (send errors: %s)\n" "$service_rate" "$errors"
awk -v s="$service_rate" -v b="$baseline_rate" 'BEGIN { printf "ratio               : %12.2f  (target >= 0.80)\n", s / b }'
