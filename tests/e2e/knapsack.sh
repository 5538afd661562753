#!/usr/bin/env bash
# knapsack.sh — proposals whose optimum is known independently: Petersen's seven 0-1 multidimensional
# knapsack instances (OR-Library mknap1, published optima) written as proposals of one activity
# without targets (bench/mkp.py --proposals): each item a proposal starting in the first year, its
# costs per constraint its payments per year, the capacities the annual ceilings. kcplan's merit
# stage must equal the published optimum, and the proposals it funds (proposals.csv) must fit every
# constraint of the original instance and add up to that optimum.
. "$(dirname "$0")/lib.sh"
python3 "$ROOT/bench/mkp.py" --proposals convert "$ROOT/bench/data/mknap1.txt" "$TMP" pet- || fail "mkp.py failed"
for k in 1 2 3 4 5 6 7; do
  d="$TMP/pet-$k"
  mkdir "$d/out"
  run solve$k solve "$d" -o "$d/out" -q
  [ "$rc" = 0 ] || fail "pet-$k: kcplan exited $rc: $(cat "$TMP/solve$k.err")"
  python3 - "$ROOT/bench/data/mknap1.txt" "$k" "$d/out" <<'PY' || fail "pet-$k: see above"
import csv, json, sys
tok = open(sys.argv[1]).read().split()
pos = 1
for inst in range(int(sys.argv[2])):
    n, m, opt = int(tok[pos]), int(tok[pos + 1]), float(tok[pos + 2])
    pos += 3
    p = [float(v) for v in tok[pos:pos + n]]
    pos += n
    r = [[float(v) for v in tok[pos + i * n:pos + (i + 1) * n]] for i in range(m)]
    pos += m * n
    b = [float(v) for v in tok[pos:pos + m]]
    pos += m
out = sys.argv[3]
summary = json.load(open(out + "/summary.json"))
rows = list(csv.DictReader(open(out + "/proposals.csv")))
chosen = [int(row["id"][1:]) - 1 for row in rows if row["funded"] == "1"]
value = sum(p[j] for j in chosen)
merit = summary["objective"]["merit"]
errors = []
if abs(merit - opt) > 1e-6 * opt:
    errors.append("merit %r, published optimum %r" % (merit, opt))
if abs(value - opt) > 1e-6 * opt:
    errors.append("the funded proposals are worth %r, not %r" % (value, opt))
for i in range(m):
    used = sum(r[i][j] for j in chosen)
    if used > b[i]:
        errors.append("constraint %d: %r used of %r" % (i + 1, used, b[i]))
if summary["objective"]["weighted_shortfall"] != 0 or summary["status"] != "optimal":
    errors.append("status %s, weighted shortfall %r" % (summary["status"], summary["objective"]["weighted_shortfall"]))
if errors:
    sys.exit("pet-%s (%dx%d): %s" % (sys.argv[2], n, m, "; ".join(errors)))
print("ok: pet-%s (%d items, %d constraints): optimum %g, %d funded" % (sys.argv[2], n, m, opt, len(chosen)))
PY
done

# A harder instance (Chu & Beasley's recipe, 100 items, 5 constraints, tightness 0.25) whose proof
# takes GLPK far more than the merit stage's counted budget: exit 4, the best selection kept with
# its bound and gap, the later stages solved keeping it; --merit 1 stops sooner, never better.
python3 "$ROOT/bench/mkp.py" --proposals generate "$TMP/cb" 100 5 0.25 1 || fail "mkp.py generate failed"
for budget in "" 1; do
  out="$TMP/cb-out$budget"
  mkdir "$out"
  run cb$budget solve "$TMP/cb" ${budget:+--merit $budget} -o "$out" -q
  [ "$rc" = 4 ] || fail "cb --merit '$budget': exit $rc, not 4: $(cat "$TMP/cb$budget.err")"
  grep -q "the merit stage's budget (--merit, [0-9]* nodes searched) ran out" "$TMP/cb$budget.err" ||
    fail "cb: no note of the merit budget: $(cat "$TMP/cb$budget.err")"
  jq -e '.status == "limit" and ([.solver.stages[] | select(.name == "merit")][0] | .proven == false and .gap > 0
    and .bound >= .value) and ([.solver.stages[] | select(.name == "spend")][0].proven)' "$out/summary.json" >/dev/null ||
    fail "cb --merit '$budget': summary.json: $(jq -c '[.status, .solver.stages]' "$out/summary.json")"
  [ -s "$out/proposals.csv" ] && [ -s "$out/plan.csv" ] || fail "cb: the plan was not written"
  nodes=$(jq '[.solver.stages[] | select(.name == "merit")][0].nodes' "$out/summary.json")
  # the budget (default 3000) counts every step's nodes; each step searches at least one
  [ "$nodes" -ge "${budget:-3000}" ] && [ "$nodes" -le "$((${budget:-3000} + 2))" ] ||
    fail "cb --merit '$budget': the merit stage searched $nodes nodes"
done
[ "$(jq .objective.merit "$TMP/cb-out1/summary.json")" -le "$(jq .objective.merit "$TMP/cb-out/summary.json")" ] ||
  fail "cb: a smaller merit budget found a better selection"
echo "ok: cb 100x5: the merit budget stops with the best selection, its bound and gap (exit 4)"
