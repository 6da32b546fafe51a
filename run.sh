#!/usr/bin/env bash
# Runs the whole pipeline on this machine:
#   Kafka (KRaft)  localhost:9092   data in ./data/kafka
#   producer       http://localhost:8081/api/producer
#   sink           http://localhost:8082/api/sink      Delta table in ./data/delta/clicks
#   dashboard      http://localhost:8080/
#   health and metrics on each service's management port: producer 9081, sink 9082, dashboard 9080
#   (http://localhost:9081/q/health, http://localhost:9081/q/metrics)
# Logs go to ./data/logs. Ctrl-C stops everything (services first, then the broker).
# The producer's control API needs a bearer token: PRODUCER_CONTROL_TOKEN if set, else ./data/producer-token
# (made once from /dev/urandom, mode 600, reused by later runs).
#
# Options: --no-build     reuse the last build
#          --kafka-only   start only the broker (for services in quarkus:dev)
# Any service setting can be given as an environment variable, e.g. PRODUCER_EVENTS_PER_SECOND=500 ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

build=1
services=(sink dashboard producer)
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --kafka-only) services=() ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $arg (try --help)" >&2; exit 2 ;;
  esac
done

declare -A ports=([producer]=8081 [sink]=8082 [dashboard]=8080)
declare -A management_ports=([producer]=9081 [sink]=9082 [dashboard]=9080)

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for p in 9092 $(for svc in "${services[@]}"; do echo "${ports[$svc]} ${management_ports[$svc]}"; done); do
  if port_in_use "$p"; then
    echo "port $p is already in use: stop whatever listens there (an earlier ./run.sh?) and try again" >&2
    exit 1
  fi
done

if [ "$build" = 1 ]; then
  echo "building (the first build downloads dependencies from Maven Central; later ones take about a minute)..."
  ./mvnw -q -B install -DskipTests -pl kafka-local,producer,sink,dashboard -am
fi
./mvnw -q -B dependency:build-classpath -pl kafka-local -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/classpath.txt >/dev/null

mkdir -p data/logs
# the producer's control token: generated once, readable only by this user, never printed
if [ -z "${PRODUCER_CONTROL_TOKEN:-}" ]; then
  if [ ! -s data/producer-token ]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >data/producer-token)
  fi
  chmod 600 data/producer-token
  PRODUCER_CONTROL_TOKEN=$(cat data/producer-token)
  token_hint='$(cat data/producer-token)'
else
  token_hint='$PRODUCER_CONTROL_TOKEN'
fi
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "stopping..."
  for ((i=${#pids[@]}-1; i>=0; i--)); do
    kill "${pids[$i]}" 2>/dev/null || true
    wait "${pids[$i]}" 2>/dev/null || true
  done
  echo "stopped; data kept in ./data"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

wait_for() { # name, seconds, command...
  local name=$1 seconds=$2; shift 2
  for ((t=0; t<seconds*2; t++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$name did not become ready in ${seconds}s; see data/logs/$name.log" >&2
  exit 1
}

# each process gets its own session (setsid): Ctrl-C reaches only this script, which then stops the services
# before the broker, so they can flush and close cleanly
setsid java -Xmx1g -cp "kafka-local/target/classes:$(cat kafka-local/target/classpath.txt)" \
  io.clickstream.kafka.local.LocalKafka --port 9092 --data data/kafka >data/logs/kafka.log 2>&1 &
pids+=($!)
wait_for kafka 90 grep -q "Kafka ready" data/logs/kafka.log
echo "kafka      localhost:9092 (data in ./data/kafka)"

for svc in "${services[@]}"; do
  jar="$svc/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ]; then
    echo "$jar is missing: run without --no-build" >&2
    exit 1
  fi
  if [ "$svc" = producer ]; then
    # in the environment, not on the command line, where any local user could read it
    PRODUCER_CONTROL_TOKEN="$PRODUCER_CONTROL_TOKEN" setsid java -jar "$jar" >"data/logs/$svc.log" 2>&1 &
  else
    setsid java -jar "$jar" >"data/logs/$svc.log" 2>&1 &
  fi
  pids+=($!)
done
for svc in "${services[@]}"; do
  wait_for "$svc" 90 curl -sf "http://localhost:${management_ports[$svc]}/q/health/ready"
done

if [ ${#services[@]} -eq 0 ]; then
  echo "Ctrl-C to stop."
  wait "${pids[0]}"
  exit
fi
cat <<MSG
producer   http://localhost:8081/api/producer   (watch events_sent rise: curl -s localhost:8081/api/producer)
           change the rate with the control token:
           curl -X PUT localhost:8081/api/producer/rate -H "Authorization: Bearer $token_hint" \\
             -H 'Content-Type: application/json' -d '{"events_per_second": 500}'
sink       http://localhost:8082/api/sink       (Delta table in ./data/delta/clicks)
dashboard  http://localhost:8080/
health     http://localhost:9081/q/health, :9082, :9080 (producer, sink, dashboard; /q/metrics there too)
logs       ./data/logs
Ctrl-C to stop.
MSG
wait -n "${pids[@]}" || true
echo "a process exited unexpectedly; see ./data/logs" >&2
exit 1
