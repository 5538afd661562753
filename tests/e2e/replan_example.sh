#!/usr/bin/env bash
# replan_example.sh — the shipped re-plan (examples/cantho-replan-2019) and the README section that
# shows it stay true: the approved plan is the model's own plan, the actuals are its 2017-2018 rows
# with the two edits the README names, the README's command prints every line the README shows,
# its figures (37 units and 1,485.8 million moved with the baseline, 243 units and 2,705.8 without)
# are measured here, and the proposal row and the compare sentence are what kcplan writes.
. "$(dirname "$0")/lib.sh"
E=examples/cantho-replan-2019
ct=models/cantho-2017-2020
cd "$TMP" && ln -s "$ROOT/models" models && ln -s "$ROOT/examples" examples || fail "cannot set up $TMP"
kcplan() { "$KCPLAN" "$@"; }

# the approved plan is plan.csv of the model as shipped; the actuals are its first years, edited
mkdir out
kcplan solve $ct -q -o out || fail "the plain solve failed"
cmp -s out/plan.csv $E/approved-plan.csv || fail "approved-plan.csv is not the model's plan: $(diff out/plan.csv $E/approved-plan.csv)"
awk -F, 'NR == 1 || $1 <= 2018' out/plan.csv |
  sed -e 's/^2018,training,233,605.800,0.000,605.800,0.000$/2018,training,200,520.000,0.000,520.000,0.000/' \
    -e 's/^2018,demo_model,11,3850.000,3505.800,344.200,8983.333$/2018,demo_model,12,4200.000,3505.800,694.200,9800.000/' |
  cmp -s - $E/actuals.csv || fail "actuals.csv is not the plan's 2017-2018 with 200 trainees and 12 demonstration models in 2018"

# the README's command, run as written, and every line of the output it shows
readme="$ROOT/README.md"
cmd=$(awk '/<!-- replan-example:/ { on = 1; next } on && /^```sh/ { code = 1; next } code && /^```/ { exit } code { print }' "$readme")
[ -n "$cmd" ] || fail "the README has no replan-example command"
shown=$(awk '/<!-- replan-example:/ { on = 1; next } on && /^```$/ { n++; if (n == 2) { inb = 1; next } else if (n == 3) exit; next } inb { print }' "$readme")
[ "$(wc -l <<<"$shown")" -ge 15 ] || fail "the README's output block is missing"
eval "$cmd" >got.txt 2>&1 || fail "the README's command failed: $(cat got.txt)"
while IFS= read -r line; do
  [ -z "$line" ] && continue
  grep -qxF -- "$line" got.txt || fail "the README shows a line kcplan does not print: $line"
done <<<"$shown"

# the figures of the text
[ "$(json replan/summary.json .objective.stability)" = 37 ] || fail "stability is not 37"
close "$(json replan/summary.json .objective.stability_money)" 1485.8 1e-6 || fail "stability_money is not 1485.8"
[ "$(wc -l <replan/changes.csv)" = 5 ] || fail "changes.csv does not hold the four changed cells"
mkdir free
kcplan solve $ct --actuals $E/actuals.csv -s $E/local-cut-30-from-2019.json -q -o free 2>/dev/null || fail "re-plan without baseline"
moved=$(awk -F, 'FNR == 1 { next } $1 >= 2019 { k = $1 "," $2; u[k] += (FILENAME ~ /free/ ? 1 : -1) * $3;
    n[k] += (FILENAME ~ /free/ ? 1 : -1) * $5; l[k] += (FILENAME ~ /free/ ? 1 : -1) * $6 }
  END { for (k in u) { U += u[k] < 0 ? -u[k] : u[k]; M += (n[k] < 0 ? -n[k] : n[k]) + (l[k] < 0 ? -l[k] : l[k]) }
    printf "%d %.1f", U, M }' $E/approved-plan.csv free/plan.csv)
[ "$moved" = "243 2705.8" ] || fail "without the baseline the re-plan moves $moved, not 243 units and 2705.8"
prose=$(tr -s '\n ' '  ' <"$readme")
grep -qF "changes 243 units and moves 2,705.8 million" <<<"$prose" || fail "the README's no-baseline figures changed"
grep -qF "37 units and 1,485.8 million moved" <<<"$prose" || fail "the README's baseline figures changed"

# the proposal row the README shows, and the compare sentence
kcplan proposal $ct --year 2019 --lang vi --actuals $E/actuals.csv -s $E/local-cut-30-from-2019.json --baseline $E/approved-plan.csv \
  -o p.md 2>/dev/null || fail "the proposal failed"
for pat in '^| STT | Nội dung | ĐVT | Thực hiện 2017' '^| 1 | Mô hình trình diễn |'; do
  row=$(grep -m1 -- "$pat" "$readme" | sed 's/[][\.*^$]/\\&/g')
  [ -n "$row" ] || fail "the README has no proposal row $pat"
  grep -qx -- "$row" p.md || fail "the proposal has not the README's row: $(grep -m1 -- "$pat" "$readme")"
done
kcplan compare $ct --actuals $E/actuals.csv --baseline $E/approved-plan.csv $E/local-cut-30-from-2019.json >cmp.txt 2>/dev/null ||
  fail "compare failed"
awk '/without the compared scenarios:$/ { on = 1; next } /^Changes against/ { on = 0 } on' cmp.txt |
  grep -q "Mô hình trình diễn 2019: 7 → 6 mô hình" || fail "without the cut the 2019 demonstration models are not 7 → 6: $(cat cmp.txt)"
awk '/with local-cut-30-from-2019:$/ { on = 1; next } on' cmp.txt | grep -q "Mô hình trình diễn 2019: 7 → 3 mô hình" ||
  fail "with the cut the 2019 demonstration models are not 7 → 3"
echo "ok: the shipped re-plan and its README section agree with kcplan"
