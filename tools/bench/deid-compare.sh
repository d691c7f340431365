#!/usr/bin/env bash
# De-identification side by side: dmask's Basic Profile, PixelMed's ClinicalTrialsAttributes and Orthanc's
# /anonymize on every file of the dev corpus; writes conformance/deid-comparison.md. Starts its own Orthanc
# (HTTP 127.0.0.1:18042, DICOM server off, temporary storage) and stops it at the end.
#
# usage: tools/bench/deid-compare.sh [--no-orthanc]
# env:   DMASK_TEST_SHARED (default ../shared), CORPUS (default $DMASK_TEST_SHARED/dicom-corpus/dev),
#        PIXELMED_JAR (default /usr/share/java/pixelmed.jar, Debian libpixelmed-java); Orthanc on PATH (Debian orthanc)
set -euo pipefail
cd "$(dirname "$0")/../.."

shared="${DMASK_TEST_SHARED:-../shared}"
corpus="${CORPUS:-$shared/dicom-corpus/dev}"
pixelmed="${PIXELMED_JAR:-/usr/share/java/pixelmed.jar}"
[ -d "$corpus" ] || { echo "deid-compare: corpus not found: $corpus" >&2; exit 1; }
[ -f "$pixelmed" ] || { echo "deid-compare: $pixelmed missing (apt-get install libpixelmed-java)" >&2; exit 1; }
if [ "${1:-}" != "--no-orthanc" ]; then
    command -v Orthanc >/dev/null || { echo "deid-compare: Orthanc not on PATH (apt-get install orthanc)" >&2; exit 1; }
fi

./mvnw -B -q -ntp -DskipTests test-compile
./mvnw -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/cp.txt):$pixelmed"

java -cp "$cp" org.dmask.bench.DeidComparison --out conformance/deid-comparison.md "$@" "$corpus"
