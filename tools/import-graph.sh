#!/usr/bin/env bash
# Writes docs/import-graph.md: which top-level package of org.dmask imports which, read by jdeps from the compiled
# classes (run after a build), as a Mermaid graph (drawn by GitHub and most Markdown viewers) and as a table with each
# arrow's layers. ArchitectureTest holds the same rules; this is the picture of what it checks.
# usage: tools/import-graph.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -d target/classes/org/dmask ] || ./mvnw -B -ntp -q compile
layers=(dicom "dimse dicomweb deid video model audit" "face pixel" mask "route eval" admin cli)
layer_of() {
  local i=0
  for l in "${layers[@]}"; do
    for p in $l; do [ "$p" = "$1" ] && { echo "$i"; return; }; done
    i=$((i + 1))
  done
  echo "?"
}
edges="$(jdeps -verbose:package -filter:none target/classes 2>/dev/null \
  | awk '$2 == "->" && $1 ~ /^org\.dmask\./ && $3 ~ /^org\.dmask\./ {print $1, $3}' \
  | sed 's/org\.dmask\.//g' \
  | awk '{split($1, a, "."); split($2, b, "."); if (a[1] != b[1]) print a[1], b[1]}' | sort -u)"
out=docs/import-graph.md
{
  echo "# Import graph"
  echo
  echo "Which top-level package of \`org.dmask\` imports which, read by \`jdeps\` from the compiled classes on $(date -u +%Y-%m-%d)"
  echo "(\`tools/import-graph.sh\`). Layers, bottom first: dicom; dimse, dicomweb, deid, video, model, audit; face, pixel; mask;"
  echo "route, eval; admin; cli. Every arrow points down a layer; \`ArchitectureTest\` fails the build otherwise."
  echo
  echo '```mermaid'
  echo 'graph TD'
  while read -r from to; do [ -n "$from" ] && echo "  $from --> $to"; done <<<"$edges"
  echo '```'
  echo
  echo "| package | its layer | imports | their layer |"
  echo "|---|---:|---|---:|"
  while read -r from to; do
    [ -n "$from" ] && echo "| $from | $(layer_of "$from") | $to | $(layer_of "$to") |"
  done <<<"$edges"
  echo
  bad="$(while read -r from to; do
    [ -n "$from" ] && [ "$(layer_of "$to")" -ge "$(layer_of "$from")" ] && echo "$from -> $to"
  done <<<"$edges" || true)"
  if [ -z "$bad" ]; then
    echo "No arrow from a lower layer to a higher one, or within a layer."
  else
    echo "**Arrows against the layering:** $bad"
  fi
} >"$out"
echo "wrote $out"
