#!/usr/bin/env bash
# Face analysis speed at 640x480 by stage (org.dmask.bench.FaceBenchmark), from one run.
# A benchmark, not a test. Results go into conformance/benchmarks.md by hand (the latest run; older ones go to docs/notes/benchmarks-history.md).
#
# usage: tools/bench/bench-face.sh [THREADS] [REPS]     (defaults: 2 ONNX Runtime threads, 2 repetitions)
# env:   DMASK_TEST_SHARED (default ../shared): media/ (the asl_*.mkv clips) is read from there;
#        DMASK_MODEL_CACHE_DIR (default ~/.cache/dmask/models): the models, installed by ./dmask models install
set -euo pipefail
cd "$(dirname "$0")/../.."

threads="${1:-2}"
reps="${2:-2}"
shared="${DMASK_TEST_SHARED:-../shared}"
models="${DMASK_MODEL_CACHE_DIR:-$HOME/.cache/dmask/models}"
[ -d "$shared/media" ] || { echo "bench-face: $shared/media missing" >&2; exit 1; }
./dmask models install >&2

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other work on the machine slows the figures)"
echo "== face analysis"
# The class path goes in CLASSPATH, not -cp: ONNX Runtime 1.29.0's native library crashes (SIGSEGV) at start-up
# when the process command line is longer than about 4 KB (measured here; surefire and the Quarkus jar are fine).
CLASSPATH="$cp" java -Djava.awt.headless=true -Djavacpp.platform=linux-x86_64 org.dmask.bench.FaceBenchmark \
  --threads "$threads" --reps "$reps" "$models" "$shared/media"
