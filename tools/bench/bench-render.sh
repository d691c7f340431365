#!/usr/bin/env bash
# Avatar render + read-back throughput (org.dmask.bench.RenderBenchmark): 640x480 and 1280x720, 1 and 2 worker
# threads, each with its own EGL context. A benchmark, not a test. Results go into conformance/benchmarks.md by hand (the latest run; older ones go to docs/notes/benchmarks-history.md).
#
# usage: tools/bench/bench-render.sh [FRAMES_PER_WORKER]      (default 300)
# env:   DMASK_TEST_SHARED (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."

frames="${1:-300}"
shared="${DMASK_TEST_SHARED:-../shared}"
obj="$shared/models/canonical_face_model.obj"
[ -f "$obj" ] || { echo "bench-render: canonical mesh not found: $obj" >&2; exit 1; }

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "mesa:  $(dpkg-query -W -f='${Version}' libegl-mesa0 2>/dev/null || echo unknown) (LP_NUM_THREADS=${LP_NUM_THREADS:-default})"

echo "load:  $(cut -d" " -f1-3 /proc/loadavg) (1, 5, 15 min)"
echo "== render + read-back ($frames frames per worker)"
java -Djava.util.logging.config.file=/dev/null -cp "$cp" org.dmask.bench.RenderBenchmark --frames "$frames" "$obj"
