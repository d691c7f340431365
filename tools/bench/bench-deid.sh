#!/usr/bin/env bash
# Header de-identification throughput on one thread: dmask's Basic Profile against PixelMed's
# ClinicalTrialsAttributes, in one JVM and run. A benchmark, not a test; results go into conformance/benchmarks.md.
#
# usage: tools/bench/bench-deid.sh [REPS]            (default 20)
# env:   DMASK_TEST_SHARED (default ../shared), CORPUS (default $DMASK_TEST_SHARED/dicom-corpus/dev),
#        PIXELMED_JAR (default /usr/share/java/pixelmed.jar, Debian libpixelmed-java)
set -euo pipefail
cd "$(dirname "$0")/../.."

reps="${1:-20}"
shared="${DMASK_TEST_SHARED:-../shared}"
corpus="${CORPUS:-$shared/dicom-corpus/dev}"
pixelmed="${PIXELMED_JAR:-/usr/share/java/pixelmed.jar}"
[ -d "$corpus" ] || { echo "bench-deid: corpus not found: $corpus" >&2; exit 1; }
[ -f "$pixelmed" ] || { echo "bench-deid: $pixelmed missing (apt-get install libpixelmed-java)" >&2; exit 1; }

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt):$pixelmed"

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "== header de-identification, one thread ($reps repetitions)"
java -cp "$cp" org.dmask.bench.DeidBenchmark --reps "$reps" "$corpus"
