# Shared by the benchmark scripts: build, classpath, a throwaway local broker, cleanup.
# shellcheck shell=bash

work=$(mktemp -d "${TMPDIR:-/tmp}/clickstream-bench.XXXXXX")
bench_pids=()

bench_cleanup() {
  for ((i=${#bench_pids[@]}-1; i>=0; i--)); do
    kill "${bench_pids[$i]}" 2>/dev/null || true
    wait "${bench_pids[$i]}" 2>/dev/null || true
  done
  # BENCH_KEEP_LOGS=DIR keeps the services' logs
  if [ -n "${BENCH_KEEP_LOGS:-}" ]; then mkdir -p "$BENCH_KEEP_LOGS" && cp "$work"/*.log "$BENCH_KEEP_LOGS"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap bench_cleanup EXIT INT TERM

bench_track() { bench_pids+=("$1"); }

# bench_build MODULE...: builds the modules and the bench harness, sets $bench_cp
bench_build() {
  local modules
  modules=$(IFS=,; echo "$*")
  echo "building ${modules} and the bench harness..."
  # one reactor build: the classpath points at this checkout's own module jars, nothing is installed into ~/.m2
  ./mvnw -q -B package -DskipTests -pl "bench,kafka-local${modules:+,$modules}" -am \
    dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt >/dev/null
  bench_cp="bench/target/classes:$(cat bench/target/classpath.txt)"
}

bench_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# bench_start_broker TOPICS: a fresh broker in its own JVM, sets $bootstrap
bench_start_broker() {
  local port
  port=$(bench_free_port)
  java -Xmx1g -cp "$bench_cp" io.clickstream.kafka.local.LocalKafka --port "$port" --data "$work/kafka" \
    --topics "$1" >"$work/kafka.log" 2>&1 &
  broker_pid=$!
  bench_track $broker_pid
  for _ in $(seq 1 120); do
    grep -q "Kafka ready" "$work/kafka.log" && break
    sleep 0.5
  done
  grep -q "Kafka ready" "$work/kafka.log" || { echo "broker did not start; log:" >&2; tail -20 "$work/kafka.log" >&2; exit 1; }
  bootstrap="127.0.0.1:$port"
  echo "broker on $bootstrap"
}

bench_wait_http() {
  for _ in $(seq 1 $(($2 * 2))); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "$1 did not answer within $2 s" >&2
  exit 1
}

# bench_thread_cpu PID OUT: writes "<cpu ticks>\t<thread name>" per thread name of PID (digits folded to N). One awk
# reads every thread: a process per thread would take seconds on a busy machine, and load it while it measures.
bench_thread_cpu() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
      # "pid (comm) state ppid ...": comm may hold spaces; utime and stime are the 11th and 12th fields after state
      open = index($0, "("); match($0, /\) [A-Za-z] /)
      name = substr($0, open + 1, RSTART - open - 1); gsub(/[0-9]+/, "N", name)
      split(substr($0, RSTART + RLENGTH), f, " "); t[name] += f[11] + f[12]
    } END { for (n in t) print t[n] "\t" n }' | sort -t$'\t' -k2 >"$2"
}

# bench_proc_ticks PID: CPU ticks of the whole process so far, threads that have ended included
bench_proc_ticks() {
  sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}

# bench_machine_ticks: busy and total CPU ticks of the machine so far (every process)
bench_machine_ticks() {
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

# bench_cpu_delta BEFORE AFTER SECONDS: CPU (in cores) per thread group between two bench_thread_cpu snapshots
bench_cpu_delta() {
  local hz
  hz=$(getconf CLK_TCK)
  join -t$'\t' -1 2 -2 2 -a 2 -e 0 -o 0,1.1,2.1 "$1" "$2" |
    awk -F'\t' -v hz="$hz" -v s="$3" '{ c = ($3 - $2) / hz / s; tot += c; if (c >= 0.01) printf "  %5.2f cores  %s\n", c, $1 } END { printf "  %5.2f cores  total\n", tot }' |
    sort -rn
}
