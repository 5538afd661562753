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
# between A B V [R]: V lies between A and B (either order), within R (default 1e-6) relative
between() {
  awk -v a="$1" -v b="$2" -v v="$3" -v r="${4:-1e-6}" 'BEGIN {
    lo = a < b ? a : b; hi = a < b ? b : a; m = 1; if (v > m) m = v; if (-v > m) m = -v;
    exit !(v >= lo - r * m && v <= hi + r * m) }'
}
close() {
  awk -v a="$1" -v b="$2" -v r="${3:-1e-6}" 'BEGIN {
    d = a - b; if (d < 0) d = -d; m = 1; if (a > m) m = a; if (-a > m) m = -a; if (b > m) m = b; if (-b > m) m = -b;
    exit !(d <= r * m) }'
}
