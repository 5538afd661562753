#!/usr/bin/env bash
# official_doc.sh — the budget proposal as an official document (Decree 30/2020/NĐ-CP) in .md, .html
# and .xlsx: the agency and number, the national motto, the place-and-date line, the title with the
# programme's Vietnamese name, the signature blocks with the signers from program.json; English
# blocks in an English proposal; none of it without the keys; --whole-millions; bad values refused.
. "$(dirname "$0")/lib.sh"
M=$ROOT/models/cantho-2017-2020
cp -r "$M" "$TMP/ct"
python3 - "$TMP/ct/program.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding="utf-8"))
d["signers"] = {"preparer": "Nguyễn Văn An", "head": "Trần Thị Bình", "head_title": "GIÁM ĐỐC"}
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY

# the text of a proposal in any of the three formats (a workbook's shared strings)
text_of() {
  case $1 in
  *.xlsx) python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("xl/sharedStrings.xml").decode())' "$1" ;;
  *) cat "$1" ;;
  esac
}
for ext in md html xlsx; do
  run vi$ext proposal "$TMP/ct" --year 2019 --lang vi --number 45/DT-SCT --date 2018-11-15 -o "$TMP/p.$ext"
  [ "$rc" = 0 ] || fail "proposal .$ext: exit $rc: $(cat "$TMP/vi$ext.err")"
  t=$(text_of "$TMP/p.$ext")
  for want in "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" "SỞ CÔNG THƯƠNG THÀNH PHỐ CẦN THƠ" "Số: 45/DT-SCT" \
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" "Cần Thơ, ngày 15 tháng 11 năm 2018" \
    "DỰ TOÁN KINH PHÍ KHUYẾN CÔNG NĂM 2019" "Chương trình khuyến công thành phố Cần Thơ giai đoạn 2017-2020" \
    "NGƯỜI LẬP BIỂU" "(Ký, ghi rõ họ tên)" "GIÁM ĐỐC" "(Ký, ghi rõ họ tên, đóng dấu)" "Nguyễn Văn An" "Trần Thị Bình"; do
    grep -qF -- "$want" <<<"$t" || fail ".$ext lacks '$want'"
  done
  # the motto comes before the title, the signatures after the footer
  python3 - "$TMP/p.$ext" <<'PY' || fail ".$ext: the blocks are out of order"
import sys, zipfile
p = sys.argv[1]
t = zipfile.ZipFile(p).read("xl/worksheets/sheet1.xml").decode() if p.endswith(".xlsx") else open(p, encoding="utf-8").read()
if p.endswith(".xlsx"):  # the rows of the shared strings, in sheet order
    import re
    ss = re.findall(r"<si>(.*?)</si>", zipfile.ZipFile(p).read("xl/sharedStrings.xml").decode(), re.S)
    t = " ".join(re.sub("<[^>]+>", "", ss[int(i)]) for i in re.findall(r'<c [^>]*t="s"[^>]*><v>(\d+)</v>', t))
t = t[t.find("<body>"):] if p.endswith(".html") else t
order = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "DỰ TOÁN KINH PHÍ", "TỔNG CỘNG", "NGƯỜI LẬP BIỂU", "Trần Thị Bình"]
pos = [t.find(w) for w in order]
assert all(x >= 0 for x in pos) and pos == sorted(pos), pos
PY
done
# English: the same blocks in English, the English name
run en proposal "$TMP/ct" --year 2019 --date 2018-11-15 --lang en -o "$TMP/en.html"
for want in "SOCIALIST REPUBLIC OF VIET NAM" "Independence - Freedom - Happiness" "Cần Thơ, November 15, 2018" \
  "Can Tho industrial promotion programme 2017-2020" "PREPARED BY" "No.: ......../........"; do
  grep -qF -- "$want" "$TMP/en.html" || fail "English proposal lacks '$want'"
done
# without the keys: the motto and blank signature blocks, no agency or number line
cp -r "$ROOT/models/district-craft-2021-2024" "$TMP/dc"
run plain proposal "$TMP/dc" --year 2022 --lang vi -o "$TMP/dc.md"
grep -qF "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$TMP/dc.md" && grep -qF ".........., ngày ..... tháng ..... năm ......" "$TMP/dc.md" &&
  grep -qF "THỦ TRƯỞNG ĐƠN VỊ" "$TMP/dc.md" || fail "the document blocks without program.json's keys"
grep -qF "Số:" "$TMP/dc.md" && fail "a number line without an agency"

# --whole-millions: whole numbers everywhere, the workbook's money formatted so
run whole proposal "$TMP/ct" --year 2019 --lang vi --whole-millions -o "$TMP/w.csv"
python3 - "$TMP/w.csv" <<'PY' || fail "--whole-millions: CSV money with decimals"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
head = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
end = next(i for i, r in enumerate(rows) if i > head and not r)
money = [c for r in rows[head + 1:end] for c in r[4:8]]
assert money and all(c.lstrip("-").isdigit() for c in money), money
PY
grep -q "^1,Đào tạo nghề,người,27,70,0,70,0," "$TMP/w.csv" || fail "--whole-millions: 70.2 is not 70"
run wholex proposal "$TMP/ct" --year 2019 --lang vi --whole-millions -o "$TMP/w.xlsx"
python3 -c 'import sys, zipfile; s = zipfile.ZipFile(sys.argv[1]).read("xl/styles.xml").decode(); sys.exit(0 if "formatCode=\"#,##0\"" in s and "#,##0.000" not in s else 1)' \
  "$TMP/w.xlsx" || fail "--whole-millions: the workbook's money format"

# bad values: exit 2, nothing written
mkdir "$TMP/out"
for bad in '"signers": {"preparer": 5}' '"agency": "line\nbreak"' '"signers": {"boss": "x"}' '"place": ["Cần Thơ"]'; do
  cp -r "$M" "$TMP/bad"
  python3 - "$TMP/bad/program.json" "$bad" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace("{", "{" + sys.argv[2] + ",", 1))
PY
  run bad proposal "$TMP/bad" --year 2019 -o "$TMP/out/p.md"
  [ "$rc" = 2 ] && grep -q "program.json:[0-9]*:[0-9]*:" "$TMP/bad.err" || fail "program.json with $bad: exit $rc: $(cat "$TMP/bad.err")"
  rm -rf "$TMP/bad"
done
run baddate proposal "$M" --year 2019 --date 15/11/2018 -o "$TMP/out/p.md"
[ "$rc" = 2 ] && grep -q "YYYY-MM-DD" "$TMP/baddate.err" || fail "--date 15/11/2018: exit $rc"
[ -z "$(ls -A "$TMP/out")" ] || fail "something was written for bad input"
echo "ok: the proposal as an official document in md, html and xlsx; English; whole millions; bad values refused"
