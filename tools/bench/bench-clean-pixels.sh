#!/usr/bin/env bash
# Clean Pixel Data (org.dmask.pixel.CleanPixelBenchmark): recall and false blanking on planted text, and speed at
# 640x480 and 1280x720 (still frames, every frame read by OCR; H.264 video read every 10th frame), on this machine's
# cores. The language file is installed by dmask's own installer (target/test-models). A benchmark, not a test.
# usage: tools/bench/bench-clean-pixels.sh [SEEDS]      env: DMASK_TEST_SHARED (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds="${1:-10}"
shared="${DMASK_TEST_SHARED:-../shared}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
./mvnw -B -q -ntp -DskipTests -Ddmask.test.shared="$shared" test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
CLASSPATH="$cp" java -Djava.awt.headless=true -Djavacpp.platform=linux-x86_64 org.dmask.pixel.CleanPixelBenchmark \
  "$work" target/test-models/eng.traineddata "$seeds"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
