#!/usr/bin/env bash
# Part 10 parse throughput: dmask's DicomInputStream against DCMTK's dcmdump, from one run.
# A benchmark, not a test. Results go into conformance/benchmarks.md by hand (the latest run; older ones go to docs/notes/benchmarks-history.md).
#
# usage: tools/bench/bench-parse.sh [REPS]            (default 20)
# env:   DMASK_TEST_SHARED (default ../shared), CORPUS (default $DMASK_TEST_SHARED/dicom-corpus/dev)
set -euo pipefail
cd "$(dirname "$0")/../.."

reps="${1:-20}"
shared="${DMASK_TEST_SHARED:-../shared}"
corpus="${CORPUS:-$shared/dicom-corpus/dev}"
[ -d "$corpus" ] || { echo "bench-parse: corpus not found: $corpus" >&2; exit 1; }
command -v dcmdump >/dev/null || { echo "bench-parse: dcmdump not on PATH (apt-get install dcmtk)" >&2; exit 1; }

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt)"
main=org.dmask.bench.ParseBenchmark

echo "== machine"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), nproc $(nproc)"
echo "java:  $(java -version 2>&1 | head -1)"
echo "dcmtk: $(dcmdump --version 2>&1 | head -1)"

echo "== throughput ($reps repetitions)"
java -cp "$cp" "$main" --reps "$reps" "$corpus"

if [ -x /usr/bin/time ]; then
  echo "== peak RSS (one pass over the corpus each)"
  files=()
  while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$corpus" -type f -print0 | sort -z)
  rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2 " KiB"}'; }
  echo "dmask (JVM, default heap):   $(rss java -cp "$cp" "$main" --only ours --reps 1 --warmup 0 "$corpus")"
  echo "dcmdump -q -M +R 64 +L FILES: $(rss dcmdump -q -M +R 64 +L "${files[@]}")"
else
  echo "== peak RSS skipped: /usr/bin/time not installed (apt-get install time)"
fi
