# lib.sh — shared helpers for the end-to-end tests (sourced). Each test runs the built kcplan.
set -u
KCPLAN=${KCPLAN:?set KCPLAN to the built kcplan}
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
TMP=$(mktemp -d /tmp/kcplan-e2e-XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run NAME ARGS...: runs kcplan, keeping stdout in $TMP/NAME.out, stderr in $TMP/NAME.err, exit in $rc.
run() {
  local name=$1
  shift
  "$KCPLAN" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
  rc=$?
}

# json FILE FILTER: one value from a JSON file.
json() { jq -r "$2" "$1"; }

# close A B [REL]: |A - B| <= REL * max(1, |A|, |B|)
close() {
  awk -v a="$1" -v b="$2" -v r="${3:-1e-6}" 'BEGIN {
    d = a - b; if (d < 0) d = -d; m = 1; if (a > m) m = a; if (-a > m) m = -a; if (b > m) m = b; if (-b > m) m = -b;
    exit !(d <= r * m) }'
}
