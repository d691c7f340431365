#!/usr/bin/env bash
# Tags-only jobs per second through Kafka against the embedded job store, from one run: DCMTK storescu -> dmask
# (Basic Profile, no mask) -> DCMTK storescp, with the single node's job store, with Kafka on one node (role both),
# and with an ingest node and a worker node. The broker (Kafka KRaft, from the test class path) runs in its own JVM.
# A benchmark, not a test. Results go into conformance/benchmarks.md by hand.
#
# usage: tools/bench/bench-cluster.sh [INSTANCES] [WORKERS]      (default 1000 4)
# env:   DMASK_TEST_SHARED (default ../shared); BENCH_WORK (default target/bench-cluster)
set -euo pipefail
cd "$(dirname "$0")/../.."

instances="${1:-1000}"
workers="${2:-4}"
shared="${DMASK_TEST_SHARED:-../shared}"
ct="$shared/dicom-corpus/dev/pydicom__CT_small.dcm"
[ -f "$ct" ] || { echo "bench-cluster: $ct not found" >&2; exit 1; }
command -v storescu >/dev/null || { echo "bench-cluster: storescu not on PATH (apt-get install dcmtk)" >&2; exit 1; }
export TCP_NODELAY=1   # DCMTK tools wait ~88 ms per C-STORE on Nagle without it

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the run"
echo "== jobs"
CLASSPATH="$cp" java -Djava.awt.headless=true org.dmask.bench.ClusterBenchmark --instances "$instances" \
  --workers "$workers" "$ct" "${BENCH_WORK:-target/bench-cluster}" 2> target/bench-cluster.log \
  || { cat target/bench-cluster.log >&2; exit 1; }
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the run"
