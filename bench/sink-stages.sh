#!/usr/bin/env bash
# The sink's cost per record, stage by stage (JMH, one thread each, ns/record over a default batch of 50,000
# simulated events): Kafka poll (KafkaPollStage, broker in the same JVM), decode and validate, building the batch's
# rows, Parquet encoding and compression to the local disk, and the Delta commit (SinkStages).
#
#   bench/sink-stages.sh                  # every stage
#   bench/sink-stages.sh 'SinkStages.parquet' -f 1 -i 3   # a regular expression of benchmarks, then JMH options
set -euo pipefail
cd "$(dirname "$0")/.."
echo "building the sink and the JMH benchmarks..."
./mvnw -q -B package -DskipTests -pl jmh -am dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/classpath.txt >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1)"
java -cp "jmh/target/classes:$(cat jmh/target/classpath.txt)" org.openjdk.jmh.Main "${1:-io.clickstream.jmh}" "${@:2}"
