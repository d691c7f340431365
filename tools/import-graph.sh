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
  # the parts of route and mask, bottom first as ArchitectureTest holds them
  for top in route mask; do
    if [ "$top" = route ]; then parts=(route.spool route.component route.delivery route.rules route.cluster route)
    else parts=(mask mask.avatar mask.gl mask.eye mask.pipeline); fi
    part_edges="$(jdeps -verbose:package -filter:none target/classes 2>/dev/null \
      | awk -v t="org.dmask.$top" '$2 == "->" && ($1 == t || index($1, t ".") == 1) && ($3 == t || index($3, t ".") == 1) && $1 != $3 {print $1, $3}' \
      | sed 's/org\.dmask\.//g' | sort -u)"
    echo
    echo "## The parts of \`$top\`, bottom first: ${parts[*]}"
    echo
    echo '```mermaid'
    echo 'graph TD'
    while read -r from to; do [ -n "$from" ] && echo "  ${from//./_}[$from] --> ${to//./_}[$to]"; done <<<"$part_edges"
    echo '```'
    echo
    wrong=""
    while read -r from to; do
      [ -n "$from" ] || continue
      fi=-1; ti=-1
      for i in "${!parts[@]}"; do [ "${parts[$i]}" = "$from" ] && fi=$i; [ "${parts[$i]}" = "$to" ] && ti=$i; done
      [ "$ti" -ge "$fi" ] && wrong="$wrong $from->$to"
    done <<<"$part_edges"
    if [ -z "$wrong" ]; then echo "Every arrow points to a part before its own."; else echo "**Arrows against the order:**$wrong"; fi
  done
} >"$out"
echo "wrote $out"
