#!/usr/bin/env bash
# Tags-only routing throughput and end-to-end latency: DCMTK storescu -> dmask (Basic Profile, no mask) -> DCMTK
# storescp, against storescu -> storescp directly, from one run; then the end-to-end latency of one 10-second video
# (asl_again.mkv looped) through dmask with the digital mask (deid basic, mask full). A benchmark, not a test. Results go into
# conformance/benchmarks.md by hand (the latest run; older ones go to docs/notes/benchmarks-history.md).
#
# usage: tools/bench/bench-route.sh [INSTANCES] [LATENCY_RUNS] [WORKERS]      (default 1000 20 4)
# env:   DMASK_TEST_SHARED (default ../shared)
#        BENCH_WORK (default target/bench-route): where the spool, job store and storescp's output live; e.g.
#        /dev/shm/bench-route to see the routing cost without the disk's fsync latency
set -euo pipefail
cd "$(dirname "$0")/../.."

instances="${1:-1000}"
runs="${2:-20}"
workers="${3:-4}"
shared="${DMASK_TEST_SHARED:-../shared}"
ct="$shared/dicom-corpus/dev/pydicom__CT_small.dcm"
video="$shared/dicom-corpus/dev/constructed__video_photographic_h264_hp41_mp4.dcm"
[ -f "$ct" ] || { echo "bench-route: $ct not found" >&2; exit 1; }
command -v storescu >/dev/null || { echo "bench-route: storescu not on PATH (apt-get install dcmtk)" >&2; exit 1; }
export TCP_NODELAY=1   # DCMTK tools wait ~88 ms per C-STORE on Nagle without it

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "dcmtk: $(storescu --version 2>&1 | head -1)"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the run"
echo "work:  ${BENCH_WORK:-target/bench-route} ($(df -PT "$(dirname "${BENCH_WORK:-target/bench-route}")" | awk 'NR==2 {print $2}'))"
echo "== routing"
video_args=()
[ -f "$video" ] && video_args=(--video "$video")
# The end-to-end latency of one 10-second video with the digital mask (needs ffmpeg; the models are installed on first use).
clip="$shared/media/asl_again.mkv"
[ -f "$clip" ] && command -v ffmpeg >/dev/null && video_args+=(--masked-video "$clip")
# CLASSPATH, not -cp: ONNX Runtime 1.29 (the mask) crashes with a command line over ~4 KB.
CLASSPATH="$cp" java -Djava.awt.headless=true -Djavacpp.platform=linux-x86_64 org.dmask.bench.RouteBenchmark --instances "$instances" --latency-runs "$runs" --workers "$workers" \
  "${video_args[@]}" "$ct" "${BENCH_WORK:-target/bench-route}" 2> target/bench-route.log \
  || { cat target/bench-route.log >&2; exit 1; }
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the run"
