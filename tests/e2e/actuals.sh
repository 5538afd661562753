#!/usr/bin/env bash
# actuals.sh — re-planning with the closed years recorded: the plan's own first years fed back as
# actuals keep the optimum, closed rows are the actuals byte for byte, every ceiling holds over the
# whole horizon with the recorded money counted; actuals that differ (fewer trainees, one more
# demonstration model, a local overrun) are kept as recorded with a warning naming the file and line;
# the model folder's actuals.csv is read, --actuals replaces it, and every solving command takes it;
# a wide-magnitude re-plan whose timing LP stalls ends with the previous plan.
. "$(dirname "$0")/lib.sh"
ct="$ROOT/models/cantho-2017-2020"
mkdir "$TMP/base" "$TMP/re" "$TMP/re2" "$TMP/diff"
run base solve "$ct" -q -o "$TMP/base"
[ "$rc" = 0 ] || fail "base solve exited $rc"
awk -F, 'NR == 1 || $1 <= 2018' "$TMP/base/plan.csv" >"$TMP/actuals.csv"

# 1. the plan's own 2017-2018 as actuals: still optimal, closed rows as recorded
run re solve "$ct" --actuals "$TMP/actuals.csv" -o "$TMP/re"
[ "$rc" = 0 ] || fail "re-plan exited $rc: $(cat "$TMP/re.err")"
[ -s "$TMP/re.err" ] && fail "re-plan warned: $(cat "$TMP/re.err")"
grep -q "Years 2017-2018 are closed: units and money as recorded in $TMP/actuals.csv" "$TMP/re.out" ||
  fail "the table does not say which years are closed"
cmp -s "$TMP/actuals.csv" <(awk -F, 'NR == 1 || $1 <= 2018' "$TMP/re/plan.csv") ||
  fail "closed rows differ from the actuals: $(diff "$TMP/actuals.csv" <(awk -F, 'NR == 1 || $1 <= 2018' "$TMP/re/plan.csv"))"
for key in weighted_shortfall total_spend source_preference timing_value; do
  close "$(json "$TMP/base/summary.json" .objective.$key)" "$(json "$TMP/re/summary.json" .objective.$key)" 1e-6 ||
    fail "objective.$key changed with the plan's own actuals"
done
[ "$(json "$TMP/re/summary.json" '.model.closed_years | join(",")')" = 2017,2018 ] || fail "closed_years"
[ "$(json "$TMP/re/summary.json" .model.actuals)" = "$TMP/actuals.csv" ] || fail "model.actuals"
sha=$(sha256sum "$TMP/actuals.csv" | cut -d' ' -f1)
[ "$(json "$TMP/re/summary.json" ".inputs[] | select(.file == \"$TMP/actuals.csv\") | .sha256")" = "$sha" ] ||
  fail "the actuals are not among the inputs with their SHA-256"

# every ceiling over the whole horizon, the recorded money counted (Can Tho carries over)
check_ceilings() {
  local out=$1
  local nsrc id spend ceiling
  nsrc=$(json "$out/summary.json" '.sources | length')
  for ((i = 0; i < nsrc; i++)); do
    id=$(json "$out/summary.json" ".sources[$i].id")
    spend=$(awk -F, -v id="$id" '$2 == id { s += $3 } END { printf "%.3f", s }' "$out/disbursement.csv")
    ceiling=$(json "$out/summary.json" ".sources[$i].ceiling")
    awk -v s="$spend" -v c="$ceiling" 'BEGIN { exit !(s <= c + 1e-9) }' || fail "$id spends $spend over $ceiling"
  done
  awk -F, 'NR > 1 && $1 >= 2019 && $4 != "" { spent[$2] += $3; cap[$2] += $4; if (spent[$2] > cap[$2] + 1e-9) bad = 1 }
    NR > 1 && $1 < 2019 && $4 != "" { spent[$2] += $3; cap[$2] += $4 }
    END { exit bad }' "$out/disbursement.csv" || fail "a cumulative annual ceiling of an open year is exceeded"
}
check_ceilings "$TMP/re"

# 2. actuals that differ from the plan: 200 trainees in 2018 (not 233), 12 demonstration models (not
# 11), so local money overran in 2018; a 30% local cut from then on
sed -e 's/^2018,training,233,605.800,0.000,605.800,0.000$/2018,training,200,520.000,0.000,520.000,0.000/' \
  -e 's/^2018,demo_model,11,3850.000,3505.800,344.200,8983.333$/2018,demo_model,12,4200.000,3505.800,694.200,9800.000/' \
  "$TMP/actuals.csv" >"$TMP/changed.csv"
cmp -s "$TMP/actuals.csv" "$TMP/changed.csv" && fail "the base plan changed: the test's edits no longer apply"
run d solve "$ct" --actuals "$TMP/changed.csv" -s "$ROOT/scenarios/local-cut-30.json" -o "$TMP/diff"
[ "$rc" = 0 ] || fail "re-plan of changed actuals exited $rc: $(cat "$TMP/d.err")"
grep -Eq "^kcplan: warning: $TMP/changed.csv:[0-9]+: local 2018: the money recorded up to this year, [0-9.]+, is over" \
  "$TMP/d.err" || fail "no warning for the local overrun: $(cat "$TMP/d.err")"
cmp -s "$TMP/changed.csv" <(awk -F, 'NR == 1 || $1 <= 2018' "$TMP/diff/plan.csv") || fail "closed rows differ"
# attainment counts the recorded units: training 2018-2020 reaches 490 only with 290 more after 2018
planned=$(awk -F, '$1 == "training" && $2 == 2018 { print $5 }' "$TMP/diff/attainment.csv")
later=$(awk -F, '$2 == "training" && $1 >= 2019 { s += $3 } END { print s + 0 }' "$TMP/diff/plan.csv")
[ "$planned" = $((200 + later)) ] || fail "training 2018-2020: attainment says $planned, plan.csv 200 + $later"
check_ceilings "$TMP/diff"

# 3. the folder's actuals.csv is read; --actuals replaces it (the folder's is then not even read)
cp -r "$ct" "$TMP/model"
cp "$TMP/actuals.csv" "$TMP/model/actuals.csv"
run f solve "$TMP/model" -q -o "$TMP/re2"
[ "$rc" = 0 ] || fail "solve with the folder's actuals.csv exited $rc"
cmp -s "$TMP/re/plan.csv" "$TMP/re2/plan.csv" || fail "the folder's actuals.csv gives another plan than --actuals"
echo "year,activity,units" >"$TMP/model/actuals.csv"
printf '2019,nothing,1\n' >>"$TMP/model/actuals.csv"
run g check "$TMP/model"
[ "$rc" = 2 ] || fail "a bad actuals.csv in the folder was not refused"
run h check "$TMP/model" --actuals "$TMP/changed.csv"
[ "$rc" = 0 ] || fail "--actuals did not replace the folder's actuals.csv: $(cat "$TMP/h.err")"
grep -q "actuals: $TMP/changed.csv closes 2017-2018; the later years are planned" "$TMP/h.out" ||
  fail "check does not describe the actuals: $(cat "$TMP/h.out")"

# 4. every command that solves takes --actuals
A=(--actuals "$TMP/changed.csv")
run c1 compare "$ct" "$ROOT/scenarios/local-cut-30.json" "${A[@]}"
[ "$rc" = 0 ] || fail "compare --actuals exited $rc: $(cat "$TMP/c1.err")"
run c2 sweep "$ct" --vary sources.local.ceiling_scale=1:0.8:0.1 "${A[@]}"
[ "$rc" = 0 ] || fail "sweep --actuals exited $rc: $(cat "$TMP/c2.err")"
run c3 gap "$ct" "${A[@]}"
[ "$rc" = 0 ] || fail "gap --actuals exited $rc: $(cat "$TMP/c3.err")"
run c4 proposal "$ct" --year 2019 -o - "${A[@]}"
[ "$rc" = 0 ] || fail "proposal --actuals exited $rc: $(cat "$TMP/c4.err")"
run c5 export "$ct" --stage 2 --lp "$TMP/s2.lp" "${A[@]}"
[ "$rc" = 0 ] || fail "export --actuals exited $rc: $(cat "$TMP/c5.err")"
grep -q 'x(training,2018)' "$TMP/s2.lp" || fail "the exported problem lacks the recorded units"
run c6 report "$ct" -o "$TMP/r.html" "${A[@]}"
[ "$rc" = 0 ] || fail "report --actuals exited $rc: $(cat "$TMP/c6.err")"

# 5. --baseline: the stability stages keep the approved plan as far as the optima allow. With the
# plan's own years as actuals nothing changes; with the changed actuals only what they force does.
mkdir "$TMP/b0" "$TMP/b1"
run b0 solve "$ct" --actuals "$TMP/actuals.csv" --baseline "$TMP/base/plan.csv" -o "$TMP/b0"
[ "$rc" = 0 ] || fail "--baseline exited $rc: $(cat "$TMP/b0.err")"
cmp -s "$TMP/base/plan.csv" "$TMP/b0/plan.csv" || fail "the re-plan of the plan's own actuals is not the baseline"
[ "$(json "$TMP/b0/summary.json" .objective.stability)" = 0 ] || fail "stability is not 0"
[ "$(json "$TMP/b0/summary.json" .objective.stability_money)" = 0 ] || fail "stability_money is not 0"
[ "$(wc -l <"$TMP/b0/changes.csv")" = 1 ] || fail "changes.csv lists changes: $(cat "$TMP/b0/changes.csv")"
grep -q "Changes against the approved plan ($TMP/base/plan.csv): none, the approved plan still holds" "$TMP/b0.out" ||
  fail "the table does not say the approved plan holds"
[ "$(json "$TMP/b0/summary.json" .baseline.sha256)" = "$(sha256sum "$TMP/base/plan.csv" | cut -d' ' -f1)" ] ||
  fail "summary.json does not record the baseline's SHA-256"
for st in stability stability_money; do
  [ "$(json "$TMP/b0/summary.json" ".solver.stages[] | select(.name == \"$st\") | .proven")" = true ] ||
    fail "stage $st not proven"
done
run b1 solve "$ct" --actuals "$TMP/changed.csv" --baseline "$TMP/base/plan.csv" -o "$TMP/b1"
[ "$rc" = 0 ] || fail "--baseline with changed actuals exited $rc: $(cat "$TMP/b1.err")"
for key in weighted_shortfall total_spend source_preference; do # the earlier stages' optima are kept
  close "$(json "$TMP/re/summary.json" .objective.$key)" "$(json "$TMP/b1/summary.json" .objective.$key)" 1e-6 ||
    fail "objective.$key moved with --baseline"
done
# every changed cell of changes.csv is a real difference between the two plan.csv files, and back
join_plan() { awk -F, 'NR > 1 { print $1 "," $2 "," $3 "," $5 "," $6 }' "$1" | sort; }
want=$(diff <(join_plan "$TMP/base/plan.csv") <(join_plan "$TMP/b1/plan.csv") | grep -c '^>')
got=$(($(wc -l <"$TMP/b1/changes.csv") - 1))
[ "$got" -ge 1 ] && [ "$got" -le "$want" ] || fail "changes.csv lists $got cells, plan.csv differs in $want rows"
units=$(awk -F, 'NR > 1 && $1 >= 2019 { d = $4 - $3; s += d < 0 ? -d : d } END { print s + 0 }' "$TMP/b1/changes.csv")
close "$units" "$(json "$TMP/b1/summary.json" .objective.stability)" 1e-9 ||
  fail "changes.csv's open-year unit changes ($units) are not the stability value"
grep -q "Changes against the approved plan ($TMP/base/plan.csv):$" "$TMP/b1.out" || fail "no changes section"
awk -F, 'NR > 1 && $1 >= 2019' "$TMP/b1/changes.csv" | grep -q . || fail "no open-year change: the test lost its point"
# without --baseline the re-plan may change more units in the open years, never fewer
mkdir "$TMP/nb"
run nb solve "$ct" --actuals "$TMP/changed.csv" -q -o "$TMP/nb"
moved() { # units changed in 2019-2020 between plan.csv files $1 and $2
  awk -F, 'FNR == 1 { f++ } FNR > 1 && $1 >= 2019 { u[$1 "," $2] += (f == 1 ? -$3 : $3) }
    END { for (k in u) s += u[k] < 0 ? -u[k] : u[k]; print s + 0 }' "$1" "$2"
}
with=$(moved "$TMP/base/plan.csv" "$TMP/b1/plan.csv")
without=$(moved "$TMP/base/plan.csv" "$TMP/nb/plan.csv")
close "$with" "$(json "$TMP/b1/summary.json" .objective.stability)" 1e-9 || fail "stability is not the units moved"
awk -v a="$with" -v b="$without" 'BEGIN { exit !(a <= b) }' || fail "--baseline moved $with units, without it $without"
echo "units changed in the open years: $with with --baseline, $without without"

# 6. the same inputs, the same bytes
mkdir "$TMP/diff2"
run d2 solve "$ct" --actuals "$TMP/changed.csv" -s "$ROOT/scenarios/local-cut-30.json" -q -o "$TMP/diff2"
for f in plan.csv disbursement.csv attainment.csv; do
  cmp -s "$TMP/diff/$f" "$TMP/diff2/$f" || fail "$f differs between two runs"
done
# 7. a re-plan whose numbers span ten orders of magnitude (found by wide_check.py): from the
# stability stages' basis the timing stage's primal simplex stalled until the time limit (exit 4);
# its LP is capped in iterations, and the previous plan then stands, timing unproven, exit 0
st="$(dirname "$0")/data/stalled-timing"
run st solve "$st" --actuals "$st/actuals-2021.csv" --baseline "$st/approved-plan.csv" --time-limit 120 --format json
[ "$rc" = 0 ] || fail "the stalled re-plan exited $rc: $(tail -1 "$TMP/st.err")"
[ "$(json "$TMP/st.out" .status)" = optimal ] || fail "the stalled re-plan is not optimal"
[ "$(json "$TMP/st.out" '[.solver.stages[] | select(.name != "timing") | .proven] | all')" = true ] ||
  fail "a stage before timing is unproven in the stalled re-plan"
echo "ok: re-planning with actuals"
