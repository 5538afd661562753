#!/usr/bin/env bash
# planner_words.sh — answers in a planner's words: compare shows names (never ids, never cut short),
# units planned against targets, each source's ceiling, spending and money left, scenario against
# scenario, why money stays unallocated while a target is missed, and the solver's own measures only
# with --details; solve -s names the scenarios applied; the objective line's total spend is the
# table's; sweep breakpoints speak in whole units.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020
S=$ROOT/scenarios

run cmp compare "$M" "$S/local-cut-30.json" "$S/local-cut-50.json"
[ "$rc" = 0 ] || fail "compare: exit $rc: $(cat "$TMP/cmp.err")"
o=$TMP/cmp.out
has() { grep -qF -- "$1" "$o" || fail "compare lacks '$1'"; }
has "Mô hình trình diễn 2018-2020: planned of target"
has "Khuyến công địa phương (KCĐP): left unallocated"
has "Xử lý ô nhiễm môi trường 2018-2020: planned of target" # whole, however long
has "Targets fully reached"
has "Δ local-cut-30" # local-cut-50 against local-cut-30, not only against the baseline
has "Mô hình trình diễn 2018-2020: 6 of 18 mô hình not funded (12 planned; 18 in the baseline)."
has "Khuyến công địa phương (KCĐP): the ceiling falls by 1,980 to 4,620; 2,100 less spent; 182 left unallocated (62 in the baseline)."
has "Khuyến công địa phương (KCĐP) has 182 left while 1 target is missed: the cheapest missing unit, one mô hình of Mô hình trình diễn 2018-2020, costs 350."
has "Mô hình trình diễn: 2,100 less state money"
has "Mô hình trình diễn 2018, KCQG: 3505.800 → 2450.000"
# the row of local-cut-50 against local-cut-30: 12 → 9 demonstration models
grep -E "^Mô hình trình diễn 2018-2020: planned of target +18 of 18 +12 of 18 +-6 +9 of 18 +-9 +-3$" "$o" >/dev/null ||
  fail "the demonstration models' row: $(grep "^Mô hình trình diễn 2018-2020" "$o")"
# no ids, no solver internals unless asked
grep -E "demo_model|pollution_treatment|: local|: national" "$o" && fail "compare shows ids"
grep -q "Timing value\|Source preference value" "$o" && fail "compare shows the solver's measures without --details"
run det compare "$M" "$S/local-cut-30.json" --details
grep -q "^Timing value" "$TMP/det.out" && grep -q "^Source preference value" "$TMP/det.out" || fail "--details"
# a long name is never cut short
cp -r "$M" "$TMP/long"
long="Hỗ trợ xây dựng mô hình trình diễn kỹ thuật để phổ biến công nghệ mới, sản xuất sản phẩm mới"
sed -i "s/^demo_model,Mô hình trình diễn,/demo_model,\"$long\",/" "$TMP/long/activities.csv"
run lg compare "$TMP/long" "$S/local-cut-30.json"
grep -qF "$long 2018-2020: planned of target" "$TMP/lg.out" || fail "a long name is cut short"
grep -qF "$long 2018-2020: 6 of 18 mô hình not funded" "$TMP/lg.out" || fail "a long name in the sentences"

# solve -s names the scenarios in its heading; the objective's total spend is the table's
run sv solve "$M" -s "$S/local-cut-30.json" -s "$S/inflation-5.json"
sed -n 2p "$TMP/sv.out" | grep -qF "Scenarios applied: local-cut-30 ($S/local-cut-30.json), inflation-5 ($S/inflation-5.json)" ||
  fail "solve -s heading: $(sed -n 2p "$TMP/sv.out")"
for args in "$M" "$M -s $S/local-cut-30.json" "$M -s $S/inflation-5.json" "$ROOT/models/district-craft-2021-2024"; do
  # shellcheck disable=SC2086
  run tot solve $args
  table=$(awk '/^All sources/ {print $NF}' "$TMP/tot.out")
  obj=$(grep -o "total spend [0-9.]*" "$TMP/tot.out" | awk '{print $3}')
  [ -n "$table" ] && [ "$table" = "$obj" ] || fail "$args: the table's total $table, the objective's $obj"
done

# sweep breakpoints in whole units
run sw sweep "$M" --vary sources.local.ceiling_scale=1:0.8:0.05
grep -qF "from 6,270 to 6,600 million VND of Khuyến công địa phương (KCĐP): every 330 million more funds one more mô hình of Mô hình trình diễn 2018-2020" \
  "$TMP/sw.out" || fail "sweep breakpoints: $(grep -m2 "million" "$TMP/sw.out")"
echo "ok: compare, solve and sweep in a planner's words"
