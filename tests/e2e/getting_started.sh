#!/usr/bin/env bash
# getting_started.sh — a new planner's first steps: `kcplan init DIR` writes a template model (every
# file, a _ghi_chu note column explaining each column in Vietnamese and English) that checks and
# solves as written and is never written over a planner's files; bash and zsh complete commands,
# options and their values; `cmake --install` puts both completions where the shells look.
. "$(dirname "$0")/lib.sh"

# init: every file, notes on every column, valid and solvable as written
run init init "$TMP/new/model"
[ "$rc" = 0 ] || fail "init: exit $rc: $(cat "$TMP/init.err")"
grep -q "kcplan check $TMP/new/model" "$TMP/init.out" || fail "init does not say what to do next"
for f in program.json activities.csv targets.csv eligibility.csv annual_ceilings.csv proposals.csv; do
  [ -s "$TMP/new/model/$f" ] || fail "init wrote no $f"
done
python3 - "$TMP/new/model" <<'PY' || fail "the template's notes"
import csv, json, os, sys
d = sys.argv[1]
for f in ("activities.csv", "targets.csv", "eligibility.csv", "annual_ceilings.csv", "proposals.csv"):
    rows = list(csv.reader(open(os.path.join(d, f), encoding="utf-8")))
    head, first = rows[0], rows[1]
    assert head[-1] == "_ghi_chu", "%s has no _ghi_chu column" % f
    note = first[-1]
    for col in head[:-1]:  # each column explained in the first row's note
        assert col in note, "%s: the note does not explain %s" % (f, col)
    assert any(ord(ch) > 0x1EA0 for ch in note) and " / " in note, "%s: the note is not in Vietnamese and English" % f
prog = json.load(open(os.path.join(d, "program.json"), encoding="utf-8"))
assert any(k.startswith("_ghi_chu") for k in prog), "program.json has no _ghi_chu note"
PY
run check check "$TMP/new/model"
[ "$rc" = 0 ] || fail "the template does not check: $(cat "$TMP/check.err")"
run solve solve "$TMP/new/model" --format json
[ "$rc" = 0 ] && [ "$(jq -r .status "$TMP/solve.out")" = optimal ] || fail "the template does not solve: exit $rc"
# never over a planner's files
echo "changed" >>"$TMP/new/model/targets.csv"
sum=$(cat "$TMP/new/model"/* | sha256sum)
run again init "$TMP/new/model"
[ "$rc" = 2 ] && grep -q "already there" "$TMP/again.err" || fail "init over a model: exit $rc"
[ "$(cat "$TMP/new/model"/* | sha256sum)" = "$sum" ] || fail "init changed a planner's files"
touch "$TMP/plain"
run file init "$TMP/plain/m"
[ "$rc" = 2 ] || fail "init under a file: exit $rc"

# bash completion: commands, options from --help, option values
# shellcheck disable=SC1091
. "$ROOT/completion/kcplan.bash"
complete_bash() { # WORDS...: the completions of the last word
  COMP_WORDS=("$KCPLAN" "$@")
  COMP_CWORD=$#
  COMPREPLY=()
  _kcplan
  echo "${COMPREPLY[*]}"
}
[ "$(complete_bash so)" = solve ] || fail "bash: 'so' completes to '$(complete_bash so)'"
[ "$(complete_bash in)" = init ] || fail "bash: 'in' completes to '$(complete_bash in)'"
[[ " $(complete_bash solve --ou) " == *" --out "* ]] || fail "bash: solve --ou: '$(complete_bash solve --ou)'"
[[ " $(complete_bash proposal --ex) " == *" --excel "* ]] || fail "bash: proposal --ex"
[ "$(complete_bash report --lang "")" = "vi en" ] || fail "bash: --lang values: '$(complete_bash report --lang "")'"
(cd "$ROOT" && [[ " $(complete_bash solve mod) " == *" models "* ]]) || fail "bash: a MODEL folder"

# zsh completion, with the completion system's functions replaced by ones that print their words
command -v zsh >/dev/null || fail "zsh is missing (apt-get install zsh)"
zsh -n "$ROOT/completion/_kcplan" || fail "zsh: _kcplan does not parse"
complete_zsh() { # WORDS...: what _kcplan offers for the last word
  zsh -f -c '
    _describe() { local -a a; a=("${(@P)2}"); print -r -- "${a[@]%%:*}"; }
    compadd() { [[ $1 == -a ]] && print -r -- "${(@P)2}" || print -r -- "$@"; }
    _files() { print -r -- "(files $*)"; }
    words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}
    source "'"$ROOT"'/completion/_kcplan"' zsh "$KCPLAN" "$@"
}
[[ " $(complete_zsh so) " == *" solve "* ]] || fail "zsh: commands: '$(complete_zsh so)'"
[[ "$(complete_zsh solve --o)" == *--out* ]] || fail "zsh: solve options: '$(complete_zsh solve --o)'"
[ "$(complete_zsh proposal --lang "")" = "vi en" ] || fail "zsh: --lang values: '$(complete_zsh proposal --lang "")'"

# cmake --install carries both completions
if [ -n "${KC_BUILD:-}" ]; then
  cmake --install "$KC_BUILD" --prefix "$TMP/inst" >/dev/null || fail "cmake --install"
  [ -s "$TMP/inst/share/bash-completion/completions/kcplan" ] || fail "no bash completion installed"
  [ -s "$TMP/inst/share/zsh/vendor-completions/_kcplan" ] || fail "no zsh completion installed"
fi
echo "ok: init writes a template that checks and solves; bash and zsh complete; both are installed"
