#!/usr/bin/env bash
# C-STORE receive throughput: dmask's SCP against DCMTK's storescp, storescu sending to both, from one run.
# A benchmark, not a test. Results go into conformance/benchmarks.md by hand (the latest run; older ones go to docs/notes/benchmarks-history.md).
#
# usage: tools/bench/bench-dimse.sh [INSTANCES] [VIDEO_MIB]      (default 1000 1024)
# env:   DMASK_TEST_SHARED (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."

instances="${1:-1000}"
video="${2:-1024}"
shared="${DMASK_TEST_SHARED:-../shared}"
ct="$shared/dicom-corpus/dev/pydicom__CT_small.dcm"
[ -f "$ct" ] || { echo "bench-dimse: $ct not found" >&2; exit 1; }
command -v storescu >/dev/null || { echo "bench-dimse: storescu not on PATH (apt-get install dcmtk)" >&2; exit 1; }

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "dcmtk: $(storescu --version 2>&1 | head -1)"
echo "== C-STORE receive"
java -cp "$cp" org.dmask.bench.DimseBenchmark --instances "$instances" --video-mib "$video" "$ct" target/bench-dimse
