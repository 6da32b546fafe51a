#!/usr/bin/env bash
# Sink benchmark, on one local broker and a local Delta table:
#  1. preload a topic with N contract events (default 3,000,000), Kafka's ProducerPerformance sending real
#     click events from the simulator;
#  2. baseline: Kafka's ConsumerPerformance reads the topic; then Spark Structured Streaming (local[2], -Xmx1g,
#     Spark 4.2 + delta-spark 4.4 from interop-spark) ingests the same topic into its own Delta table (SPARK=0 skips
#     it); then the sink (-Xmx512m) ingests the same topic into Delta; prints the records/s of each and the ratios
#     (sink/ConsumerPerformance target >= 0.50, sink/Spark target >= 5), and the sink's peak heap;
#  3. latency: with the sink caught up, events at 10,000/s for 30 s; p50/p99 of produced -> visible in a Delta
#     snapshot (target p99 <= flush interval + 1 s).
# Figures vary with machine load: compare the ratio.
#
# Usage: bench/sink-bench.sh [events (default 3000000)] [latency rate (default 10000)] [latency seconds (default 30)]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

events=${1:-3000000}
rate=${2:-10000}
lat_seconds=${3:-30}
max_age=${SINK_MAX_AGE:-5s}
bench_build sink
spark=${SPARK:-1}
if [ "$spark" != 0 ]; then
  echo "building the Spark baseline's classpath (interop-spark, test scope)..."
  # test-compile, not package: the reactor then hands Spark the other modules' target/classes, nothing is installed
  ./mvnw -q -B test-compile -pl interop-spark -am \
    dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/spark-classpath.txt >/dev/null
  spark_cp="interop-spark/target/test-classes:$(cat interop-spark/target/spark-classpath.txt)"
fi
bench_start_broker "bench-clicks:6,clicks-dlq:1"

payload="$work/events.jsonl"
java -cp "$bench_cp" io.clickstream.bench.SampleEvents "$payload" 20000
props=(bootstrap.servers="$bootstrap" acks=all compression.type=lz4 linger.ms=10 batch.size=131072)

echo "preloading $events events..."
java -cp "$bench_cp" org.apache.kafka.tools.ProducerPerformance --topic bench-clicks --num-records "$events" \
  --payload-file "$payload" --throughput -1 --producer-props "${props[@]}" | tail -1

echo "baseline: ConsumerPerformance..."
java -cp "$bench_cp" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" --topic bench-clicks \
  --messages "$events" --group bench-warmup --timeout 60000 >/dev/null # warm the broker's page cache
cp_out=$(java -cp "$bench_cp" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$bootstrap" --topic bench-clicks \
  --messages "$events" --group bench-cp --timeout 60000 | tail -1)
echo "  $cp_out"
# columns: start, end, MB, MB/s, records, records/s, rebalance ms, fetch ms, fetch MB/s, fetch records/s
baseline_rate=$(echo "$cp_out" | awk -F', *' '{ print $10 }')

spark_rate=""
if [ "$spark" != 0 ]; then
  # what spark-submit adds on Java 17 (as in interop-spark's surefire argLine)
  spark_jvm=(-Xmx1g -Djava.io.tmpdir="$work/spark-tmp" -Djdk.reflect.useDirectMethodHandle=false
    -Dio.netty.tryReflectionSetAccessible=true)
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    spark_jvm+=(--add-opens=java.base/$p=ALL-UNNAMED)
  done
  mkdir -p "$work/spark-tmp"
  echo "baseline: Spark Structured Streaming ingesting the same $events events into Delta (-Xmx1g)..."
  # SPARK_OPTS: extra JVM options, e.g. -Dspark.sql.shuffle.partitions=4
  java "${spark_jvm[@]}" ${SPARK_OPTS:-} -cp "$spark_cp" io.clickstream.interop.bench.SparkStreamingBaseline \
    "$bootstrap" bench-clicks "$work/spark/clicks" "$work/spark/checkpoint" "$events" >"$work/spark.log" 2>&1 ||
    { echo "Spark baseline failed; log:" >&2; grep -v '^\s*at ' "$work/spark.log" | tail -30 >&2; exit 1; }
  grep -E '^(Spark settings|  progress|SPARK_RESULT)' "$work/spark.log" | sed 's/^/  /'
  spark_rate=$(sed -nE 's/^SPARK_RESULT .*rows_per_second=([0-9.]+).*/\1/p' "$work/spark.log")
  rm -rf "$work/spark" # its table and checkpoint: free the disk before the sink writes
fi

echo "sink: ingesting the same $events events into Delta (-Xmx512m)..."
table="$work/delta/clicks"
SINK_GROUP_ID=bench-sink java -Xmx512m -Xlog:gc:file="$work/sink-gc.log" ${SINK_OPTS:-} -Dkafka.bootstrap.servers="$bootstrap" -Dsink.topic=bench-clicks \
  -Dsink.table-uri="$table" -Dsink.batch.max-age="$max_age" -Dquarkus.http.port=18082 -Dquarkus.management.port=19082 \
  -jar sink/target/quarkus-app/quarkus-run.jar >"$work/sink.log" 2>&1 &
sink_pid=$!
bench_track $sink_pid
bench_wait_http "http://127.0.0.1:19082/q/health/ready" 120
committed() { curl -sf http://127.0.0.1:18082/api/sink | sed -E 's/.*"rows_committed":([0-9]+).*/\1/'; }
heap() { curl -sf http://127.0.0.1:19082/q/metrics | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%d", s }'; }
peak_heap=0
r0=0
while [ "$(committed)" -eq 0 ]; do sleep 0.2; done
r0=$(committed); t0=$(date +%s.%N)
p0=$(bench_proc_ticks "$sink_pid"); m0=$(bench_machine_ticks)
bench_thread_cpu "$sink_pid" "$work/cpu0"; bench_thread_cpu "$broker_pid" "$work/bcpu0"
t_half=""
polls=0
# the commit before the last one: the last batch is partial and waits for its age limit (sink.batch.max-age),
# which a steady stream never does
r_prev=$r0; t_prev=$t0; r_full=$r0; t_full=$t0
# polling costs the sink CPU too (a metrics scrape is large): rows every 0.5 s, heap every 2 s
while :; do
  r=$(committed)
  if [ "$r" -ne "$r_prev" ]; then r_full=$r_prev; t_full=$t_prev; r_prev=$r; t_prev=$(date +%s.%N); fi
  if [ -z "$t_half" ] && [ "$r" -ge $((events / 2)) ]; then t_half=$(date +%s.%N); r_half=$r; fi
  if [ $((polls++ % 4)) -eq 0 ]; then h=$(heap); [ "$h" -gt "$peak_heap" ] && peak_heap=$h; fi
  [ "$r" -ge "$events" ] && break
  kill -0 "$sink_pid" 2>/dev/null || { echo "sink died; log:" >&2; tail -30 "$work/sink.log" >&2; exit 1; }
  sleep 0.5
done
t1=$(date +%s.%N)
p1=$(bench_proc_ticks "$sink_pid"); m1=$(bench_machine_ticks)
bench_thread_cpu "$sink_pid" "$work/cpu1"; bench_thread_cpu "$broker_pid" "$work/bcpu1"
sink_rate=$(awk -v a="$r0" -v b="$events" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%.1f", (b - a) / (t1 - t0) }')
full_rate=$(awk -v a="$r0" -v b="$r_full" -v t0="$t0" -v t1="$t_full" 'BEGIN { printf "%.1f", (t1 > t0 ? (b - a) / (t1 - t0) : 0) }')
# the second half alone: the JVM's warm-up (JIT compilation) is mostly behind it
half_rate=$(awk -v a="$r_half" -v b="$events" -v t0="$t_half" -v t1="$t1" 'BEGIN { printf "%.1f", (b - a) / (t1 - t0) }')
status=$(curl -sf http://127.0.0.1:18082/api/sink)

echo "latency: $rate events/s for ${lat_seconds}s (flush interval $max_age)..."
lat_out=$(java -cp "$bench_cp" bench/sink-latency.java "$bootstrap" bench-clicks "${table}" "$rate" "$lat_seconds" "$payload" clickstream-sink)
h=$(heap); [ "$h" -gt "$peak_heap" ] && peak_heap=$h
kill -0 "$sink_pid" 2>/dev/null || { echo "sink died; log:" >&2; tail -30 "$work/sink.log" >&2; exit 1; }
# flush (Parquet + Delta commit) time seen by the sink, over the whole run and its recent max
commit_stats=$(curl -sf http://127.0.0.1:19082/q/metrics | awk '
  /^clickstream_sink_commit_latency_seconds_count/ { c = $NF } /^clickstream_sink_commit_latency_seconds_sum/ { s = $NF }
  /^clickstream_sink_commit_latency_seconds_max/ { m = $NF }
  END { if (c > 0) printf "mean %.0f ms over %d flushes, max of the last minutes %.0f ms", 1000 * s / c, c, 1000 * m }')

echo
echo "record size: $(awk '{ n++; b += length($0) } END { printf "%.0f", b / n }' "$payload") bytes (JSON click events), $events records, 6 partitions"
printf "ConsumerPerformance : %12.1f records/s (fetch rate)\n" "$baseline_rate"
printf "sink into Delta     : %12.1f records/s (first commit -> all committed)\n" "$sink_rate"
printf "  second half       : %12.1f records/s (warmed up)\n" "$half_rate"
printf "  sustained         : %12.1f records/s (first commit -> last full batch committed: no wait for max-age)\n" "$full_rate"
awk -v s="$sink_rate" -v h="$half_rate" -v f="$full_rate" -v b="$baseline_rate" 'BEGIN { printf "ratio               : %12.2f  (second half: %.2f; sustained: %.2f; target >= 0.50)\n", s / b, h / b, f / b }'
if [ -n "$spark_rate" ]; then
  printf "Spark Structured Streaming : %12.1f rows/s (local[2], -Xmx1g, availableNow: query start -> all committed)\n" "$spark_rate"
  awk -v s="$sink_rate" -v h="$half_rate" -v f="$full_rate" -v b="$spark_rate" 'BEGIN { printf "sink/Spark ratio    : %12.2f  (second half: %.2f; sustained: %.2f; target >= 5)\n", s / b, h / b, f / b }'
fi
echo "sink status         : $(echo "$status" | sed -E 's/.*("commits":[0-9]+).*("dlq_records":[0-9]+).*/\1, \2/')"
echo "$lat_out" | sed 's/^/end-to-end          : /'
printf "peak heap used      : %12.1f MiB (of -Xmx512m, Micrometer, sampled every 2 s)\n" "$(awk -v h="$peak_heap" 'BEGIN { print h / 1048576 }')"
# the heap peaks right before a collection: the largest "before" figure of the GC log is the true peak
gc_peak=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/sink-gc.log" | sed -E 's/M->.*//' | sort -n | tail -1)
gc_live=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$work/sink-gc.log" | sed -E 's/.*->([0-9]+)M.*/\1/' | sort -n | tail -1)
gc_count=$(grep -cE 'Pause (Young|Full|Remark|Cleanup)' "$work/sink-gc.log" || true)
gc_full=$(grep -c 'Pause Full' "$work/sink-gc.log" || true)
printf "peak heap (GC log)  : %12s MiB before a collection, %s MiB after (%s pauses, %s full)\n" "${gc_peak:-?}" "${gc_live:-?}" "$gc_count" "$gc_full"
echo "flush time          : ${commit_stats:-?}"
ingest_s=$(awk -v t0="$t0" -v t1="$t1" 'BEGIN { print t1 - t0 }')
hz=$(getconf CLK_TCK)
awk -v p0="$p0" -v p1="$p1" -v hz="$hz" -v s="$ingest_s" -v r="$((events - r0))" -v m0="$m0" -v m1="$m1" 'BEGIN {
  split(m0, a, " "); split(m1, b, " "); c = (p1 - p0) / hz
  printf "sink CPU            : %12.2f cores while ingesting (%.1f us of CPU per row); machine busy %.0f %%\n", c / s, 1e6 * c / r,
    100 * (b[1] - a[1]) / (b[2] - a[2]) }'
echo "sink CPU while ingesting, by live thread (2 cores = 2.00):"
bench_cpu_delta "$work/cpu0" "$work/cpu1" "$ingest_s" | head -12
echo "broker CPU while the sink was ingesting:"
bench_cpu_delta "$work/bcpu0" "$work/bcpu1" "$ingest_s" | head -1
