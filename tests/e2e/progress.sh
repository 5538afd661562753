#!/usr/bin/env bash
# progress.sh — long runs say how far they are, also when stderr is not a terminal: a sweep says up
# front how many points, then (from its first points on) how many are done and about how long is
# left; a solve's line says in words what its stage is doing, the time elapsed and how far its node
# budget has gone. Progress goes to stderr only: stdout and the files are those of a quiet run.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

run sw sweep "$M" --vary sources.local.ceiling_scale=1:0:0.01 --progress
[ "$rc" = 0 ] || fail "sweep: exit $rc"
head -1 "$TMP/sw.err" | grep -q "^kcplan: sweep: 101 points of sources.local.ceiling_scale on 1 thread$" ||
  fail "the sweep does not say up front how many points: $(head -1 "$TMP/sw.err")"
grep -qE "^kcplan: [0-9]+:[0-9]{2} sweep: [0-9]+ of 101 points, about [0-9]+:[0-9]{2} left$" "$TMP/sw.err" ||
  fail "no line with the points done and the time left: $(cat "$TMP/sw.err")"
grep -qE "^kcplan: [0-9]+:[0-9]{2} sweep: 101 of 101 points$" "$TMP/sw.err" || fail "no last line"
run swq sweep "$M" --vary sources.local.ceiling_scale=1:0:0.01
cmp -s <(tail -n +2 "$TMP/sw.out") <(tail -n +2 "$TMP/swq.out") || fail "--progress changed the sweep's output (its first line: the time taken)"

# a solve of several seconds (200 proposals): lines in words, every second with --progress
python3 "$ROOT/bench/gen_proposals.py" "$TMP/p200" 200 34 1 >/dev/null || fail "gen_proposals.py"
run pr solve "$TMP/p200" --progress --format csv
[ "$rc" = 0 ] || [ "$rc" = 4 ] || fail "solve: exit $rc"
grep -qE "^kcplan: [0-9]+:[0-9]{2} merit stage: choosing among the submitted proposals; node [0-9,]+ of at most [0-9,]+(, about [0-9]+:[0-9]{2} left at most)?; best so far [0-9,.]+, within [0-9.e+-]+% of the best possible$" \
  "$TMP/pr.err" || fail "no progress line in words: $(cat "$TMP/pr.err")"
run prq solve "$TMP/p200" --format csv -q
cmp -s "$TMP/pr.out" "$TMP/prq.out" || fail "--progress changed the plan printed"
grep -q "stage:" "$TMP/prq.err" && fail "-q still prints progress"
echo "ok: sweep and solve progress on a non-terminal stderr"
