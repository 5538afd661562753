#!/usr/bin/env python3
"""office_check.py — the proposal as a planner's spreadsheet shows it: LibreOffice Calc, headless.

    office_check.py KCPLAN MODEL YEAR [-s SCENARIO]...

The CSV for Excel (`--excel`) of each language is imported by LibreOffice under the regional
settings its readers have (Vietnamese: vi-VN, English: en-US), splitting fields at that setting's
list separator and, as LibreOffice does by default, at commas and semicolons both. Each import is
saved as a workbook, whose cells must be numbers (not text) equal to plan.csv's (the checks of
proposal_check.py).

The workbook (.xlsx) of each language is opened with recalculation forced: every formula's result
must equal the value cached in the file. Its row heights are then compared with the heights
LibreOffice itself finds the rows' texts need (the rows marked for optimal height and laid out
again): no row may be shorter, so no wrapped text spills over the rows below. Finally the workbook
is printed to PDF and the page rendered to an image (pdftoppm), which must show something.

Exit 1 on any difference. Needs the Debian packages libreoffice-calc-nogui, poppler-utils and
fonts-liberation (metric twins of Times New Roman and Arial, so text is laid out as on a planner's
machine) and fonts-crosextra-carlito (Calibri's, the unit of column widths)."""
import re
import xml.etree.ElementTree as ET
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proposal_check as pc  # noqa: E402

# LibreOffice's language codes (Windows LCIDs) and the list separators of each language's settings
LOCALES = {"vi": (1066, ";"), "en": (1033, ",")}


RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice(tmp, infilter, src, to, outdir):
    """Converts src with LibreOffice headless (its own profile in tmp, set to recalculate every
    formula of a file it opens); returns the new file."""
    prof = os.path.join(tmp, "profile")
    if not os.path.exists(prof):
        os.makedirs(os.path.join(prof, "user"))
        with open(os.path.join(prof, "user", "registrymodifications.xcu"), "w") as f:
            f.write(RECALC)
    cmd = ["soffice", "--headless", "-env:UserInstallation=file://" + prof,
           "--convert-to", to, "--outdir", outdir, src]
    if infilter:
        cmd[2:2] = ["--infilter=" + infilter]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + "." + to.split(":")[0])
    if r.returncode != 0 or not os.path.exists(out):
        raise AssertionError("soffice %s failed: %s" % (to, r.stderr.strip()))
    return out


def check_csv_imports(model, year, scen, tmp):
    """Imports each language's --excel CSV; returns a list of errors."""
    errors = []
    plan = pc.plan_rows(model, scen, tmp)
    names = pc.activities(model)
    summ = json.load(open(os.path.join(tmp, "solve", "summary.json")))
    sources = [s["id"] for s in summ["sources"]]
    ceilings = [s.get("ceiling") for s in summ["sources"]]
    sargs = sum([["-s", s] for s in scen], [])
    for lang, (lcid, sep) in LOCALES.items():
        csv_path = os.path.join(tmp, "proposal-%s.csv" % lang)
        r = subprocess.run([pc.KCPLAN, "proposal", model, "--year", str(year), "--lang", lang, "--excel",
                            "-o", csv_path] + sargs, capture_output=True, text=True)
        if r.returncode != 0:
            errors.append("%s: proposal exit %d: %s" % (lang, r.returncode, r.stderr.strip()))
            continue
        for seps in (sep, "44/59"):
            outdir = os.path.join(tmp, "%s-%d" % (lang, len(seps)))
            # tokens: separators, text delimiter ", UTF-8, from line 1, no column types, language
            infilter = "CSV:%s,34,76,1,,%d" % (str(ord(seps)) if len(seps) == 1 else seps, lcid)
            try:
                book = soffice(tmp, infilter, csv_path, "xlsx", outdir)
                rows, _ = pc.read_xlsx_rows(book, ours=False)
                err = pc.check_one("xlsx", lang, rows, plan, year, sources, names, ceilings)
            except (AssertionError, StopIteration, ValueError, IndexError) as e:
                err = str(e) or type(e).__name__
            if err:
                errors.append("%s CSV imported under LCID %d, separators %s: %s" % (lang, lcid, seps, err))
            else:
                print("ok: %s CSV imported under LCID %d, separators %s: numbers equal plan.csv's" % (lang, lcid, seps))
    return errors


NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"}


def q(tag):
    ns, name = tag.split(":")
    return "{%s}%s" % (NS[ns], name)


def fods_sheet(path):
    """The first sheet of a flat ODS file: (row heights in points, {(row, col): (formula, value)})."""
    root = ET.parse(path).getroot()
    heights = {}
    for st in root.iter(q("style:style")):
        props = st.find("style:table-row-properties", NS)
        if st.get(q("style:family")) == "table-row" and props is not None:
            h = props.get(q("style:row-height"))
            heights[st.get(q("style:name"))] = float(h[:-2]) * 72 if h.endswith("in") else float(h[:-2]) * 72 / 2.54
    table = next(root.iter(q("table:table")))
    rows, cells, r = [], {}, 0
    for row in table.iter(q("table:table-row")):
        n = int(row.get(q("table:number-rows-repeated"), "1"))
        h = heights[row.get(q("table:style-name"))]
        c = 0
        for cell in row:
            m = int(cell.get(q("table:number-columns-repeated"), "1"))
            f, v = cell.get(q("table:formula")), cell.get(q("office:value"))
            if f is not None:
                cells[(r, c)] = (f, float(v) if v is not None else None)
            c += m
        rows += [h] * min(n, 1000)
        r += n
    return rows, cells


def cached_values(book):
    """{(row, col): value cached in the workbook} of its formula cells."""
    import zipfile
    sheet = ET.fromstring(zipfile.ZipFile(book).read("xl/worksheets/sheet1.xml"))
    out = {}
    for c in sheet.iter("{%s}c" % pc.NS["m"]):
        f, v = c.find("m:f", pc.NS), c.find("m:v", pc.NS)
        if f is not None and v is not None:
            col, row = re.match(r"([A-Z]+)([0-9]+)", c.get("r")).groups()
            out[(int(row) - 1, pc.col_index(col))] = float(v.text)
    return out


def check_workbook(model, year, scen, lang, tmp):
    """The workbook recalculated, laid out and printed by LibreOffice; returns a list of errors."""
    work = os.path.join(tmp, "book-" + lang)
    os.makedirs(work)
    book = os.path.join(work, "proposal.xlsx")
    r = subprocess.run([pc.KCPLAN, "proposal", model, "--year", str(year), "--lang", lang, "-o", book] +
                       sum([["-s", s] for s in scen], []), capture_output=True, text=True)
    if r.returncode != 0:
        return ["%s workbook: proposal exit %d: %s" % (lang, r.returncode, r.stderr.strip())]
    errors = []
    # every formula recalculated by LibreOffice equals the value the file caches
    fods = soffice(tmp, None, book, "fods", os.path.join(work, "calc"))
    ours, cells = fods_sheet(fods)
    cached = cached_values(book)
    if len(cached) < 10:
        errors.append("%s workbook: only %d formulas" % (lang, len(cached)))
    for at, want in sorted(cached.items()):
        got = cells.get(at, (None, None))[1]
        if got is None or abs(got - want) > 1e-6 * max(1.0, abs(want)):
            errors.append("%s workbook: %s%d recalculates to %r, cached %r" % (lang, pc.xl_ref(0, at[1])[:-1], at[0] + 1,
                                                                               got, want))
    # no row shorter than LibreOffice's own optimal height for its texts
    text = open(fods, encoding="utf-8").read()
    opt = os.path.join(work, "optimal.fods")
    with open(opt, "w", encoding="utf-8") as f:
        f.write(text.replace('style:use-optimal-row-height="false"', 'style:use-optimal-row-height="true"'))
    need, _ = fods_sheet(soffice(tmp, None, opt, "fods", os.path.join(work, "laid")))
    used = 1 + max(r for r, _ in cached)
    for r in range(min(len(ours), len(need), used + 8)):
        if ours[r] + 0.3 < need[r]:
            errors.append("%s workbook: row %d is %.1f pt high, its text needs %.1f pt" % (lang, r + 1, ours[r], need[r]))
    # printed: a PDF whose first page, rendered, is not blank
    pdf = soffice(tmp, None, book, "pdf", os.path.join(work, "pdf"))
    if not open(pdf, "rb").read(5) == b"%PDF-":
        errors.append("%s workbook: the PDF is not a PDF" % lang)
    subprocess.run(["pdftoppm", "-gray", "-r", "50", "-f", "1", "-l", "1", pdf, os.path.join(work, "page")], check=True)
    pgm = open(next(os.path.join(work, f) for f in os.listdir(work) if f.startswith("page")), "rb").read()
    w, h, pixels = parse_pgm(pgm)
    dark = sum(1 for b in pixels if b < 128)
    if dark < w * h // 200:
        errors.append("%s workbook: the printed page is blank (%d dark pixels of %d)" % (lang, dark, w * h))
    if not errors:
        print("ok: %s workbook: %d formulas recalculated equal their cached values; %d rows as high as their "
              "texts need; printed page rendered (%d x %d, %d dark pixels)" % (lang, len(cached), used, w, h, dark))
    return errors


def parse_pgm(data):
    """Width, height and pixels of a binary PGM image (P5, 8 bits)."""
    fields, pos = [], 0
    while len(fields) < 4:
        m = re.compile(rb"\s*(#[^\n]*\n\s*)*(\S+)").match(data, pos)
        fields.append(m.group(2))
        pos = m.end()
    assert fields[0] == b"P5", "not a binary PGM"
    w, h = int(fields[1]), int(fields[2])
    return w, h, data[pos + 1:pos + 1 + w * h]


def main():
    pc.KCPLAN = sys.argv[1]
    model, year = sys.argv[2], int(sys.argv[3])
    scen = [sys.argv[i + 1] for i in range(4, len(sys.argv) - 1) if sys.argv[i] == "-s"]
    with tempfile.TemporaryDirectory() as tmp:
        errors = check_csv_imports(model, year, scen, tmp)
        for lang in ("vi", "en"):
            errors += check_workbook(model, year, scen, lang, tmp)
    for e in errors:
        print("FAIL " + e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
