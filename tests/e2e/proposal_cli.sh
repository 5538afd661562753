#!/usr/bin/env bash
# proposal_cli.sh — the command line of `kcplan proposal` and `kcplan report`: usage errors (exit 2,
# nothing written), an infeasible model (exit 3, nothing written), a time limit (exit 4, the best
# plan's proposal written and marked as not proven), stdout CSV, scenario names in the heading.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

for cmd in proposal report; do
  run h$cmd $cmd --help
  [ "$rc" = 0 ] && grep -q "usage: kcplan $cmd" "$TMP/h$cmd.out" || fail "$cmd --help"
done
expect2() { # NAME PATTERN ARGS...: exit 2, the message, no file left in $TMP/out
  local name=$1 pat=$2
  shift 2
  run "$name" "$@"
  [ "$rc" = 2 ] || fail "$name: exit $rc, not 2: $(cat "$TMP/$name.err")"
  grep -q -- "$pat" "$TMP/$name.err" || fail "$name: message '$(cat "$TMP/$name.err")' lacks '$pat'"
  [ -z "$(ls -A "$TMP/out")" ] || fail "$name: something was written: $(ls "$TMP/out")"
}
mkdir "$TMP/out"
expect2 noyear "needs --year" proposal "$M" -o "$TMP/out/p.csv"
expect2 badyear "takes a year" proposal "$M" --year 20x9 -o "$TMP/out/p.csv"
expect2 outyear "outside the model's horizon 2017-2020" proposal "$M" --year 2021 -o "$TMP/out/p.csv"
expect2 noout "needs -o" proposal "$M" --year 2019
expect2 ext "must end in .csv, .md, .html or .xlsx" proposal "$M" --year 2019 -o "$TMP/out/p.pdf"
expect2 lang "takes vi or en" proposal "$M" --year 2019 --lang fr -o "$TMP/out/p.csv"
expect2 excel "applies to .csv output only" proposal "$M" --year 2019 --excel -o "$TMP/out/p.md"
touch "$TMP/plain"
expect2 nodir "not a folder" proposal "$M" --year 2019 -o "$TMP/plain/p.xlsx"
expect2 badscen "not a regular file\|cannot read\|No such" proposal "$M" --year 2019 -s "$TMP/nope.json" -o "$TMP/out/p.csv"
expect2 rnoout "needs -o FILE.html" report "$M"
expect2 rext "needs -o FILE.html" report "$M" -o "$TMP/out/r.pdf"
expect2 rsweep "not a numeric field" report "$M" --sweep sources.nope.ceiling=1:2:1 -o "$TMP/out/r.html"
expect2 rbig "at most 5001" report "$M" --sweep sources.local.ceiling_scale=0:1:0.0001 -o "$TMP/out/r.html"
expect2 rlang "takes vi or en" report "$M" --lang de -o "$TMP/out/r.html"

# CSV to standard output; the scenario's name in the heading
cat >"$TMP/cut.json" <<'JSON'
{"name": "local-cut-20", "sources": {"local": {"ceiling_scale": 0.8}}}
JSON
run stdout proposal "$M" --year 2018 --lang en -s "$TMP/cut.json" -o -
[ "$rc" = 0 ] || fail "proposal -o -: exit $rc"
grep -q "^Scenarios: local-cut-20$" "$TMP/stdout.out" || fail "the heading does not name the scenario"
grep -q "^No.,Content,Unit,Quantity,Total cost,KCQG,KCĐP,Counterpart,Notes$" "$TMP/stdout.out" || fail "CSV header"

# infeasible: exit 3, explained, nothing written
cp -r "$M" "$TMP/inf"
sed -i 's/^demo_model,\(.*\),1,0,,1,0,0.3,/demo_model,\1,1,20,,1,0,0.3,/' "$TMP/inf/activities.csv"
run inf proposal "$TMP/inf" --year 2019 -o "$TMP/out/p.xlsx"
[ "$rc" = 3 ] && grep -q "infeasible" "$TMP/inf.err" || fail "infeasible proposal: exit $rc"
run rinf report "$TMP/inf" -o "$TMP/out/r.html"
[ "$rc" = 3 ] || fail "infeasible report: exit $rc"
[ -z "$(ls -A "$TMP/out")" ] || fail "files written for an infeasible model: $(ls "$TMP/out")"

# a time limit: the best plan's proposal is written, exit 4, the heading says it is not proven
bash "$ROOT/tests/e2e/gen_model.sh" "$TMP/hard" 60 8 2
run hard proposal "$TMP/hard" --year 2022 --lang en --time-limit 1 -o "$TMP/out/hard.md"
if [ "$rc" = 4 ] && [ -e "$TMP/out/hard.md" ]; then
  grep -q "not proven optimal (relative gap" "$TMP/out/hard.md" || fail "the limited proposal is not marked"
else
  [ "$rc" = 4 ] || fail "time-limited proposal: exit $rc: $(cat "$TMP/hard.err")"
fi
# no plan at all within the time: exit 4, said so, nothing written
run noplan proposal "$TMP/hard" --year 2022 --time-limit 0.001 -o "$TMP/out/none.xlsx"
[ "$rc" = 4 ] || fail "no plan in time: exit $rc: $(cat "$TMP/noplan.err")"
if [ ! -e "$TMP/out/none.xlsx" ]; then
  grep -q "time limit reached before any plan was found" "$TMP/noplan.err" || fail "no plan: $(cat "$TMP/noplan.err")"
  [ "$(wc -l <"$TMP/noplan.err")" = 1 ] || fail "no plan: more than one line: $(cat "$TMP/noplan.err")"
fi
echo "ok: proposal and report command line"
