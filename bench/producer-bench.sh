#!/usr/bin/env bash
# Producer benchmark: the producer service against the best-tuned Kafka producer (ProducerPerformance) for the
# same records on the same local broker, in the same run.
#
#  1. writes simulated click events (the service's records) to a payload file and warms the broker up;
#  2. sweeps producer settings with ProducerPerformance, always with acks=all and enable.idempotence=true (the
#     durability the service must keep), prints the grid and takes the fastest point;
#  3. re-runs that winner for as long as the service is measured;
#  4. runs the packaged service at full speed with its pod's heap (-Xmx$PRODUCER_HEAP) and GC logging, counts
#     acknowledged events over the same time, and prints its GC pauses and CPU per thread;
#  5. re-runs the winner once more (load from other processes drifts during a run: the baseline brackets the
#     service) and takes the faster of the two runs as the baseline;
#  6. prints both rates and their ratio (target >= 0.80). Absolute figures vary with machine load: compare ratios.
#
# Usage: bench/producer-bench.sh [seconds (default 30)]
# Environment:
#   PRODUCER_HEAP=512m     the service's -Xmx (its pod's heap)
#   PRODUCER_OPTS=...      extra JVM options for the service, e.g. a flight recording:
#                          PRODUCER_OPTS='-XX:StartFlightRecording=filename=/tmp/p.jfr,settings=profile'
#   SWEEP=quick|full|none  quick (default): one setting at a time around a starting point (10 points);
#                          full: every combination of the grid below (54 points); none: only the starting point
#   SWEEP_RECORDS=800000   records per sweep point (a few seconds each)
#   SKIP_SERVICE=1         only the sweep and the baseline
#   BENCH_NO_BUILD=1       use the jars and classpath of the last build instead of building
#   BENCH_KEEP_LOGS=DIR    keep the broker's and the service's logs (and the GC log)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

seconds=${1:-30}
heap=${PRODUCER_HEAP:-512m}
sweep=${SWEEP:-quick}
sweep_records=${SWEEP_RECORDS:-800000}

echo "machine: $(nproc) cores; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
top -bn1 | sed -n '7,12p'

if [ "${BENCH_NO_BUILD:-}" = 1 ]; then
  bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
else
  bench_build producer
fi
bench_start_broker "bench-perf:6,bench-producer:6"

payload="$work/events.jsonl"
java -cp "$bench_cp" io.clickstream.bench.SampleEvents "$payload" 20000

# perf RECORDS PROPS...: one ProducerPerformance run on bench-perf; prints its summary line
perf() {
  local records=$1
  shift
  java -cp "$bench_cp" org.apache.kafka.tools.ProducerPerformance --topic bench-perf --num-records "$records" \
    --payload-file "$payload" --throughput -1 \
    --producer-props bootstrap.servers="$bootstrap" acks=all enable.idempotence=true "$@" 2>>"$work/perf.log" | tail -1
}
rate_of() { sed -E 's/.* ([0-9.]+) records\/sec.*/\1/'; }

echo "warming up the broker..."
perf 300000 compression.type=lz4 >/dev/null

# the grid: linger.ms, batch.size, buffer.memory, compression.type
lingers=(5 20 50)
batches=(131072 262144 524288)
buffers=(67108864 134217728)
codecs=(lz4 zstd none)
# starting point of the quick sweep (the best point of earlier full sweeps on this machine)
start=(20 262144 134217728 lz4)

points=()
case "$sweep" in
  full)
    for l in "${lingers[@]}"; do for b in "${batches[@]}"; do for m in "${buffers[@]}"; do for c in "${codecs[@]}"; do
      points+=("$l $b $m $c")
    done; done; done; done ;;
  quick)
    # one setting at a time, the others at the starting point
    points+=("${start[*]}")
    for c in "${codecs[@]}"; do [ "$c" = "${start[3]}" ] || points+=("${start[0]} ${start[1]} ${start[2]} $c"); done
    for l in "${lingers[@]}"; do [ "$l" = "${start[0]}" ] || points+=("$l ${start[1]} ${start[2]} ${start[3]}"); done
    for b in "${batches[@]}"; do [ "$b" = "${start[1]}" ] || points+=("${start[0]} $b ${start[2]} ${start[3]}"); done
    for m in "${buffers[@]}"; do [ "$m" = "${start[2]}" ] || points+=("${start[0]} ${start[1]} $m ${start[3]}"); done ;;
  none) points+=("${start[*]}") ;;
  *) echo "SWEEP must be quick, full or none" >&2; exit 2 ;;
esac

echo "sweep ($sweep, ${#points[@]} points, $sweep_records records each; acks=all, enable.idempotence=true):"
printf "  %9s %10s %13s %11s %14s\n" linger.ms batch.size buffer.memory compression records/s
best_rate=0
best=""
for p in "${points[@]}"; do
  read -r l b m c <<<"$p"
  r=$(perf "$sweep_records" linger.ms="$l" batch.size="$b" buffer.memory="$m" compression.type="$c" | rate_of)
  printf "  %9s %10s %13s %11s %14.1f\n" "$l" "$b" "$m" "$c" "$r"
  if awk -v r="$r" -v b="$best_rate" 'BEGIN { exit !(r > b) }'; then best_rate=$r; best=$p; fi
done
read -r l b m c <<<"$best"
best_props=(linger.ms="$l" batch.size="$b" buffer.memory="$m" compression.type="$c")
echo "winner: ${best_props[*]} ($best_rate records/s in the sweep)"

echo "baseline (before the service): the winner for ~${seconds}s..."
records=$(awk -v r="$best_rate" -v s="$seconds" 'BEGIN { printf "%d", r * s }')
baseline=$(perf "$records" "${best_props[@]}")
echo "  $baseline"
baseline_before=$(echo "$baseline" | rate_of)

if [ "${SKIP_SERVICE:-}" = 1 ]; then
  printf "best-tuned ProducerPerformance : %12.1f records/s\n" "$baseline_before"
  exit 0
fi

echo "service: producer at full speed for ${seconds}s after a 10 s warm-up, -Xmx$heap..."
http_port=$(bench_free_port)
mgmt_port=$(bench_free_port)
# a throwaway control token (the benchmark only reads the open status endpoint), in the environment
# shellcheck disable=SC2086
PRODUCER_CONTROL_TOKEN=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n') java -Xmx"$heap" \
  -Xlog:gc:file="$work/producer-gc.log":uptime,level ${PRODUCER_OPTS:-} \
  -Dkafka.bootstrap.servers="$bootstrap" -Dquarkus.http.port="$http_port" -Dquarkus.management.port="$mgmt_port" \
  -Dmp.messaging.outgoing.clicks.topic=bench-producer -Dproducer.events-per-second=1000000 -Dproducer.seed=1 \
  -jar producer/target/quarkus-app/quarkus-run.jar >"$work/producer.log" 2>&1 &
producer_pid=$!
bench_track $producer_pid
bench_wait_http "http://127.0.0.1:$mgmt_port/q/health/ready" 60
status() { curl -sf "http://127.0.0.1:$http_port/api/producer"; }
field() { sed -E "s/.*\"$1\":([0-9]+).*/\1/"; }
sleep 10 # warm-up: JIT and connections
gc_from=$(wc -l <"$work/producer-gc.log")
bench_thread_cpu $producer_pid "$work/cpu0"
s0=$(status | field events_sent); t0=$(date +%s.%N)
sleep "$seconds"
s1=$(status | field events_sent); t1=$(date +%s.%N)
bench_thread_cpu $producer_pid "$work/cpu1"
gc_to=$(wc -l <"$work/producer-gc.log")
errors=$(status | field send_errors)
service_rate=$(awk -v a="$s0" -v b="$s1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (b - a) / (t1 - t0) }')
window=$(awk -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", t1 - t0 }')

kill "$producer_pid" && wait "$producer_pid" 2>/dev/null || true

echo "baseline (after the service): the winner for ~${seconds}s..."
baseline=$(perf "$records" "${best_props[@]}")
echo "  $baseline"
baseline_after=$(echo "$baseline" | rate_of)
baseline_rate=$(awk -v a="$baseline_before" -v b="$baseline_after" 'BEGIN { print (a > b ? a : b) }')

echo "service CPU by thread over the ${window}s measured:"
bench_cpu_delta "$work/cpu0" "$work/cpu1" "$window"
echo "service GC over the ${window}s measured (-Xlog:gc):"
# lines like "[12.345s][info] GC(42) Pause Young (Normal) (G1 Evacuation Pause) 120M->20M(512M) 3.456ms"
sed -n "$((gc_from + 1)),${gc_to}p" "$work/producer-gc.log" | { grep ' Pause ' || true; } | awk '
  { ms = $NF; sub(/ms$/, "", ms); n++; tot += ms; if (ms > max) max = ms; if ($0 ~ /Pause Full/) full++ }
  END { printf "  %d pauses, %.0f ms in total (%.1f %% of the time), longest %.1f ms, %d full\n",
               n, tot, tot / 10 / w, max, full }' w="$window"
echo "  heap after the last collection: $(head -n "$gc_to" "$work/producer-gc.log" | { grep ' Pause ' || true; } | tail -1 | sed -E 's/.* ([0-9]+M->[0-9]+M\([0-9]+M\)).*/\1/')"

echo
echo "record size: $(awk '{ n++; b += length($0) } END { printf "%.0f", b / n }' "$payload") bytes (JSON click events)"
echo "baseline settings: acks=all enable.idempotence=true ${best_props[*]}"
printf "best-tuned ProducerPerformance : %12.1f records/s  (the faster of %.1f before and %.1f after the service)\n" \
  "$baseline_rate" "$baseline_before" "$baseline_after"
printf "producer service (-Xmx%s)    : %12.1f records/s  (send errors: %s)\n" "$heap" "$service_rate" "$errors"
awk -v s="$service_rate" -v b="$baseline_rate" 'BEGIN { printf "ratio                          : %12.2f  (target >= 0.80)\n", s / b }'
