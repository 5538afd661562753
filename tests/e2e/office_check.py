#!/usr/bin/env python3
"""office_check.py — the proposal as a planner's spreadsheet reads it: LibreOffice Calc, headless.

    office_check.py KCPLAN MODEL YEAR [-s SCENARIO]...

The CSV for Excel (`--excel`) of each language is imported by LibreOffice under the regional
settings its readers have (Vietnamese: vi-VN, English: en-US), splitting fields at that setting's
list separator and, as LibreOffice does by default, at commas and semicolons both. Each import is
saved as a workbook, whose cells must be numbers (not text) equal to plan.csv's (the checks of
proposal_check.py). Exit 1 on any difference; needs `soffice` (Debian package libreoffice-calc)."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import proposal_check as pc  # noqa: E402

# LibreOffice's language codes (Windows LCIDs) and the list separators of each language's settings
LOCALES = {"vi": (1066, ";"), "en": (1033, ",")}


def soffice(tmp, infilter, src, to, outdir):
    """Converts src with LibreOffice headless (its own profile in tmp); returns the new file."""
    cmd = ["soffice", "--headless", "-env:UserInstallation=file://" + os.path.join(tmp, "profile"),
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
    import json
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


def main():
    pc.KCPLAN = sys.argv[1]
    model, year = sys.argv[2], int(sys.argv[3])
    scen = [sys.argv[i + 1] for i in range(4, len(sys.argv) - 1) if sys.argv[i] == "-s"]
    with tempfile.TemporaryDirectory() as tmp:
        errors = check_csv_imports(model, year, scen, tmp)
    for e in errors:
        print("FAIL " + e)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
