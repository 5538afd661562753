#!/usr/bin/env bash
# i18n.sh — one language setting for everything, through GNU gettext: every message marked for
# translation has its Vietnamese one (xgettext over the sources against po/vi.po); LANG=vi_VN.UTF-8
# gives Vietnamese headings, words and numbers (18.438,000) whether or not that locale is installed,
# and --lang overrides the environment; the proposal follows the same setting; files meant for
# programs are byte-identical in every language.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020

# every marked message translated, and the catalogue well-formed
xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --no-location -o "$TMP/kcplan.pot" "$ROOT"/solver/*/*.c ||
  fail "xgettext"
msgcmp "$ROOT/po/vi.po" "$TMP/kcplan.pot" 2>"$TMP/msgcmp.err" || fail "messages without a translation: $(cat "$TMP/msgcmp.err")"
msgfmt --check --statistics -o /dev/null "$ROOT/po/vi.po" 2>"$TMP/stat" || fail "msgfmt --check"
grep -q "untranslated\|fuzzy" "$TMP/stat" && fail "po/vi.po: $(cat "$TMP/stat")"

# LANG picks Vietnamese; --lang overrides it either way
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" -s "$ROOT/scenarios/local-cut-30.json" >"$TMP/vi.out" 2>&1 || fail "solve in Vietnamese"
for want in "Chương trình khuyến công thành phố Cần Thơ giai đoạn 2017-2020" "Kịch bản áp dụng: local-cut-30" \
  "Trạng thái: tối ưu" "Hoạt động" "Nguồn vốn" "Mọi nguồn" "16.338,000" "Mục tiêu tối ưu (đạt theo trọng số)" \
  "tổng chi 16.338,000"; do
  grep -qF -- "$want" "$TMP/vi.out" || fail "Vietnamese solve lacks '$want'"
done
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" --lang en >"$TMP/en.out" 2>&1
grep -q "^Status: optimal" "$TMP/en.out" && grep -q "total spend 18438.000" "$TMP/en.out" || fail "--lang en under LANG=vi"
LANG=C "$KCPLAN" solve "$M" --lang vi >"$TMP/vi2.out" 2>&1
grep -q "^Trạng thái: tối ưu" "$TMP/vi2.out" || fail "--lang vi under LANG=C"
# messages, suggestions included
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" --ouy x 2>"$TMP/opt.err"
head -1 "$TMP/opt.err" | grep -qF "solve: không có tùy chọn '--ouy'; có phải ý bạn là '--out'?" ||
  fail "Vietnamese option message: $(head -1 "$TMP/opt.err")"
LANG=vi_VN.UTF-8 "$KCPLAN" slove 2>"$TMP/cmd.err"
head -1 "$TMP/cmd.err" | grep -qF "không có lệnh 'slove'; có phải ý bạn là 'solve'?" || fail "Vietnamese command message"
# the proposal follows the one setting
LANG=vi_VN.UTF-8 "$KCPLAN" proposal "$M" --year 2018 -o - >"$TMP/pvi.csv" || fail "proposal under LANG=vi"
grep -q "^STT,Nội dung" "$TMP/pvi.csv" || fail "the proposal under LANG=vi is not Vietnamese"
"$KCPLAN" proposal "$M" --year 2018 -o - >"$TMP/pen.csv" || fail "proposal"
grep -q "^No.,Content" "$TMP/pen.csv" || fail "the proposal under LANG=C.UTF-8 is not English"
# files for programs do not change with the language
LANG=vi_VN.UTF-8 "$KCPLAN" solve "$M" -q -o "$TMP/ovi" && "$KCPLAN" solve "$M" -q -o "$TMP/oen" || fail "solve -o"
for f in plan.csv disbursement.csv attainment.csv; do
  cmp -s "$TMP/ovi/$f" "$TMP/oen/$f" || fail "$f differs between the languages"
done
diff <(jq 'del(.solver.seconds, .solver.stages[].seconds)' "$TMP/ovi/summary.json") \
  <(jq 'del(.solver.seconds, .solver.stages[].seconds)' "$TMP/oen/summary.json") >/dev/null || fail "summary.json differs"
echo "ok: one language setting; every marked message translated; program files identical"
