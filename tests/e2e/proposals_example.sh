#!/usr/bin/env bash
# proposals_example.sh — the shipped proposals example (examples/cantho-proposals) and the README
# section that shows it stay true: the example is the Can Tho model plus proposals.csv and
# round-2.json; the README's command prints every line the README shows and writes proposals.csv
# (funded and left out, each left-out one with its extra money); the figures of the text (12 models
# without proposals, the gap with and without --min-score, the proposals that switch in compare and
# sweep) are measured here; the proposal document lists a funded proposal under its activity; and
# the files the run wrote never include the model's proposals.csv (an input).
. "$(dirname "$0")/lib.sh"
E=examples/cantho-proposals
ct=models/cantho-2017-2020
cd "$TMP" && ln -s "$ROOT/models" models && ln -s "$ROOT/examples" examples && ln -s "$ROOT/scenarios" scenarios ||
  fail "cannot set up $TMP"
kcplan() { "$KCPLAN" "$@"; }
for f in program.json activities.csv targets.csv eligibility.csv annual_ceilings.csv; do
  cmp -s $ct/$f $E/$f || fail "$E/$f is not the Can Tho model's"
done

readme="$ROOT/README.md"
cmd=$(awk '/<!-- proposals-example:/ { on = 1; next } on && /^```sh/ { code = 1; next } code && /^```/ { exit } code { print }' "$readme")
[ -n "$cmd" ] || fail "the README has no proposals-example command"
shown=$(awk '/<!-- proposals-example:/ { on = 1; next } on && /^```$/ { n++; if (n == 2) { inb = 1; next } else if (n == 3) exit; next } inb { print }' "$readme")
[ "$(wc -l <<<"$shown")" -ge 7 ] || fail "the README's output block is missing"
eval "$cmd" >got.txt 2>&1 || fail "the README's command failed: $(cat got.txt)"
while IFS= read -r line; do
  [ -z "$line" ] && continue
  grep -qxF -- "$line" got.txt || fail "the README shows a line kcplan does not print: $line"
done <<<"$shown"
[ "$(json chon/summary.json .objective.merit)" = 172 ] || fail "merit is not 172"
# proposals.csv: six rows, two funded, every other with extra money and a reason
[ "$(awk -F, 'NR > 1' chon/proposals.csv | wc -l)" = 6 ] || fail "proposals.csv has not six rows"
python3 - chon/proposals.csv <<'PY' || fail "proposals.csv: see above"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
funded = sorted(r["id"] for r in rows if r["funded"] == "1")
assert funded == ["dm_rice_dryer", "pt_ninhkieu"], funded
for r in rows:
    if r["funded"] == "0":
        assert float(r["extra_needed"]) > 0 and "more would fund it" in r["reason"], r
        assert r["start_year"] == "" and float(r["cost"]) == 0, r
    else:
        assert r["reason"] == "" and r["extra_needed"] == "" and float(r["cost"]) > 0, r
PY
# without proposals the cut leaves 12 of the 18 models
kcplan solve $ct -s scenarios/local-cut-30.json >plain.txt || fail "the plain model failed"
grep -q "^Mô hình trình diễn       2018-2020         18        12         6" plain.txt || fail "the plain model does not reach 12"
prose=$(tr -s '\n ' '  ' <"$readme")
for phrase in "13 of the 18 demonstration models are reached instead of 12 without proposals" \
  "1,868.000 million more local money" "1,788.000 for the targets alone, 1,908.000 for all six" \
  "the catfish line funded once its cost falls below 375"; do
  grep -qF "$phrase" <<<"$prose" || fail "the README no longer says: $phrase"
done
# the gap, with and without --min-score
for want in ":1788" "70:1868" "0:1908"; do
  s=${want%%:*} v=${want#*:}
  got=$(kcplan gap $E -s scenarios/local-cut-30.json ${s:+--min-score $s} --format json | jq -r '.extra_total | round')
  [ "$got" = "$v" ] || fail "gap --min-score '$s': $got, not $v"
done
# compare and sweep name the proposals that switch
kcplan compare $E -s scenarios/local-cut-30.json $E/round-2.json >cmp.txt || fail "compare failed"
for p in dm_catfish dm_furniture pt_tra_noc pt_o_mon; do
  grep -q "^  funded  .*($p)$" cmp.txt || fail "compare does not list $p as funded in round 2: $(cat cmp.txt)"
done
kcplan sweep $E -s scenarios/local-cut-30.json --vary proposals.dm_catfish.cost=400:250:25 >sw.txt || fail "sweep failed"
grep -q "between 375 and 350: dm_catfish funded;" sw.txt || fail "the sweep does not fund the catfish line below 375: $(cat sw.txt)"
# the document lists a funded proposal under its activity, with its owner
kcplan proposal $E -s scenarios/local-cut-30.json --year 2018 --lang vi -o p.md || fail "proposal failed"
grep -q "^| 1.1 | Máy sấy lúa Cờ Đỏ | mô hình | 2 | .*đề án của HTX nông nghiệp Cờ Đỏ, điểm thẩm định 82" p.md ||
  fail "the proposal does not list the rice dryer under its activity: $(cat p.md)"
# an output folder holding the model's own proposals.csv is refused (it is an input)
cp -r "$ROOT/$E" own
run own solve own -o own
[ "$rc" = 2 ] || fail "-o into the model folder exited $rc"
grep -q "proposals.csv.*is one of this run's inputs" "$TMP/own.err" || fail "no refusal naming proposals.csv: $(cat "$TMP/own.err")"
echo "ok: the proposals example and the README agree"
