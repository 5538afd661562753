#!/usr/bin/env python3
"""injection.py — text from a model never reaches a spreadsheet as a formula or a page as markup.

A copy of the Can Tho model gets names, units, groups, source names and a scenario name that begin
with =, +, -, @ (the OWASP CSV-injection shapes; tab and CR are refused in names). Every CSV a person may
open in a spreadsheet (the proposal as .csv, --excel and -o -, compare --format csv) is parsed back:
no text cell may start with one of those characters unless it is a plain number, and the
neutralised cells keep their text after the apostrophe. The workbook stores the same names as
strings (shared or inline), never as formulas. Names holding <script>, <img onerror> and
"<!--<script" reach neither the Markdown proposal nor the HTML report (its embedded sweep data
included) as markup.

  injection.py KCPLAN ROOT
"""
import csv, io, json, os, re, shutil, subprocess, sys, tempfile, zipfile

KC, ROOT = sys.argv[1], sys.argv[2]
HTML = [" <script>alert(1)</script>", " <img src=x onerror=alert(1)>", " <!--<script>", " </script><b>"]
# (a name cannot hold a tab or CR at all: refused on loading; kc_csv_text's handling of them is unit-tested)
EVIL = ["=HYPERLINK(\"http://x\",\"a\")", "+1+2", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def risky(cell):
    if not cell or cell[0] not in "=+-@\t\r":
        return False
    try:
        float(cell)
        return False
    except ValueError:
        return True


def check_csv(label, text):
    if text.startswith("\ufeff"):
        text = text[1:]
    seen = 0
    for row in csv.reader(io.StringIO(text, newline="")):
        for cell in row:
            if risky(cell):
                fail("%s: a formula reaches the spreadsheet: %r" % (label, cell))
            if cell.startswith("'") and risky(cell[1:]):
                seen += 1
    if seen == 0:
        fail("%s: none of the names made it into the file" % label)


def run(*args, **kw):
    p = subprocess.run([KC] + list(args), capture_output=True, **kw)
    if p.returncode != 0:
        fail("kcplan %s: exit %d: %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return p.stdout


tmp = tempfile.mkdtemp()
try:
    m = os.path.join(tmp, "m")
    shutil.copytree(os.path.join(ROOT, "models", "cantho-2017-2020"), m)
    with open(os.path.join(m, "activities.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0].keys())
    for i, r in enumerate(rows):
        r["name"] = EVIL[i % len(EVIL)] + " " + r["name"]
        r["unit"] = EVIL[(i + 1) % len(EVIL)]
        r["group"] = EVIL[(i + 2) % len(EVIL)] + " group"
        r["name"] += HTML[i % len(HTML)]
    with open(os.path.join(m, "activities.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    prog = json.load(open(os.path.join(m, "program.json"), encoding="utf-8"))
    prog["sources"][0]["name"] = "=1+1 (KCQG)"
    prog["sources"][1]["name"] = "@evil"
    json.dump(prog, open(os.path.join(m, "program.json"), "w", encoding="utf-8"), ensure_ascii=False)
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    for lang in ("vi", "en"):
        p = os.path.join(out, "p-%s.csv" % lang)
        run("proposal", m, "--year", "2019", "--lang", lang, "-o", p)
        check_csv("proposal " + lang, open(p, encoding="utf-8", newline="").read())
    p = os.path.join(out, "excel.csv")
    run("proposal", m, "--year", "2019", "--excel", "-o", p)
    check_csv("proposal --excel", open(p, encoding="utf-8", newline="").read())
    check_csv("proposal -o -", run("proposal", m, "--year", "2019", "-o", "-").decode())
    sc = os.path.join(tmp, "cut.json")
    json.dump({"name": "=HYPERLINK(\"http://x\",\"cut\")", "sources": {"local": {"ceiling_scale": 0.5}}},
              open(sc, "w"))
    check_csv("compare --format csv", run("compare", m, sc, "--format", "csv").decode())
    # the workbook: names are strings, and no formula cell holds anything but kcplan's own totals
    x = os.path.join(out, "p.xlsx")
    run("proposal", m, "--year", "2019", "-o", x)
    z = zipfile.ZipFile(x)
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    for f in re.findall(r"<f>([^<]*)</f>", sheet):
        if not re.fullmatch(r"[A-Z0-9:+\-*/(),. SUM]+", f):
            fail("workbook formula that kcplan did not write: %r" % f)
    strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    if "HYPERLINK" not in strings + sheet or "@evil" not in strings + sheet:
        fail("the names are not in the workbook as text")
    # the Markdown proposal and the HTML report: no markup from a name
    md = os.path.join(out, "p.md")
    run("proposal", m, "--year", "2019", "-o", md)
    text = open(md, encoding="utf-8").read()
    for bad in ("<script", "<img", "<!--", "</script", "<b>"):
        if bad in text:
            fail("the Markdown proposal passes %r through" % bad)
    if "&lt;script&gt;" not in text:
        fail("the Markdown proposal lost the names' text")
    rep = os.path.join(out, "r.html")
    run("report", m, "--sweep", "sources.local.ceiling_scale=1:0.5:0.25", "-o", rep)
    page = open(rep, encoding="utf-8").read()
    for bad in ("<script>alert", "<img src=x", "<!--<script", "</script><b>"):
        if bad in page:
            fail("the report passes %r through" % bad)
    data = re.search(r'<script type="application/json" id="sweep-data">(.*?)</script>', page, re.S)
    if not data or re.search(r"[<>&]", data.group(1)):
        fail("the report's sweep data holds raw < > or &")
    names = json.dumps(json.loads(data.group(1)), ensure_ascii=False)
    if "<img src=x onerror=alert(1)>" not in names:
        fail("the sweep data lost the names' text")
    print("ok: no name reaches a spreadsheet as a formula or a page as markup")
finally:
    shutil.rmtree(tmp)
