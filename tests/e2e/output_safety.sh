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

after=$(cd "$M" && sha256sum *)
[ "$before" = "$after" ] || fail "an input file was modified"
echo "ok: output safety"
