#!/usr/bin/env bash
# friction.sh — what a planner meets on the command line before any plan: a usage error says what is
# wrong in one line before the usage; an unknown option, command, key, column or id names the one
# most likely meant and lists the valid ones; a trailing comma in JSON is named as such; a folder of
# models lists the models in it; --help of every command lists its options, and the man page's
# synopsis carries every one of them.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

# expect NAME PATTERN ARGS...: exit 2 and the pattern in the first line of stderr
expect() {
  local name=$1 pat=$2
  shift 2
  run "$name" "$@"
  [ "$rc" = 2 ] || fail "$name: exit $rc, not 2: $(cat "$TMP/$name.err")"
  head -1 "$TMP/$name.err" | grep -q -- "$pat" || fail "$name: the first line '$(head -1 "$TMP/$name.err")' lacks '$pat'"
}

# usage errors: one line saying what is wrong, then the usage
for c in solve check gap compare sweep export proposal report init; do
  run u$c "$c"
  [ "$rc" = 2 ] || fail "$c without a model: exit $rc"
  head -1 "$TMP/u$c.err" | grep -q "^kcplan: $c needs" || fail "$c: first line '$(head -1 "$TMP/u$c.err")'"
  sed -n 2p "$TMP/u$c.err" | grep -q "^usage: kcplan $c" || fail "$c: the usage does not follow the message"
done
expect opt "unknown option '--ouy'; did you mean '--out'?" solve "$M" --ouy x
expect opt2 "unknown option '--yaer'; did you mean '--year'?" proposal "$M" --yaer 2019
expect optval "solve: --out needs a value" solve "$M" --out
expect cmd "unknown command 'slove'; did you mean 'solve'?" slove "$M"
sed -n 2p "$TMP/opt.err" | grep -q "^usage: kcplan solve" || fail "unknown option: no usage after the message"

# unknown keys and ids: the closest valid one, and the valid ones listed
printf '{\n  "sources": {"locl": {"ceiling_scale": 0.5}}\n}\n' >"$TMP/src.json"
expect src 'src.json:2:15: sources.locl: the model has no source "locl"; did you mean "local"? sources are: national, local' \
  check "$M" -s "$TMP/src.json"
printf '{"sources": {"local": {"ceilng_scale": 0.5}}}\n' >"$TMP/key.json"
expect key 'unknown key "ceilng_scale"; did you mean "ceiling_scale"? keys are: ceiling, ceiling_scale, annual_scale' \
  check "$M" -s "$TMP/key.json"
printf '{"activities": {"demo_modle": {"weight": 2}}}\n' >"$TMP/act.json"
expect act 'no activity "demo_modle"; did you mean "demo_model"? activities are: training, startup_class, demo_model' \
  check "$M" -s "$TMP/act.json"
printf '{"activities": {"demo_model": {"wieght": 2}}}\n' >"$TMP/col.json"
expect actkey 'unknown key "wieght"; did you mean "weight"?' check "$M" -s "$TMP/col.json"
printf '{"objective": {"source_preference": ["nationl", "local"]}}\n' >"$TMP/pref.json"
expect pref 'no source "nationl"; did you mean "national"?' check "$M" -s "$TMP/pref.json"
expect gapsrc 'no source "locl"; did you mean "local"? sources are: national, local' gap "$M" --source locl
cp -r "$M" "$TMP/m"
sed -i '1s/unit_cost/unit_cots/' "$TMP/m/activities.csv"
expect csvcol 'activities.csv:1:4: unknown column "unit_cots"; did you mean "unit_cost"?' check "$TMP/m"
cp -r "$M" "$TMP/m2"
sed -i 's/"first_year"/"frist_year"/' "$TMP/m2/program.json"
expect progkey 'unknown key "frist_year"; did you mean "first_year"?' check "$TMP/m2"

# a trailing comma in JSON, named where it is
printf '{\n  "name": "x",\n  "sources": {"local": {"ceiling_scale": 0.5},\n  }\n}\n' >"$TMP/comma.json"
expect comma 'comma.json:3:46: JSON syntax error: a trailing comma before' check "$M" -s "$TMP/comma.json"
printf '{"name": "x", "activities": {"demo_model": {"weight": 2}}, "sources": {"local": {"annual_scale": [1, 2,]}}}\n' \
  >"$TMP/comma2.json"
expect comma2 "a trailing comma before ']'" check "$M" -s "$TMP/comma2.json"
cp -r "$M" "$TMP/m3"
python3 - "$TMP/m3/program.json" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read().rstrip()
assert s.endswith("}")
open(p, "w", encoding="utf-8").write(s[:-1].rstrip() + ",\n}\n")
PY
expect comma3 "program.json:[0-9]*:[0-9]*: JSON syntax error: a trailing comma before '}'" check "$TMP/m3"

# a folder of models: the models inside it
expect models "models: not a model folder but a folder of models; give one of them: .*models/cantho-2017-2020, .*models/district-craft-2021-2024" \
  solve "$ROOT/models"
mkdir "$TMP/empty"
expect nomodel "not a model folder: it has no program.json" solve "$TMP/empty"

# --help lists every option; the man page's synopsis names each of them
for c in solve check gap compare sweep export proposal report init; do
  run h$c "$c" --help
  [ "$rc" = 0 ] || fail "$c --help: exit $rc"
  grep -q "^  -h, --help" "$TMP/h$c.out" || fail "$c --help lists no options"
  syn=$(awk -v c="$c" '$0 == ".B kcplan " c {on = 1; next} on && $0 == ".br" {exit} on' "$ROOT/docs/kcplan.1" | sed 's/\\-/-/g')
  [ -n "$syn" ] || fail "the man page's synopsis lacks kcplan $c"
  while read -r short long; do # "-s, --scenario": either form will do
    [ "$long" = --help ] && continue
    grep -qE -- "(^|[^-a-z])($long|${short:-$long})([^-a-z]|$)" <<<"$syn" ||
      fail "the man page's synopsis of $c lacks $long"
  done < <(grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' "$TMP/h$c.out" | sed -E 's/^ +//; s/^(-[a-zA-Z]), /\1 /; s/^(--)/ \1/')
done
echo "ok: usage errors, suggestions, trailing commas, model folders, --help and the man synopsis"
