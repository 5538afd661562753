#!/usr/bin/env bash
# blocks.sh — the timing stage's block search on a model of two provinces (bench/gen_national.py,
# seed 1): it runs (two blocks, plans improved), the result is proven optimal, and every stage's
# optimum equals glpsol's on the exported stage; the same optima come out with a stage limit (when
# branch-and-bound may run first).
. "$(dirname "$0")/lib.sh"
model="$TMP/nat2"
python3 "$ROOT/bench/gen_national.py" "$model" 2 1 || fail "cannot generate the model"
mkdir "$TMP/out"
run s solve "$model" --stage-limit 0 --format json -o "$TMP/out"
[ "$rc" = 0 ] || fail "solve exited $rc: $(cat "$TMP/s.err")"
sum="$TMP/out/summary.json"
[ "$(json "$sum" .status)" = optimal ] || fail "status $(json "$sum" .status)"
[ "$(json "$sum" '.solver.stages[3].name')" = timing ] || fail "no timing stage"
[ "$(json "$sum" '.solver.stages[3].block_search.blocks')" = 2 ] || fail "block search: not 2 blocks"
[ "$(json "$sum" '.solver.stages[3].block_search.improvements')" -ge 1 ] || fail "block search improved nothing"
[ "$(json "$sum" '[.solver.stages[0,1,2] | has("block_search")] | any')" = false ] ||
  fail "block search outside the timing stage"
for i in 0 1 2 3; do
  stage=$(json "$sum" ".solver.stages[$i].name")
  want=$(json "$sum" ".solver.stages[$i].value")
  run e export "$model" --stage "$stage" --lp "$TMP/$stage.lp"
  [ "$rc" = 0 ] || fail "export --stage $stage exited $rc"
  # (glpsol removes its -o file before writing: never give it /dev/stdout or /dev/null)
  glpsol --lp "$TMP/$stage.lp" --tmlim 120 -o "$TMP/$stage.sol" >"$TMP/glpsol.log" 2>&1 || fail "glpsol failed"
  grep -q "INTEGER OPTIMAL" "$TMP/glpsol.log" || fail "glpsol did not prove stage $stage"
  got=$(awk '/^Objective:/ { print $4 }' "$TMP/$stage.sol")
  close "$want" "$got" 1e-6 || fail "stage $stage: kcplan $want, glpsol $got"
  echo "stage $stage: kcplan $want, glpsol $got"
done
run l solve "$model" --stage-limit 120 --format json
[ "$rc" = 0 ] || fail "solve with a stage limit exited $rc: $(cat "$TMP/l.err")"
for i in 0 1 2 3; do
  close "$(json "$sum" ".solver.stages[$i].value")" "$(json "$TMP/l.out" ".solver.stages[$i].value")" 1e-6 ||
    fail "stage $i differs with a stage limit"
done
# Eight provinces: the timing stage is not proven in 6 s; the best plan is kept, audited and written
# with its gap.
python3 "$ROOT/bench/gen_national.py" "$TMP/nat8" 8 1 || fail "cannot generate the model"
mkdir "$TMP/out8"
run b solve "$TMP/nat8" --stage-limit 6 --format json -o "$TMP/out8"
[ "$rc" = 4 ] || fail "8 provinces, stage limit 6 s: exit $rc, not 4: $(cat "$TMP/b.err")"
sum8="$TMP/out8/summary.json"
[ -s "$TMP/out8/plan.csv" ] || fail "no plan written"
# (the block search runs there only if branch-and-bound stalls for 1.5 s: it usually does)
[ "$(json "$sum8" '.solver.stages[3].block_search.blocks // 8')" = 8 ] || fail "block search: not 8 blocks"
[ "$(json "$sum8" '.solver.stages[3].optimal')" = false ] || fail "timing stage claimed optimal"
awk -v g="$(json "$sum8" .solver.gap)" 'BEGIN { exit !(g > 0 && g < 0.05) }' || fail "gap $(json "$sum8" .solver.gap)"
grep -q "relative gap" "$TMP/b.err" || fail "the limit is not reported"
echo "ok: block search on 2 provinces, optimal, equal to glpsol"
