#!/usr/bin/env bash
# determinism.sh — the same inputs give the same bytes at any load: Can Tho with 5% inflation, a
# three-province model whose timing stage ends at its counted budget, and its re-plan with two years
# closed and its own plan as the approved one, each run twice at the same time with a CPU hog on
# every core beside them, against a run on an idle machine: plan.csv, disbursement.csv,
# attainment.csv (changes.csv with a baseline, proposals.csv with proposals) and summary.json (its
# seconds fields aside) all identical. Also a 0-1 selection of 100 proposals whose merit stage ends
# at its counted budget (exit 4).
. "$(dirname "$0")/lib.sh"
python3 "$ROOT/bench/gen_national.py" "$TMP/nat3" 3 1 || fail "cannot generate the model"
python3 "$ROOT/bench/mkp.py" --proposals generate "$TMP/cb" 100 5 0.25 1 || fail "cannot generate the selection"
HOGS=()
trap 'kill "${HOGS[@]}" 2>/dev/null; rm -rf "$TMP"' EXIT
strip_seconds() { jq 'del(.. | .seconds?)' "$1"; }
check_model() { # NAME ARGS... (WANT_RC: the exit expected, default 0)
  local name=$1 want=${WANT_RC:-0}
  shift
  mkdir "$TMP/$name-idle" "$TMP/$name-a" "$TMP/$name-b"
  run "$name-idle" solve "$@" -q -o "$TMP/$name-idle"
  [ "$rc" = "$want" ] || fail "$name: exit $rc: $(cat "$TMP/$name-idle.err")"
  for _ in 1 2 3; do
    (while :; do :; done) &
    HOGS+=($!)
  done
  "$KCPLAN" solve "$@" -q -o "$TMP/$name-a" &
  local pa=$!
  "$KCPLAN" solve "$@" -q -o "$TMP/$name-b" &
  local pb=$!
  wait $pa
  [ $? = "$want" ] || fail "$name: loaded run a failed"
  wait $pb
  [ $? = "$want" ] || fail "$name: loaded run b failed"
  kill "${HOGS[@]}" 2>/dev/null
  HOGS=()
  for d in a b; do
    for f in plan.csv disbursement.csv attainment.csv changes.csv proposals.csv; do
      [ -e "$TMP/$name-idle/$f" ] || continue
      cmp -s "$TMP/$name-idle/$f" "$TMP/$name-$d/$f" || fail "$name: $f differs under load (run $d)"
    done
    cmp -s <(strip_seconds "$TMP/$name-idle/summary.json") <(strip_seconds "$TMP/$name-$d/summary.json") ||
      fail "$name: summary.json differs under load (run $d)"
  done
}
check_model inflation "$ROOT/models/cantho-2017-2020" -s "$ROOT/scenarios/inflation-5.json"
check_model nat3 "$TMP/nat3"
[ "$(json "$TMP/nat3-idle/summary.json" '.solver.stages[3].proven')" = false ] ||
  fail "nat3: the timing stage was proven: this test no longer reaches the budget"
[ "$(json "$TMP/nat3-idle/summary.json" '.solver.stages[3].nodes')" = 2000 ] ||
  fail "nat3: the default timing budget is not 2000 nodes"
awk -F, 'NR == 1 || $1 <= 2022' "$TMP/nat3-idle/plan.csv" >"$TMP/nat3-actuals.csv"
check_model replan "$TMP/nat3" --actuals "$TMP/nat3-actuals.csv" --baseline "$TMP/nat3-idle/plan.csv"
[ -e "$TMP/replan-idle/changes.csv" ] || fail "replan: no changes.csv"
WANT_RC=4 check_model selection "$TMP/cb"
[ "$(json "$TMP/selection-idle/summary.json" '[.solver.stages[] | select(.name == "merit")][0].proven')" = false ] ||
  fail "selection: the merit stage was proven: this test no longer reaches its budget"
[ -e "$TMP/selection-idle/proposals.csv" ] || fail "selection: no proposals.csv"
echo "ok: byte-identical outputs idle and under load"
