#!/usr/bin/env bash
# effort.sh — the search's counted work on the shipped scenarios (deterministic, so a regression in
# the branch-and-bound setup shows here as nodes, not seconds): every stage of Can Tho and each shipped
# scenario proven, the timing stage within its 1e-5 gap well before its 2,000-node budget, with a
# bound at most 1e-5 of the plan's value below it (timing "early" minimises).
. "$(dirname "$0")/lib.sh"
M="$ROOT/models/cantho-2017-2020"
for sc in "" "$ROOT"/scenarios/*.json; do
  name=$(basename "${sc:-baseline}" .json)
  run "$name" solve "$M" ${sc:+-s "$sc"} --format json
  [ "$rc" = 0 ] || fail "$name: exit $rc"
  s="$TMP/$name.out"
  [ "$(json "$s" '[.solver.stages[] | select(.proven | not)] | length')" = 0 ] || fail "$name: a stage is unproven"
  t=$(json "$s" '.solver.stages[] | select(.name == "timing")')
  [ -n "$t" ] || continue
  nodes=$(jq -r .nodes <<<"$t") value=$(jq -r .value <<<"$t") bound=$(jq -r .bound <<<"$t")
  # best projection, no per-node bound tightening: mix-environment took 1,153 nodes and inflation-5
  # ran out of its 2,000 with GLPK's defaults
  [ "$nodes" -le 600 ] || fail "$name: the timing stage took $nodes nodes"
  awk -v v="$value" -v b="$bound" 'BEGIN { exit !(b <= v && v - b <= 1e-5 * v + 1e-9) }' ||
    fail "$name: timing value $value, bound $bound"
  echo "$name: timing $value (bound $bound) in $nodes nodes"
done
echo "ok: effort"
