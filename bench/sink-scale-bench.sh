#!/usr/bin/env bash
# Sink scale-out benchmark: how many sinks can share one Delta table?
# On one local broker, one topic of $PARTITIONS partitions (default 12) preloaded with $EVENTS click events
# (default 2,000,000; Kafka's ProducerPerformance sending real simulator events, as in sink-bench.sh). For each N in
# $SINKS (default "1 2 4 8"), N packaged sinks (-Xmx$SINK_HEAP each, default 256m; one consumer group; distinct
# ports) ingest the whole topic into a fresh local table with sink.batch.max-age=$MAX_AGE (default 1s). Every N
# starts from offset 0: exactly-once comes from the table's txn versions, so a new table and a new group id re-read
# the topic. Per N it prints:
#  - rows/s: rows committed from the moment all N sinks are ready and hold partitions, to the last row;
#  - commits/s in that window: Delta commits the sinks logged (delta-standalone's INFO lines; compaction's
#    commits included), and retries per commit: attempts that lost the version to another writer, which
#    delta-standalone retries by itself after checking the winner for a logical conflict (the sink never sees them);
#  - conflicts per flush: the sinks' own clickstream_sink_commit_conflicts_total (logical conflicts the sink retried);
#  - commit ms: first attempt to committed (conflict checks, the commit file, the checkpoint every 10th version);
#    flush ms: Parquet files + Delta commit (clickstream_sink_commit_latency_seconds);
#  - latency: then, caught up, $LAT_RATE events/s (default 5,000) for $LAT_SECONDS s (default 20) through
#    bench/sink-latency.java: p50/p99 produced -> visible in a Delta commit; commits/s and conflicts in that phase.
# All sinks share the same 2 cores: rows/s shows the table's and the CPU's limit together, not a cluster's.
#
# Usage: bench/sink-scale-bench.sh      (env: SINKS, PARTITIONS, EVENTS, MAX_AGE, SINK_HEAP, LAT_RATE, LAT_SECONDS;
#        BENCH_NO_BUILD=1 reuses the last build's jars; SINK_OPTS adds JVM options to every sink)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

sinks_list=${SINKS:-1 2 4 8}
partitions=${PARTITIONS:-12}
events=${EVENTS:-2000000}
max_age=${MAX_AGE:-1s}
heap=${SINK_HEAP:-256m}
lat_rate=${LAT_RATE:-5000}
lat_seconds=${LAT_SECONDS:-20}
topic=scale-clicks
stats() { python3 bench/sink_scale_stats.py "$@"; }

if [ -n "${BENCH_NO_BUILD:-}" ] && [ -f bench/target/classpath.txt ]; then
  # re-runs: the jars of the last build of this checkout (sink/target/quarkus-app, bench/target)
  bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
else
  bench_build sink
fi
bench_start_broker "$topic:$partitions,clicks-dlq:1"
payload="$work/events.jsonl"
java -cp "$bench_cp" io.clickstream.bench.SampleEvents "$payload" 20000
echo "preloading $events events into $partitions partitions..."
java -cp "$bench_cp" org.apache.kafka.tools.ProducerPerformance --topic "$topic" --num-records "$events" \
  --payload-file "$payload" --throughput -1 \
  --producer-props bootstrap.servers="$bootstrap" acks=all compression.type=lz4 linger.ms=10 batch.size=131072 | tail -1

# records in the topic now (the latency phases add to it)
topic_records() {
  java -cp "$bench_cp" org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$bootstrap" --topic "$topic" \
    --time -1 2>/dev/null | awk -F: '{ s += $NF } END { print s }'
}

# While N sinks start (seconds each, and they join the group one by one), the first ones would ingest the backlog
# alone. A broker-wide default consumer quota of 1 KiB/s holds every consumer until all N hold partitions; it is
# removed at the start of the count (a fetch throttled just before may still wait up to about a second).
quota() {
  java -cp "$bench_cp" kafka.admin.ConfigCommand --bootstrap-server "$bootstrap" --alter --entity-type clients \
    --entity-default "$@" >/dev/null
}

results=()
for n in $sinks_list; do
  table="$work/delta/table-$n"
  total=$(topic_records)
  echo
  echo "== $n sink(s): $total records, $partitions partitions, max-age $max_age, -Xmx$heap each =="
  http_ports=(); mgmt_ports=(); pids=()
  quota --add-config consumer_byte_rate=1024
  for i in $(seq 1 "$n"); do
    hp=$(bench_free_port); mp=$(bench_free_port)
    java -Xmx"$heap" ${SINK_OPTS:-} -Dkafka.bootstrap.servers="$bootstrap" -Dsink.topic="$topic" -Dsink.table-uri="$table" \
      -Dsink.group-id="bench-scale-$n" -Dsink.batch.max-age="$max_age" \
      -Dquarkus.http.port="$hp" -Dquarkus.management.port="$mp" \
      -jar sink/target/quarkus-app/quarkus-run.jar >"$work/sink-$n-$i.log" 2>&1 &
    pids+=($!); bench_track $!
    http_ports+=("$hp"); mgmt_ports+=("$mp")
  done
  for mp in "${mgmt_ports[@]}"; do bench_wait_http "http://127.0.0.1:$mp/q/health/ready" 180; done
  # ready is not yet assigned: wait until every sink holds partitions and all partitions are held (up to 120 s)
  for _ in $(seq 1 240); do
    read -r _ _ assigned holding _ <<<"$(stats status "${http_ports[@]}")"
    [ "$holding" -eq "$n" ] && [ "$assigned" -eq "$partitions" ] && break
    sleep 0.5
  done
  [ "$holding" -eq "$n" ] || { echo "only $holding of $n sinks got partitions" >&2; exit 1; }
  quota --delete-config consumer_byte_rate
  t0=$(date +%s.%N)
  read -r r0 c0 _ _ k0 <<<"$(stats status "${http_ports[@]}")"
  read -r _ _ f0 fc0 <<<"$(stats metrics "${mgmt_ports[@]}")"
  echo "all $n ready and assigned; $r0 rows committed while they started (held by the quota)"
  [ $((total - r0)) -ge $((total / 2)) ] || echo "warning: less than half the backlog left to count; rows/s is not reliable" >&2
  while :; do
    read -r r _ _ _ _ <<<"$(stats status "${http_ports[@]}")"
    [ "$r" -ge "$total" ] && break
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a sink died; logs:" >&2; tail -n 20 "$work"/sink-"$n"-*.log >&2; exit 1; }
    done
    sleep 0.5
  done
  t1=$(date +%s.%N)
  read -r r1 c1 _ _ k1 <<<"$(stats status "${http_ports[@]}")"
  read -r _ s1 f1 fc1 <<<"$(stats metrics "${mgmt_ports[@]}")"
  [ -n "$fc1" ] || echo "warning: the sinks' /q/metrics did not answer" >&2
  read -r commits compactions attempts retries commit_ms commit_max cps <<<"$(stats commits "$t0" "$t1" "$work"/sink-"$n"-*.log)"
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  rate=$(awk -v r="$r1" -v r0="$r0" -v s="$secs" 'BEGIN { printf "%.0f", (r - r0) / s }')
  kpc=$(awk -v k="$((k1 - k0))" -v c="$((c1 - c0))" 'BEGIN { printf "%.3f", (c > 0 ? k / c : 0) }')
  flush=$(awk -v a="$f0" -v b="$f1" -v x="$fc0" -v y="$fc1" 'BEGIN { printf "%.0f", (y > x ? 1000 * (b - a) / (y - x) : 0) }')
  echo "ingest: $((r1 - r0)) rows in ${secs}s = $rate rows/s; $commits Delta commits ($compactions compactions) = $cps/s," \
    "$attempts attempts = $retries retries per commit; commit time mean $commit_ms ms, max $commit_max ms;" \
    "sink conflicts $((k1 - k0)) ($kpc per flush), storage retries total $s1; mean flush (Parquet + commit) $flush ms"

  echo "latency: $lat_rate events/s for ${lat_seconds}s..."
  read -r _ c2 _ _ k2 <<<"$(stats status "${http_ports[@]}")"
  lt0=$(date +%s.%N)
  lat_out=$(java -cp "$bench_cp" bench/sink-latency.java "$bootstrap" "$topic" "$table" "$lat_rate" "$lat_seconds" "$payload" clickstream-sink)
  lt1=$(date +%s.%N)
  read -r _ c3 _ _ k3 <<<"$(stats status "${http_ports[@]}")"
  read -r lcommits _ _ lretries lcommit_ms _ lcps <<<"$(stats commits "$lt0" "$lt1" "$work"/sink-"$n"-*.log)"
  lkpc=$(awk -v k="$((k3 - k2))" -v c="$((c3 - c2))" 'BEGIN { printf "%.3f", (c > 0 ? k / c : 0) }')
  p50=$(echo "$lat_out" | sed -nE 's/^latency_p50_ms=//p'); p99=$(echo "$lat_out" | sed -nE 's/^latency_p99_ms=//p')
  visible=$(echo "$lat_out" | sed -nE 's/^latency_records=([0-9]+) visible=([0-9]+)/\2 of \1/p')
  echo "latency: p50 $p50 ms, p99 $p99 ms ($visible visible); $lcommits Delta commits = $lcps/s, $lretries retries" \
    "per commit, commit time mean $lcommit_ms ms; sink conflicts $((k3 - k2)) ($lkpc per flush)"
  results+=("$(printf '%3s %9s %9s %8s %9s %8s %8s | %9s %8s %9s %8s %8s' "$n" "$rate" "$cps" "$retries" "$kpc" \
    "$commit_ms" "$flush" "$lcps" "$lretries" "$lcommit_ms" "$p50" "$p99")")

  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$table"
done

echo
echo "summary: $partitions partitions, max-age $max_age, -Xmx$heap per sink, all on this machine's $(nproc) cores;" \
  "ingest from a backlog, then $lat_rate events/s for ${lat_seconds}s"
echo "              ingest from the backlog                               | latency phase"
echo "  N    rows/s commits/s retries/ conflicts/ commit ms flush ms | commits/s retries/ commit ms   p50 ms   p99 ms"
echo "                         commit    flush                         |           commit"
printf '%s\n' "${results[@]}"
