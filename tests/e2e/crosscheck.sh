#!/usr/bin/env bash
# crosscheck.sh MODEL — every stage kcplan solves, exported as CPLEX LP and free MPS, re-solved by
# glpsol (and stage 1 by CBC): the optimum must lie between the value and the bound kcplan reports
# (equal for stages proven to the last digit; timing stops within 1e-5 of its bound).
. "$(dirname "$0")/lib.sh"
model=$1
run s solve "$model" --format json
[ "$rc" = 0 ] || fail "solve exited $rc"
cp "$TMP/s.out" "$TMP/summary.json"
n=$(json "$TMP/summary.json" '.solver.stages | length')
for ((i = 0; i < n; i++)); do
  stage=$(json "$TMP/summary.json" ".solver.stages[$i].name")
  want=$(json "$TMP/summary.json" ".solver.stages[$i].value")
  bound=$(json "$TMP/summary.json" ".solver.stages[$i].bound")
  run e export "$model" --stage "$stage" --lp "$TMP/$stage.lp"
  [ "$rc" = 0 ] || fail "export --stage $stage exited $rc: $(cat "$TMP/e.err")"
  grep -q "x(" "$TMP/$stage.lp" || fail "$stage.lp has no named x( columns"
  glpsol --lp "$TMP/$stage.lp" -o "$TMP/$stage.sol" >"$TMP/glpsol.log" 2>&1 || fail "glpsol failed on $stage.lp"
  got=$(awk '/^Objective:/ { print $4 }' "$TMP/$stage.sol")
  between "$want" "$bound" "$got" || fail "stage $stage: kcplan $want (bound $bound), glpsol $got"
  run m export "$model" --stage "$stage" --mps "$TMP/$stage.mps"
  glpsol --freemps "$TMP/$stage.mps" -o "$TMP/$stage.msol" >/dev/null 2>&1 || fail "glpsol failed on $stage.mps"
  gotm=$(awk '/^Objective:/ { print $4 }' "$TMP/$stage.msol")
  # (glpsol removes its -o file before writing: never give it /dev/stdout or /dev/null)
  grep -q "(MAXimum)" "$TMP/$stage.sol" && gotm=$(awk -v v="$gotm" 'BEGIN { print -v }')
  between "$want" "$bound" "$gotm" || fail "stage $stage: kcplan $want (bound $bound), glpsol on MPS $gotm"
  echo "stage $stage: kcplan $want, glpsol LP $got, MPS $gotm"
done
if command -v cbc >/dev/null; then
  first=$(json "$TMP/summary.json" ".solver.stages[0].name")
  want=$(json "$TMP/summary.json" ".solver.stages[0].value")
  cbc "$TMP/$first.lp" ratioGap 1e-9 sec 60 solve >"$TMP/cbc.log" 2>&1
  got=$(awk '/^Objective value:/ { print $3 }' "$TMP/cbc.log")
  grep -q "^Result - Optimal solution found" "$TMP/cbc.log" || fail "CBC did not prove stage $first optimal"
  close "$want" "$got" 1e-6 || fail "stage $first: kcplan $want, CBC $got"
  echo "stage $first: CBC $got"
fi
echo "ok: $model"
