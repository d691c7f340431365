#!/usr/bin/env bash
# End-to-end masking speed (org.dmask.bench.MaskBenchmark): asl_again.mkv (640x480, 77 frames) and the same clip
# looped 8 times (616 frames), each also scaled to 1280x720; full mode, both passes, on this machine's cores
# (llvmpipe + ONNX Runtime CPU). Each clip runs REPS times in one JVM (warm figures: the later runs).
# Then the ffmpeg CLI re-encodes the long clips as a same-run reference (the ratio carries across hosts).
# A benchmark, not a test.
# usage: tools/bench/bench-mask.sh [REPS]      env: DMASK_TEST_SHARED (default ../shared)
set -euo pipefail
cd "$(dirname "$0")/../.."
reps="${1:-2}"
shared="${DMASK_TEST_SHARED:-../shared}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"
src="$shared/media/asl_again.mkv"
ffmpeg -hide_banner -loglevel error -y -i "$src" -an -c:v libx264 -crf 16 "$work/asl-640x480.mp4"
ffmpeg -hide_banner -loglevel error -y -i "$src" -an -vf scale=1280:720 -c:v libx264 -crf 16 "$work/asl-1280x720.mp4"
ffmpeg -hide_banner -loglevel error -y -stream_loop 7 -i "$src" -an -c:v libx264 -crf 16 "$work/asl-x8-640x480.mp4"
ffmpeg -hide_banner -loglevel error -y -stream_loop 7 -i "$src" -an -vf scale=1280:720 -c:v libx264 -crf 16 \
  "$work/asl-x8-1280x720.mp4"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"
# CLASSPATH, not -cp: ONNX Runtime 1.29 crashes with a command line over ~4 KB.
CLASSPATH="$cp" java -Djava.awt.headless=true -Djavacpp.platform=linux-x86_64 org.dmask.bench.MaskBenchmark \
  "$work" "$reps" "$work/asl-640x480.mp4" "$work/asl-1280x720.mp4" "$work/asl-x8-640x480.mp4" \
  "$work/asl-x8-1280x720.mp4"
# Same-run reference, so figures from different hosts and days compare: the ffmpeg CLI decoding the same long
# clips and re-encoding them with libx264 (the video work around the mask, without the mask), on the same cores.
for clip in asl-x8-640x480 asl-x8-1280x720; do
  frames=$(ffprobe -v error -select_streams v:0 -count_packets -show_entries stream=nb_read_packets -of csv=p=0 \
    "$work/$clip.mp4")
  start=$(date +%s.%N)
  ffmpeg -hide_banner -loglevel error -threads "$(nproc)" -i "$work/$clip.mp4" -an -c:v libx264 -crf 16 \
    -preset medium -f null -
  end=$(date +%s.%N)
  awk -v c="$clip" -v n="$frames" -v s="$start" -v e="$end" \
    'BEGIN { printf "reference %s: ffmpeg decode + libx264 re-encode, %d frames in %.2f s: %.1f frames/s\n", c, n, e - s, n / (e - s) }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
