#!/usr/bin/env bash
# Video decode/encode frames per second: org.dmask.video (JavaCV/FFmpeg) against the ffmpeg command line doing the
# same work, at 640x480 and 1280x720, from one run. A benchmark, not a test. Results go into
# conformance/benchmarks.md by hand (the latest run; older ones go to docs/notes/benchmarks-history.md).
#
# Runs twice: the default (LGPL) build, whose H.264 encoder is libopenh264 (no ffmpeg CLI peer here), and the
# gpl build (-Pgpl), whose encoder is libx264, compared with `ffmpeg -c:v libx264` at the same settings.
#
# usage: tools/bench/bench-video.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v ffmpeg >/dev/null || { echo "bench-video: ffmpeg not on PATH (apt-get install ffmpeg)" >&2; exit 1; }

echo "== machine"
echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:   $(java -version 2>&1 | head -1)"
echo "ffmpeg: $(ffmpeg -version 2>&1 | head -1)"

for profile in default gpl; do
  args=()
  [ "$profile" = gpl ] && args=(-Pgpl)
  ./mvnw -B -q -ntp "${args[@]}" -DskipTests test-compile
  ./mvnw -B -q -ntp "${args[@]}" dependency:build-classpath -Dmdep.outputFile=target/cp-video.txt -Dmdep.includeScope=test
  echo "== $profile build"
  java -cp "target/test-classes:target/classes:$(cat target/cp-video.txt)" org.dmask.bench.VideoBenchmark target/bench-video
done
rm -rf target/bench-video
