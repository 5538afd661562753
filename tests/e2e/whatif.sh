#!/usr/bin/env bash
# whatif.sh — gap, compare, sweep and the explanation of infeasible models, end to end on Can Tho.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020
S=$ROOT/scenarios

# every shipped scenario applies to the Can Tho model
for f in "$S"/*.json; do
  run chk check "$M" -s "$f"
  [ "$rc" = 0 ] || fail "$(basename "$f") does not apply: $(cat "$TMP/chk.err")"
done

# gap: none for the baseline; local cut 30% needs 1,918 more (62 was unallocated), cross-checked with glpsol
run g0 gap "$M" --format json
[ "$rc" = 0 ] && [ "$(jq .extra_total "$TMP/g0.out")" = 0 ] || fail "baseline gap: $(cat "$TMP/g0.out")"
run g30 gap "$M" -s "$S/local-cut-30.json" --format json
[ "$rc" = 0 ] || fail "gap exited $rc"
got=$(jq .extra_total "$TMP/g30.out")
close "$got" 1918 1e-6 || fail "local-cut-30 gap is $got, not 1918"
run glp gap "$M" -s "$S/local-cut-30.json" --lp "$TMP/gap.lp"
glpsol --lp "$TMP/gap.lp" -o "$TMP/gap.sol" >/dev/null || fail "glpsol failed on the elastic model"
ref=$(awk '/^Objective:/ { print $4 }' "$TMP/gap.sol")
close "$got" "$ref" 1e-6 || fail "gap $got, glpsol $ref"
sum=$(jq '[.by_source_year[][]] | add' "$TMP/g30.out")
close "$got" "$sum" 1e-9 || fail "by_source_year does not add up to extra_total"
run gl gap "$M" -s "$S/local-cut-30.json" --source local --format json
close "$(jq .by_source.local "$TMP/gl.out")" "$(jq .extra_total "$TMP/gl.out")" 1e-9 || fail "--source local gave other sources money"
run gt gap "$M" -s "$S/local-cut-30.json"
grep -q "million VND more reaches every target" "$TMP/gt.out" || fail "gap table: $(cat "$TMP/gt.out")"

# gap: a target no money reaches is named, exit 3
echo '{"activities": {"cluster_infra": {"max_per_year": 1}}}' >"$TMP/late.json"
run gu gap "$M" -s "$TMP/late.json" --format json
[ "$rc" = 3 ] || fail "unreachable target: exit $rc"
[ "$(jq -r '.unreachable[0].activity' "$TMP/gu.out")" = cluster_infra ] || fail "unreachable: $(cat "$TMP/gu.out")"
jq -r '.unreachable[0].reason' "$TMP/gu.out" | grep -q "at most 2 units can start in the period" ||
  fail "reason: $(jq -r '.unreachable[0].reason' "$TMP/gu.out")"

# infeasible: which ceilings must rise by how much
cp -r "$M" "$TMP/inf"
sed -i 's/^demo_model,\(.*\),1,0,,1,0,0.3,/demo_model,\1,1,20,,1,0,0.3,/' "$TMP/inf/activities.csv"
mkdir "$TMP/infout"
run inf solve "$TMP/inf" -o "$TMP/infout"
[ "$rc" = 3 ] || fail "infeasible: exit $rc"
grep -q "the ceilings must rise by 9500.000 million VND in all" "$TMP/inf.err" || fail "explanation: $(cat "$TMP/inf.err")"
[ "$(jq .infeasibility.extra_total "$TMP/infout/summary.json")" = 9500 ] || fail "summary infeasibility"

# compare: baseline + two scenarios, deltas and changed cells
run cmp compare "$M" "$S/local-cut-30.json" "$S/local-cut-50.json" --format json
[ "$rc" = 0 ] || fail "compare exited $rc"
[ "$(jq '.runs | length' "$TMP/cmp.out")" = 3 ] || fail "compare runs"
[ "$(jq -r '.runs[1].name' "$TMP/cmp.out")" = local-cut-30 ] || fail "compare labels"
close "$(jq '.runs[1].objective.weighted_shortfall' "$TMP/cmp.out")" 0.3333333333 1e-6 || fail "compare optimum"
[ "$(jq '.changes[0].cells | length' "$TMP/cmp.out")" -gt 0 ] || fail "no changed cells"
d=$(jq '[.changes[0].cells[] | select(.source == "local") | .delta] | add' "$TMP/cmp.out")
close "$d" -2100 1e-9 || fail "local cells changed by $d, not -2100"
run cmpt compare "$M" "$S/local-cut-30.json"
grep -q "Changed against the baseline in local-cut-30" "$TMP/cmpt.out" || fail "compare table"
run cmpc compare "$M" "$S/local-cut-30.json" --format csv
head -1 "$TMP/cmpc.out" | grep -q "^section,key,run,value,delta$" || fail "compare csv header"
run cmpx compare "$M" "$TMP/missing.json"
[ "$rc" = 2 ] || fail "compare with a missing scenario: exit $rc"

# sweep: files, breakpoints, threads and shards agree
mkdir "$TMP/sw1" "$TMP/sw2" "$TMP/k0" "$TMP/k1"
V=sources.local.ceiling_scale=1:0.5:0.05
run sw1 sweep "$M" --vary $V -o "$TMP/sw1"
[ "$rc" = 0 ] || fail "sweep exited $rc: $(cat "$TMP/sw1.err")"
[ "$(wc -l <"$TMP/sw1/sweep.csv")" = 12 ] || fail "sweep.csv has $(wc -l <"$TMP/sw1/sweep.csv") lines, not 12"
[ "$(jq '.breakpoints | length' "$TMP/sw1/sweep.json")" -ge 5 ] || fail "too few breakpoints"
jq -r '.breakpoints[0].rate_text' "$TMP/sw1/sweep.json" |
  grep -q "^from 6,270 to 6,600 million VND of Khuyến công địa phương (KCĐP): every 330 million more funds one more mô hình of Mô hình trình diễn 2018-2020$" ||
  fail "rate text: $(jq -r '.breakpoints[0].rate_text' "$TMP/sw1/sweep.json")"
grep -q "Breakpoints" "$TMP/sw1.out" || fail "sweep table"
# every point solved from scratch: -j2 and merged shards give byte-identical files
run sw2 sweep "$M" --vary $V -o "$TMP/sw2" -j 2
cmp -s "$TMP/sw1/sweep.csv" "$TMP/sw2/sweep.csv" || fail "-j2 gives another sweep.csv than -j1"
run k0 sweep "$M" --vary $V -o "$TMP/k0" --shard 0/2
run k1 sweep "$M" --vary $V -o "$TMP/k1" --shard 1/2
{ head -1 "$TMP/k0/sweep.csv"; tail -q -n +2 "$TMP/k0/sweep.csv" "$TMP/k1/sweep.csv" | sort -t, -k1,1n; } >"$TMP/m.txt"
cmp -s "$TMP/sw1/sweep.csv" "$TMP/m.txt" || fail "merged shards differ from the whole sweep"
run swo sweep "$M" --vary $V --cold
[ "$rc" = 2 ] && grep -q "cold is gone" "$TMP/swo.err" || fail "--cold: exit $rc"
run swb sweep "$M" --vary sources.regional.ceiling=1:2:1
[ "$rc" = 2 ] || fail "sweep of a source the model lacks: exit $rc"
run swc sweep "$M" --vary sources.local.ceiling_scale=1:0:0
[ "$rc" = 2 ] || fail "sweep with STEP 0: exit $rc"
echo "ok: whatif"
