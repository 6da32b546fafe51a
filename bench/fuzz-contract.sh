#!/usr/bin/env bash
# Fuzzes the contract decoder (DecoderFuzzTest's target) for longer than the test run's bounded minute:
#   bench/fuzz-contract.sh [seconds]      (default 600)
# Any finding stops the run and is written to contract/target/fuzz-findings/; add it to
# contract/src/test/resources/io/clickstream/contract/DecoderFuzzTestInputs/decode/ so that every build replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
./mvnw -q -B -pl contract -am test-compile
./mvnw -q -B -pl contract dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/fuzz-classpath.txt
corpus=contract/target/fuzz-corpus
findings=contract/target/fuzz-findings
mkdir -p "$corpus" "$findings"
java -cp "contract/target/test-classes:contract/target/classes:$(cat contract/target/fuzz-classpath.txt)" \
  com.code_intelligence.jazzer.Jazzer \
  --target_class=io.clickstream.contract.DecoderFuzzTest \
  --instrumentation_includes='io.clickstream.contract.**' \
  -max_total_time="$seconds" -artifact_prefix="$findings/" \
  "$corpus" contract/src/test/resources/io/clickstream/contract/DecoderFuzzTestInputs/decode
