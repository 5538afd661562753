#!/usr/bin/env bash
# solve_model.sh MODEL — solves a shipped model end to end: exit 0, all four outputs, totals that
# agree across files and respect every ceiling, byte-identical outputs on a second run, the table.
. "$(dirname "$0")/lib.sh"
model=$1
mkdir -p "$TMP/a" "$TMP/b"
run a solve "$model" -o "$TMP/a"
[ "$rc" = 0 ] || fail "solve exited $rc: $(cat "$TMP/a.err")"
for f in plan.csv disbursement.csv attainment.csv summary.json; do
  [ -s "$TMP/a/$f" ] || fail "$f missing"
done
ls "$TMP/a" | grep -q tmp && fail "a temporary file was left behind"
[ "$(json "$TMP/a/summary.json" .status)" = optimal ] || fail "status is not optimal"
grep -q "Status: optimal" "$TMP/a.out" || fail "the terminal table was not printed"

# money per source in plan.csv = spend in summary.json = disbursement.csv; never above a ceiling
nsrc=$(json "$TMP/a/summary.json" '.sources | length')
for ((i = 0; i < nsrc; i++)); do
  id=$(json "$TMP/a/summary.json" ".sources[$i].id")
  spend=$(json "$TMP/a/summary.json" ".sources[$i].spend")
  ceiling=$(json "$TMP/a/summary.json" ".sources[$i].ceiling")
  col=$(head -1 "$TMP/a/plan.csv" | tr ',' '\n' | grep -nx "$id" | cut -d: -f1)
  plan_sum=$(awk -F, -v c="$col" 'NR > 1 { s += $c } END { printf "%.3f", s }' "$TMP/a/plan.csv")
  dis_sum=$(awk -F, -v id="$id" '$2 == id { s += $3 } END { printf "%.3f", s }' "$TMP/a/disbursement.csv")
  close "$spend" "$plan_sum" 1e-9 || fail "$id: summary spend $spend, plan.csv $plan_sum"
  close "$spend" "$dis_sum" 1e-9 || fail "$id: summary spend $spend, disbursement.csv $dis_sum"
  if [ "$ceiling" != null ]; then
    awk -v s="$spend" -v c="$ceiling" 'BEGIN { exit !(s <= c + 1e-9) }' || fail "$id spends $spend over $ceiling"
  fi
done
# annual ceilings: each year's, or with carry-over the cumulative ones (spend up to year y within
# the ceilings up to year y); disbursement.csv lists the years in order
carry=$(jq -r '.carry_over // false' "$model/program.json")
awk -F, -v carry="$carry" 'NR > 1 && $4 != "" {
    spent[$2] += $3; cap[$2] += $4
    over = carry == "true" ? spent[$2] - cap[$2] : $3 - $4
    if (over > 1e-9) { print $2 " " $1 ": " (carry == "true" ? "cumulative " : "") "spend above its ceiling by " over; bad = 1 }
    if (carry != "true") { spent[$2] = 0; cap[$2] = 0 }
    checked++ }
  END { if (!checked) print "no annual ceiling row was checked"; exit bad }' "$TMP/a/disbursement.csv" >"$TMP/annual" ||
  fail "an annual ceiling is exceeded: $(cat "$TMP/annual")"
if jq -e '[.sources[].years[] | select(.annual_ceiling != null)] | length > 0' "$TMP/a/summary.json" >/dev/null; then
  grep -q "no annual ceiling row was checked" "$TMP/annual" && fail "the annual ceilings were not checked"
fi

# every plan row: cost = sum of the source columns
awk -F, -v n="$nsrc" 'NR > 1 { s = 0; for (i = 5; i < 5 + n; i++) s += $i; d = s - $4; if (d < 0) d = -d;
  if (d > 0.0005) { print "row " NR; bad = 1 } } END { exit bad }' "$TMP/a/plan.csv" || fail "plan.csv rows do not add up"

# the objective block equals the solver's stage optima, for every stage the objective asks for
# (balanced adds max_shortfall; timing none drops timing): a missing stage is a failure
pairs="attainment:weighted_shortfall spend:total_spend source_preference:source_preference"
[ "$(json "$TMP/a/summary.json" .objective.attainment)" = balanced ] && pairs="max_shortfall:max_weighted_shortfall $pairs"
[ "$(json "$TMP/a/summary.json" .objective.timing)" != none ] && pairs="$pairs timing:timing_value"
for pair in $pairs; do
  stage=${pair%%:*}
  key=${pair#*:}
  v=$(json "$TMP/a/summary.json" ".solver.stages[] | select(.name == \"$stage\") | .value")
  o=$(json "$TMP/a/summary.json" ".objective.$key")
  [ -n "$v" ] || fail "summary.json has no stage $stage"
  close "$v" "$o" 1e-6 || fail "objective.$key $o differs from stage $stage optimum $v"
done
[ "$(json "$TMP/a/summary.json" '.solver.stages | length')" = "$(echo $pairs | wc -w)" ] ||
  fail "summary.json has stages the objective did not ask for"

# same inputs, same bytes (only the wall-clock seconds in summary.json may differ)
run b solve "$model" -o "$TMP/b"
for f in plan.csv disbursement.csv attainment.csv; do
  cmp -s "$TMP/a/$f" "$TMP/b/$f" || fail "$f differs between two runs"
done
diff <(grep -v '"seconds"' "$TMP/a/summary.json") <(grep -v '"seconds"' "$TMP/b/summary.json") >/dev/null ||
  fail "summary.json differs between two runs beyond timings"

# --format csv prints plan.csv; --format json prints summary.json
run c solve "$model" --format csv
cmp -s "$TMP/c.out" "$TMP/a/plan.csv" || fail "--format csv does not print plan.csv"
run d solve "$model" --format json
[ "$(jq -r .status "$TMP/d.out")" = optimal ] || fail "--format json does not print the summary"
echo "ok: $model"
