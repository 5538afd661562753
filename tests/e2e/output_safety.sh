#!/usr/bin/env bash
# output_safety.sh — outputs that cannot be written: a full device (a file-size limit, a full tmpfs
# where mounting is allowed, /dev/full as standard output) gives exit 2, a message and no file, not
# even a temporary one; a path that is not a regular file is never replaced; inputs are unchanged.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020
before=$(cd "$M" && sha256sum *)

# a device that fills up: writes fail with EFBIG past 1 KB (SIGXFSZ ignored, as a full disk fails)
limited() ( # NAME ARGS...: kcplan with a 1 KB file-size limit
  name=$1
  shift
  trap '' XFSZ
  ulimit -f 1
  "$KCPLAN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
)
for what in solve proposal_xlsx proposal_csv report sweep; do
  out="$TMP/full-$what"
  mkdir "$out"
  case $what in
  solve) limited $what solve "$M" -o "$out" -q ;;
  proposal_xlsx) limited $what proposal "$M" --year 2019 -o "$out/p.xlsx" ;;
  proposal_csv) limited $what proposal "$M" --year 2019 -o "$out/p.csv" ;;
  report) limited $what report "$M" -o "$out/r.html" ;;
  sweep) limited $what sweep "$M" --vary sources.local.ceiling_scale=1:0.8:0.1 -o "$out" ;;
  esac
  rc=$?
  [ "$rc" = 2 ] || fail "$what on a full device: exit $rc: $(cat "$TMP/$what.err")"
  grep -q "cannot write" "$TMP/$what.err" || fail "$what: no message: $(cat "$TMP/$what.err")"
  # one line in kcplan's words: no library's own error lines (libxlsxwriter prints "[ERROR] ...")
  [ "$(wc -l <"$TMP/$what.err")" = 1 ] && ! grep -q "ERROR\]" "$TMP/$what.err" ||
    fail "$what on a full device printed more than kcplan's message: $(cat "$TMP/$what.err")"
  [ -z "$(ls -A "$out")" ] || fail "$what left files on a full device: $(ls -A "$out")"
done

# a really full file system, where this machine lets us mount one
mkdir "$TMP/tmpfs"
if mount -t tmpfs -o size=4k tmpfs "$TMP/tmpfs" 2>/dev/null; then
  head -c 4096 /dev/zero >"$TMP/tmpfs/filler" 2>/dev/null
  run tmpfs solve "$M" -o "$TMP/tmpfs" -q
  ls_after=$(ls -A "$TMP/tmpfs")
  umount "$TMP/tmpfs"
  [ "$rc" = 2 ] || fail "solve into a full tmpfs: exit $rc: $(cat "$TMP/tmpfs.err")"
  [ "$ls_after" = filler ] || fail "files left on the full tmpfs: $ls_after"
  echo "ok: a full tmpfs"
else
  echo "note: mounting a tmpfs is not allowed here; the file-size limit above stands for a full device"
fi

# standard output on /dev/full
"$KCPLAN" solve "$M" >/dev/full 2>"$TMP/devfull.err"
rc=$?
[ "$rc" = 2 ] && grep -q "error writing to standard output" "$TMP/devfull.err" || fail "stdout on /dev/full: exit $rc"
"$KCPLAN" proposal "$M" --year 2019 -o - >/dev/full 2>"$TMP/devfull2.err"
[ $? = 2 ] || fail "proposal -o - on /dev/full"

# never rename over something that is not a regular file
mkdir -p "$TMP/dir.csv"
run notreg proposal "$M" --year 2019 -o "$TMP/dir.csv"
[ "$rc" = 2 ] && grep -q "not a regular file" "$TMP/notreg.err" || fail "a folder as the output file: exit $rc"
[ -d "$TMP/dir.csv" ] || fail "the folder was replaced"
mkfifo "$TMP/fifo.html"
run fifo report "$M" -o "$TMP/fifo.html"
[ "$rc" = 2 ] && [ -p "$TMP/fifo.html" ] || fail "a FIFO as the report: exit $rc"
[ -z "$(ls -A "$TMP" | grep "\.tmp")" ] || fail "temporary files left: $(ls -A "$TMP" | grep "\.tmp")"

# an output that names one of the run's inputs, by name, hard link or symlink, for every command
# that writes a file: refused (exit 2), nothing written, the input unchanged
C=$TMP/copy
cp -r "$M" "$C"
cp "$ROOT/scenarios/inflation-5.json" "$C/sc.json"
cp "$C/sc.json" "$C/sc.html"
echo '{}' >"$C/summary.json"
ln "$C/targets.csv" "$TMP/hard.csv"
ln -s "$C/eligibility.csv" "$TMP/sym.lp"
copy_before=$(cd "$C" && sha256sum *)
n=0
while IFS='|' read -r what args; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  run "input$n" $args
  [ "$rc" = 2 ] && grep -q "is one of this run's inputs" "$TMP/input$n.err" ||
    fail "$what: an output onto an input: exit $rc: $(cat "$TMP/input$n.err")"
done <<EOF
proposal csv|proposal $C --year 2019 -o $C/activities.csv
proposal xlsx over a hard link|proposal $C --year 2019 -o $TMP/hard.csv
export lp over a scenario|export $C -s $C/sc.json --lp $C/sc.json
export mps|export $C --mps $C/targets.csv
gap lp over a symlink|gap $C --lp $TMP/sym.lp
solve -o with a scenario named summary.json|solve $C -s $C/summary.json -o $C -q
report (a scenario named .html)|report $C -s $C/sc.html -o $C/sc.html
EOF
[ "$(cd "$C" && sha256sum *)" = "$copy_before" ] || fail "an input was replaced"
[ -z "$(ls -A "$C" "$TMP" | grep "\.tmp")" ] || fail "temporary files left beside the inputs"
echo "ok: no output replaces an input"

# outputs follow the umask; a file replaced keeps its mode
U=$TMP/umask
mkdir "$U"
(umask 077 && "$KCPLAN" solve "$M" -o "$U" -q) || fail "solve under umask 077"
[ "$(stat -c %a "$U/plan.csv")" = 600 ] || fail "umask 077: plan.csv is $(stat -c %a "$U/plan.csv")"
chmod 640 "$U/plan.csv"
"$KCPLAN" solve "$M" -o "$U" -q || fail "solve again"
[ "$(stat -c %a "$U/plan.csv")" = 640 ] || fail "a replaced plan.csv became $(stat -c %a "$U/plan.csv")"
(umask 022 && "$KCPLAN" proposal "$M" --year 2019 -o "$U/p.xlsx") || fail "proposal xlsx"
[ "$(stat -c %a "$U/p.xlsx")" = 644 ] || fail "umask 022: p.xlsx is $(stat -c %a "$U/p.xlsx")"
echo "ok: umask and kept modes"

# a FIFO (or any file that is not a regular file) as an input is refused at once, never waited on
F=$TMP/fifo-model
cp -r "$M" "$F"
rm "$F/targets.csv"
mkfifo "$F/targets.csv" "$TMP/scenario-fifo.json"
for args in "solve $F" "check $F" "solve $M -s $TMP/scenario-fifo.json"; do
  # shellcheck disable=SC2086
  timeout 10 "$KCPLAN" $args >/dev/null 2>"$TMP/fifo-in.err"
  rc=$?
  [ "$rc" = 2 ] && grep -q "not a regular file" "$TMP/fifo-in.err" || fail "a FIFO input ($args): exit $rc"
done
echo "ok: FIFO inputs"

# two runs publishing into one folder: each takes an exclusive flock on it for its renames, so a run
# waits while another holds it (here flock(1) holds it for 3 s) and the folder never mixes two runs
L=$TMP/locked
mkdir "$L"
flock "$L" sleep 3 &
holder=$!
sleep 0.5
"$KCPLAN" solve "$M" -o "$L" -q &
runner=$!
sleep 1.5
[ -e "$L/plan.csv" ] && fail "solve published while another process held the folder's lock"
wait "$runner" || fail "solve into the locked folder failed"
wait "$holder"
[ -e "$L/plan.csv" ] && [ -e "$L/summary.json" ] || fail "solve did not publish after the lock was released"
echo "ok: publishing waits for the folder's lock"

# temporary files a killed run left (its process is gone) are removed by the next run into that
# folder; a live process's are left alone
S=$TMP/stale
mkdir -p "$S/p.xlsx.tmp-999998-AbC123"
touch "$S/plan.csv.tmp-999999-xYz789" "$S/p.xlsx.tmp-999998-AbC123/out" "$S/summary.json.tmp-$$-LiVe42" \
  "$S/notes.tmp-12-abc"
"$KCPLAN" solve "$M" -o "$S" -q || fail "solve into a folder with stale temporaries"
[ -e "$S/plan.csv.tmp-999999-xYz789" ] || [ -e "$S/p.xlsx.tmp-999998-AbC123" ] && fail "stale temporaries left: $(ls -A "$S")"
[ -e "$S/summary.json.tmp-$$-LiVe42" ] || fail "a live process's temporary file was removed"
[ -e "$S/notes.tmp-12-abc" ] || fail "a file not named like kcplan's temporaries was removed"
echo "ok: stale temporaries removed"

after=$(cd "$M" && sha256sum *)
[ "$before" = "$after" ] || fail "an input file was modified"
echo "ok: output safety"
