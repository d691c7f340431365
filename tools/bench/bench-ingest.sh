#!/usr/bin/env bash
# Durable C-STORE ingest: the disk's limit for one durable write per instance, DCMTK storescp and dmask's SCP
# (durability power-loss and process), over one and over A parallel associations, interleaved in R rounds of one run.
# A benchmark, not a test. Results go into conformance/benchmarks.md by hand (the latest run).
#
# usage: tools/bench/bench-ingest.sh [INSTANCES] [ASSOCIATIONS] [ROUNDS]      (default 1000 4 3)
# env:   DMASK_TEST_SHARED (default ../shared)
#        BENCH_WORK (default target/bench-ingest): the spools, storescp's folder and the fsync loop's folder
set -euo pipefail
cd "$(dirname "$0")/../.."

instances="${1:-1000}"
associations="${2:-4}"
rounds="${3:-3}"
shared="${DMASK_TEST_SHARED:-../shared}"
work="${BENCH_WORK:-target/bench-ingest}"
ct="$shared/dicom-corpus/dev/pydicom__CT_small.dcm"
[ -f "$ct" ] || { echo "bench-ingest: $ct not found" >&2; exit 1; }
command -v storescu >/dev/null || { echo "bench-ingest: storescu not on PATH (apt-get install dcmtk)" >&2; exit 1; }

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"

mkdir -p "$(dirname "$work")"
echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "dcmtk: $(storescu --version 2>&1 | head -1)"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the run"
echo "work:  $work ($(df -PT "$(dirname "$work")" | awk 'NR==2 {print $2 " on " $1}'))"
echo "== C-STORE ingest: $instances instances per measure, $associations associations, $rounds rounds"
java -cp "$cp" org.dmask.bench.IngestBenchmark --instances "$instances" --associations "$associations" \
  --rounds "$rounds" "$ct" "$work" 2> target/bench-ingest.log || { tail -50 target/bench-ingest.log >&2; exit 1; }
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the run"
