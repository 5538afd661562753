#!/usr/bin/env bash
# cli.sh — the command line contract: help, version, usage errors, output folder checks, exit 3
# for an infeasible model, exit 4 with the best plan for a time limit, export errors.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

run v --version
[ "$rc" = 0 ] && grep -Eq '^kcplan [0-9]+\.[0-9]+\.[0-9]+ \(GLPK 5' "$TMP/v.out" || fail "--version: $(cat "$TMP/v.out")"
run h --help
[ "$rc" = 0 ] && grep -q "solve" "$TMP/h.out" && grep -q "Exit codes" "$TMP/h.out" || fail "--help"
for cmd in solve check export; do
  run h$cmd $cmd --help
  [ "$rc" = 0 ] && grep -q "usage: kcplan $cmd" "$TMP/h$cmd.out" || fail "$cmd --help"
done
run none
[ "$rc" = 2 ] || fail "no command: exit $rc"
run unk frobnicate "$M"
[ "$rc" = 2 ] && grep -q "unknown command 'frobnicate'" "$TMP/unk.err" || fail "unknown command: exit $rc"
run badopt solve "$M" --colour
[ "$rc" = 2 ] || fail "unknown option: exit $rc"
run fmt solve "$M" --format xml
[ "$rc" = 2 ] && grep -q -- "--format must be" "$TMP/fmt.err" || fail "bad --format: exit $rc"
run tl solve "$M" --time-limit -3
[ "$rc" = 2 ] || fail "negative --time-limit: exit $rc"
# standard output closed: the files are written whole and the run succeeds (the table goes nowhere)
mkdir "$TMP/closed" "$TMP/open"
"$KCPLAN" solve "$M" -o "$TMP/closed" >&- 2>"$TMP/closed.err" || fail "solve -o with stdout closed: exit $?"
"$KCPLAN" solve "$M" -o "$TMP/open" -q || fail "solve -o"
cmp -s "$TMP/closed/plan.csv" "$TMP/open/plan.csv" || fail "plan.csv differs with stdout closed"
[ ! -s "$TMP/closed.err" ] || fail "stdout closed: $(cat "$TMP/closed.err")"
# a long Vietnamese scenario name (370 bytes) is kept whole in summary.json and compare (was cut at
# 127 bytes, even inside a character)
long=$(printf 'Cắt giảm ngân sách địa phương %.0s' 1 2 3 4 5 6 7 8 9)hết
printf '{"name": "%s", "sources": {"local": {"ceiling_scale": 0.5}}}' "$long" >"$TMP/long.json"
mkdir "$TMP/longout"
"$KCPLAN" solve "$M" -s "$TMP/long.json" -o "$TMP/longout" -q || fail "solve with a long scenario name"
[ "$(jq -r '.scenarios[0].name' "$TMP/longout/summary.json")" = "$long" ] || fail "summary.json cut the scenario name"
[ "$("$KCPLAN" compare "$M" "$TMP/long.json" --format json | jq -r '.runs[1].name')" = "$long" ] ||
  fail "compare cut the scenario name"
run tl2 solve "$M" --time-limit 1e10 # the message says the real range
[ "$rc" = 2 ] && grep -q "greater than 0 and at most 1e7" "$TMP/tl2.err" || fail "--time-limit 1e10: $(cat "$TMP/tl2.err")"
for bad in 1/2x 2/2 -1/2 "1/ 2" 1 /2; do
  run sh sweep "$M" --vary sources.local.ceiling_scale=1:0.9:0.1 --shard "$bad"
  [ "$rc" = 2 ] && grep -q -- "--shard takes K/N" "$TMP/sh.err" || fail "--shard '$bad': exit $rc: $(cat "$TMP/sh.err")"
done
run tiny sweep "$M" --vary sources.local.ceiling=1:2:1e-300 # no 300-digit count
[ "$rc" = 2 ] && grep -q "too many points (1e+300); a sweep has at most 10 million" "$TMP/tiny.err" &&
  [ "$(wc -c <"$TMP/tiny.err")" -lt 200 ] || fail "a step of 1e-300: $(cat "$TMP/tiny.err")"
for bad in 0 -5 1.5 abc ""; do
  run tb solve "$M" --timing "$bad"
  [ "$rc" = 2 ] && grep -q -- "--timing takes a number of branch-and-bound nodes" "$TMP/tb.err" ||
    fail "--timing '$bad': exit $rc: $(cat "$TMP/tb.err")"
done
run sl solve "$M" --stage-limit 30
[ "$rc" = 2 ] && grep -q -- "--stage-limit (seconds) is gone" "$TMP/sl.err" || fail "--stage-limit: exit $rc"
run tx solve "$M" --timing exact --format json
[ "$rc" = 0 ] && [ "$(jq '[.solver.stages[].proven] | all' "$TMP/tx.out")" = true ] || fail "--timing exact: exit $rc"
run t1 solve "$M" --timing 1 --format json
[ "$rc" = 0 ] && [ "$(jq '.solver.stages[-1].nodes <= 1' "$TMP/t1.out")" = true ] || fail "--timing 1: exit $rc"
run nomodel solve "$TMP/nowhere"
[ "$rc" = 2 ] && grep -q "nowhere: not a model folder" "$TMP/nomodel.err" || fail "missing model: $(cat "$TMP/nomodel.err")"
run noout solve "$M" -o "$TMP/missing-dir/deeper" -q
[ "$rc" = 0 ] && [ -s "$TMP/missing-dir/deeper/plan.csv" ] || fail "a missing output folder is not made: exit $rc"
run badout solve "$TMP/nowhere" -o "$TMP/never"
[ "$rc" = 2 ] && [ ! -e "$TMP/never" ] || fail "an output folder was made for a run that failed: exit $rc"
touch "$TMP/plainfile"
run fileout solve "$M" -o "$TMP/plainfile/x"
[ "$rc" = 2 ] && grep -q "cannot make the output folder" "$TMP/fileout.err" || fail "output under a file: exit $rc"
for c in "sweep $M --vary sources.local.ceiling_scale=1:0.5:0.5 -o $TMP/made-sweep" \
  "report $M -o $TMP/made-report/r.html" "proposal $M --year 2018 -o $TMP/made-proposal/p.csv"; do
  # shellcheck disable=SC2086
  run made $c
  [ "$rc" = 0 ] && [ -n "$(ls -A "$TMP/made-${c%% *}")" ] || fail "$c: the missing output folder is not made: exit $rc"
done
mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" != 0 ]; then
  run ro solve "$M" -o "$TMP/ro"
  [ "$rc" = 2 ] || fail "read-only output folder: exit $rc"
fi
run check check "$M"
[ "$rc" = 0 ] && grep -q "valid model" "$TMP/check.out" || fail "check: $(cat "$TMP/check.err")"

# infeasible: committed units cost more than all the money → exit 3, one-line reason, summary only
cp -r "$M" "$TMP/inf"
sed -i 's/^demo_model,\(.*\),1,0,,1,0,0.3,/demo_model,\1,1,20,,1,0,0.3,/' "$TMP/inf/activities.csv"
grep -q ',1,20,,1,0,0.3,' "$TMP/inf/activities.csv" || fail "could not make the infeasible model"
mkdir "$TMP/infout"
run inf solve "$TMP/inf" -o "$TMP/infout"
[ "$rc" = 3 ] || fail "infeasible model: exit $rc: $(cat "$TMP/inf.err")"
grep -q "infeasible: committed units (min_per_year) cost 28000.000" "$TMP/inf.err" || fail "reason: $(cat "$TMP/inf.err")"
[ "$(jq -r .status "$TMP/infout/summary.json")" = infeasible ] || fail "summary.json status"
[ -e "$TMP/infout/plan.csv" ] && fail "a plan was written for an infeasible model"
run infx export "$TMP/inf" --stage 2 --lp "$TMP/inf.lp"
[ "$rc" = 3 ] || fail "export of a later stage of an infeasible model: exit $rc"
run infx1 export "$TMP/inf" --lp "$TMP/inf1.lp"
[ "$rc" = 0 ] && [ -s "$TMP/inf1.lp" ] || fail "export of stage 1 of an infeasible model: exit $rc"

# time limit: a hard synthetic model stops with the best plan (stage 1 starts from the committed
# minimum, so there always is one), exit 4, the kept plan's shortfall and the best possible reported
bash "$ROOT/tests/e2e/gen_model.sh" "$TMP/hard" 60 8 2
mkdir "$TMP/hardout"
run hard solve "$TMP/hard" --time-limit 1 -o "$TMP/hardout"
[ "$rc" = 4 ] || fail "time limit: exit $rc: $(cat "$TMP/hard.err")"
[ "$(jq -r .status "$TMP/hardout/summary.json")" = limit ] || fail "summary status is not limit"
if [ -e "$TMP/hardout/plan.csv" ]; then # (valgrind may spend the whole second before the first plan)
  grep -q "time limit reached in stage attainment; best plan kept, not proven optimal: its weighted shortfall" \
    "$TMP/hard.err" || fail "limit message: $(cat "$TMP/hard.err")"
  grep -q "and no plan can have less than" "$TMP/hard.err" || fail "no bound in the message: $(cat "$TMP/hard.err")"
  jq -e '.solver.gap > 0 and .solver.stages[0].proven == false and .solver.stages[0].bound <= .solver.stages[0].value' \
    "$TMP/hardout/summary.json" >/dev/null || fail "no gap or bound in summary.json"
else
  grep -q "time limit reached before any plan was found" "$TMP/hard.err" || fail "message: $(cat "$TMP/hard.err")"
fi
# with 3 s the committed-minimum plan stage 1 starts from is always there to keep
mkdir "$TMP/hardout3"
run hard3 solve "$TMP/hard" --time-limit 3 -o "$TMP/hardout3"
[ "$rc" = 4 ] && [ -s "$TMP/hardout3/plan.csv" ] || fail "time limit 3 s: exit $rc, no plan: $(cat "$TMP/hard3.err")"
secs=$(jq -r .solver.seconds "$TMP/hardout/summary.json")
awk -v s="$secs" 'BEGIN { exit !(s < 3) }' || fail "the time limit of 1 s took $secs s"

# legal but suspicious: warned about, solved, the activity gets nothing
cp -r "$ROOT/models/district-craft-2021-2024" "$TMP/warn"
sed -i '/^machinery,province/d; s/^machinery,national,1,0/machinery,national,0.5,0/' "$TMP/warn/eligibility.csv"
run warn solve "$TMP/warn" --format json
[ "$rc" = 0 ] || fail "a model with an unfundable activity: exit $rc"
grep -q "^kcplan: warning: $TMP/warn/eligibility.csv: machinery: the sources may pay at most 50%" "$TMP/warn.err" ||
  fail "no warning: $(cat "$TMP/warn.err")"
[ "$(jq '[.attainment[] | select(.activity == "machinery") | .planned] | add' "$TMP/warn.out")" = 0 ] ||
  fail "the unfundable activity got units"

# valid but unusual: byte-order marks, CRLF line ends, _note columns and keys give the same plan
D=$ROOT/models/district-craft-2021-2024
cp -r "$D" "$TMP/crlf"
for f in "$TMP"/crlf/*.csv; do
  { printf '\xEF\xBB\xBF'; sed 's/$/\r/' "$f"; } >"$f.new" && mv "$f.new" "$f"
done
sed -i '1s/\r$/,_note\r/; 2,$s/\r$/,"ghi chú, có dấu phẩy"\r/' "$TMP/crlf/activities.csv"
sed -i 's/"carry_over": false,/"carry_over": false, "_why": "notes are ignored",/' "$TMP/crlf/program.json"
run crlf solve "$TMP/crlf" --format csv
[ "$rc" = 0 ] || fail "BOM/CRLF/_note model: exit $rc: $(cat "$TMP/crlf.err")"
run orig solve "$D" --format csv
cmp -s "$TMP/crlf.out" "$TMP/orig.out" || fail "the BOM/CRLF/_note model gives another plan"

# export
run ex export "$M" --lp "$TMP/a.lp" --mps "$TMP/a.mps"
[ "$rc" = 2 ] || fail "export with both --lp and --mps: exit $rc"
run ex2 export "$M" --stage 9 --lp "$TMP/a.lp"
[ "$rc" = 2 ] || fail "export --stage 9: exit $rc"
run ex3 export "$M" --stage max_shortfall --lp "$TMP/a.lp"
[ "$rc" = 2 ] && grep -q "no max_shortfall stage" "$TMP/ex3.err" || fail "export of a stage the model lacks: exit $rc"
run ex4 export "$M" --lp "$TMP/lp-dir/a.lp"
[ "$rc" = 0 ] && [ -s "$TMP/lp-dir/a.lp" ] || fail "export into a missing folder: exit $rc"
run ex5 export "$M" --lp "$TMP/plainfile/a.lp"
[ "$rc" = 2 ] && grep -q "not a folder" "$TMP/ex5.err" || fail "export under a file: exit $rc"
# scenarios: applied left to right, recorded with their SHA-256; a bad one writes nothing
echo '{"name": "half", "sources": {"local": {"ceiling_scale": 0.5}}}' >"$TMP/half.json"
echo '{"name": "fixed", "sources": {"local": {"ceiling": 5000}}}' >"$TMP/fixed.json"
mkdir "$TMP/s12" "$TMP/s21"
run s12 solve "$M" -s "$TMP/half.json" -s "$TMP/fixed.json" -o "$TMP/s12" -q
run s21 solve "$M" -s "$TMP/fixed.json" -s "$TMP/half.json" -o "$TMP/s21" -q
[ "$(jq '.sources[1].ceiling' "$TMP/s12/summary.json")" = 5000 ] || fail "half then fixed: local ceiling is not 5000"
[ "$(jq '.sources[1].ceiling' "$TMP/s21/summary.json")" = 2500 ] || fail "fixed then half: local ceiling is not 2500"
[ "$(jq -r '[.scenarios[].name] | join(",")' "$TMP/s12/summary.json")" = half,fixed ] || fail "scenario names"
[ "$(jq -r '.scenarios[0].sha256' "$TMP/s12/summary.json")" = "$(sha256sum <"$TMP/half.json" | cut -d' ' -f1)" ] ||
  fail "scenario sha256"
printf '{\n  "activities": {\n    "demo_modle": {"weight": 2}\n  }\n}\n' >"$TMP/typo.json"
mkdir "$TMP/typo"
run typo solve "$M" -s "$TMP/typo.json" -o "$TMP/typo"
[ "$rc" = 2 ] || fail "a scenario naming an unknown activity: exit $rc"
grep -q "^kcplan: $TMP/typo.json:3:5: activities.demo_modle: the model has no activity \"demo_modle\"" "$TMP/typo.err" ||
  fail "unknown id message: $(cat "$TMP/typo.err")"
[ -z "$(ls -A "$TMP/typo")" ] || fail "output written after a scenario error"

# the README's worked example is the real output
awk '/prints \(real output\):/ { on = 1; next } on && /^```$/ { if (started) exit; started = 1; next } started' \
  "$ROOT/README.md" | sed 's/solved in [0-9.]* s/solved in S s/' >"$TMP/readme.txt"
run readme solve "$M"
sed 's/solved in [0-9.]* s/solved in S s/' "$TMP/readme.out" | diff "$TMP/readme.txt" - >"$TMP/readme.diff" ||
  fail "README's worked example differs from kcplan's output: $(head -5 "$TMP/readme.diff")"
echo "ok: cli"
