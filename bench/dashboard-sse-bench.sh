#!/usr/bin/env bash
# Dashboard SSE benchmark: N concurrent clients on /api/events/stream while events flow at RATE/s.
# Reports delivery latency (event produced -> received by a client) in total and per interval, the dashboard's
# RSS, and the GC and safepoint pauses of both JVMs.
#
#   bench/dashboard-sse-bench.sh                               # N = 100 and 1000, 1,000 events/s, 60 s each
#   CLIENTS=1000 DURATION=300 bench/dashboard-sse-bench.sh     # the 5-minute run
#   JFR=target/dashboard.jfr CLIENTS=1000 bench/dashboard-sse-bench.sh   # also a flight recording of the dashboard
#
# Everything runs on this machine: a throwaway Kafka broker, the dashboard (quarkus-run.jar) and the load client
# (dashboard test classes). On a machine with 2 or more cores they are pinned with taskset so the load client
# cannot take the dashboard's CPU: the dashboard on DASHBOARD_CPUS (default: cpu 1), the broker and the load
# client on CLIENT_CPUS (default: cpu 0). Other processes on the machine are not pinned away: say what ran.
#
# Settings (environment):
#   CLIENTS="100 1000"  RATE=1000  DURATION=60  WARMUP=10  INTERVAL=10 (seconds per latency line)
#   DASHBOARD_HEAP=512m  DASHBOARD_OPTS=  (extra JVM options of the dashboard)
#   DASHBOARD_CPUS=1  CLIENT_CPUS=0  (taskset cpu lists; PIN=0 pins nothing)
#   JFR=FILE            records the dashboard with JFR (settings=profile) into FILE
#   BENCH_NO_BUILD=1    reuses the jars of the last build (dashboard/target) instead of building
#   DASHBOARD_APP=DIR   runs the dashboard from another build's quarkus-app directory (e.g. an older commit's, to
#                       compare two versions under the same load; the load client still comes from this checkout)
#   BENCH_KEEP_LOGS=DIR keeps the logs (broker, dashboard, GC and safepoint logs of both JVMs)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

CLIENTS=${CLIENTS:-"100 1000"}
RATE=${RATE:-1000}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-10}
INTERVAL=${INTERVAL:-10}
DASHBOARD_HEAP=${DASHBOARD_HEAP:-512m}
PIN=${PIN:-1}
DASHBOARD_CPUS=${DASHBOARD_CPUS:-1}
CLIENT_CPUS=${CLIENT_CPUS:-0}

if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  pin_dashboard=(taskset -c "$DASHBOARD_CPUS")
  pin_client=(taskset -c "$CLIENT_CPUS")
  pinning="dashboard on cpu $DASHBOARD_CPUS; broker and load client on cpu $CLIENT_CPUS"
  # a JVM that sees one CPU picks the Serial collector (stop-the-world, single-threaded); keep G1, the collector
  # the dashboard has in its pod (2 CPUs)
  gc=(-XX:+UseG1GC)
else
  pin_dashboard=()
  pin_client=()
  pinning="not pinned: everything shares the cores"
  gc=()
fi

# JVM logs of GC pauses and safepoints (a safepoint's "Reaching safepoint" time is not part of a GC pause)
jvm_logs() {
  echo "-Xlog:gc,safepoint:file=$1:utctime,uptime,level,tags"
}

if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "building the dashboard..."
  ./mvnw -q -B package -DskipTests -pl dashboard -am dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
fi
cp="dashboard/target/test-classes:dashboard/target/classes:$(cat dashboard/target/bench-classpath.txt)"

kafka_port=$(bench_free_port)
"${pin_client[@]}" java -Xmx1g -cp "$cp" io.clickstream.kafka.local.LocalKafka --port "$kafka_port" \
  --data "$work/kafka" --topics clicks:6 >"$work/kafka.log" 2>&1 &
bench_track $!
for _ in $(seq 1 120); do grep -q "Kafka ready" "$work/kafka.log" && break; sleep 0.5; done
grep -q "Kafka ready" "$work/kafka.log" || { echo "broker did not start:"; tail -20 "$work/kafka.log"; exit 1; }
bootstrap="127.0.0.1:$kafka_port"

jfr=()
if [ -n "${JFR:-}" ]; then
  jfr=("-XX:StartFlightRecording=settings=profile,filename=$JFR,dumponexit=true")
fi
http_port=$(bench_free_port)
management_port=$(bench_free_port)
# shellcheck disable=SC2086 # DASHBOARD_OPTS is a list of options
"${pin_dashboard[@]}" java -Xmx"$DASHBOARD_HEAP" "${gc[@]}" "$(jvm_logs "$work/dashboard-gc.log")" "${jfr[@]}" \
  ${DASHBOARD_OPTS:-} -Dkafka.bootstrap.servers="$bootstrap" -Dquarkus.http.port="$http_port" \
  -Dquarkus.management.port="$management_port" -Dquarkus.log.level=WARN \
  -jar "${DASHBOARD_APP:-dashboard/target/quarkus-app}/quarkus-run.jar" >"$work/dashboard.log" 2>&1 &
dashboard_pid=$!
bench_track "$dashboard_pid"
bench_wait_http "http://127.0.0.1:$management_port/q/health/ready" 60
echo "broker $bootstrap, dashboard http://127.0.0.1:$http_port (pid $dashboard_pid, ${DASHBOARD_APP:-dashboard/target/quarkus-app})"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1); $pinning"
echo "load before the run: $(uptime | sed 's/.*load average/load average/')"

# pauses longer than the latency target on either side show here: count, total and the longest, with their times
pauses() {
  local who=$1 log=$2
  awk -v who="$who" '
    /\[gc *\].*Pause/ { ms = $NF; sub(/ms/, "", ms); n++; t += ms; if (ms + 0 > m) m = ms + 0; if (/Pause Full/) full++ }
    /\[safepoint *\].*Reaching safepoint/ {
      match($0, /Reaching safepoint: [0-9]+ ns/); r = substr($0, RSTART + 20, RLENGTH - 23) / 1e6
      match($0, /Total: [0-9]+ ns/); tot = substr($0, RSTART + 7, RLENGTH - 10) / 1e6
      sp++; spt += tot
      if (r > mr) mr = r
      if (tot > mt) mt = tot
      if (tot >= 50) { split($1, ts, /[][]/); match($0, /Safepoint "[^"]*"/); nl++; printf "%012.1f    %s %-28s reaching %6.1f ms, total %6.1f ms\n", tot, substr(ts[2], 12, 12), substr($0, RSTART + 10, RLENGTH - 10), r, tot >long }
    }
    END {
      printf "GC pauses (%s): %d, total %.0f ms, longest %.0f ms, full %d\n", who, n, t, m, full + 0
      printf "safepoints (%s): %d, total %.0f ms, longest %.1f ms (longest time to reach one %.1f ms); %d of 50 ms or more%s\n", who, sp, spt, mt, mr, nl, nl ? ", the longest (UTC):" : ""
      if (nl) close(long)
    }' long="$work/long-safepoints" "$log"
  # the ten longest, longest first
  if [ -s "$work/long-safepoints" ]; then sort -r "$work/long-safepoints" | head -10 | cut -c13-; fi
  rm -f "$work/long-safepoints"
}

for n in $CLIENTS; do
  echo
  echo "==== $n clients, $RATE events/s, ${DURATION}s (+${WARMUP}s warm-up), $(date -u +%FT%TZ) ===="
  : >"$work/client-gc-$n.log"
  "${pin_client[@]}" java -Xmx1g "${gc[@]}" "$(jvm_logs "$work/client-gc-$n.log")" -cp "$cp" \
    io.clickstream.dashboard.bench.SseLoadBench --bootstrap "$bootstrap" --port "$http_port" --clients "$n" \
    --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --interval "$INTERVAL" --pid "$dashboard_pid" \
    --management-port "$management_port" 2>&1 | tee "$work/client-$n.log" &
  tee_pid=$!
  for _ in $(seq 1 240); do
    grep -q "clients connected" "$work/client-$n.log" 2>/dev/null && break
    sleep 0.5
  done
  client_pid=$(sed -n 's/.*clients connected (load client pid \([0-9]*\)).*/\1/p' "$work/client-$n.log")
  # CPU per thread over most of the measured time, both JVMs: who was busy (the load client's event loops, the
  # dashboard's event loops, its Kafka consumer). The second snapshot is taken 10 s before the load client ends,
  # as reading every thread's /proc entry can take seconds on a busy machine.
  sleep "$WARMUP"
  cpu_from=$(date +%s)
  if [ -n "$client_pid" ]; then bench_thread_cpu "$client_pid" "$work/cpu-client-0.log"; fi
  bench_thread_cpu "$dashboard_pid" "$work/cpu-dashboard-0.log"
  sleep $((DURATION > 20 ? DURATION - 10 : DURATION / 2))
  if [ -n "$client_pid" ]; then bench_thread_cpu "$client_pid" "$work/cpu-client-1.log"; fi
  bench_thread_cpu "$dashboard_pid" "$work/cpu-dashboard-1.log"
  cpu_seconds=$(($(date +%s) - cpu_from))
  wait "$tee_pid"
  echo "load after the run: $(uptime | sed 's/.*load average/load average/')"
  curl -s "http://127.0.0.1:$management_port/q/metrics" |
    grep -E '^clickstream_dashboard_(sse_dropped_events_total|consumer_lag|events_consumed_total)' || true
  echo "CPU per thread of the dashboard over $cpu_seconds s of the measured time:"
  bench_cpu_delta "$work/cpu-dashboard-0.log" "$work/cpu-dashboard-1.log" "$cpu_seconds" | head -12
  if [ -n "$client_pid" ]; then
    echo "CPU per thread of the load client:"
    bench_cpu_delta "$work/cpu-client-0.log" "$work/cpu-client-1.log" "$cpu_seconds" | head -8
  fi
  pauses dashboard "$work/dashboard-gc.log"
  pauses "load client" "$work/client-gc-$n.log"
  blocked=$(grep -c "has been blocked" "$work/dashboard.log" || true)
  echo "Vert.x blocked-thread warnings in the dashboard's log: $blocked"
  grep "has been blocked" "$work/dashboard.log" | head -3 || true
done
