#!/usr/bin/env bash
# Regenerates the project's tables from the DICOM standard's JSON (never edit the outputs by hand):
#   src/main/resources/org/dmask/dicom/dictionary.txt, src/main/java/org/dmask/dicom/{Tag,UID}.java  (GenerateDictionary)
#   src/main/resources/org/dmask/deid/annex-e.txt                                                 (GenerateAnnexE)
# Usage: tools/generate.sh [path/to/shared/dicom-standard]   (default: ../shared/dicom-standard)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
standard="${1:-../shared/dicom-standard}"
classes="$(mktemp -d)"
trap 'rm -rf "$classes"' EXIT
javac -d "$classes" tools/src/main/java/org/dmask/tools/*.java
java -cp "$classes" org.dmask.tools.GenerateDictionary "$standard" .
java -cp "$classes" org.dmask.tools.GenerateAnnexE "$standard" .
