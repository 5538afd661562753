#!/usr/bin/env python3
"""report_check.py — checks `kcplan report` end to end on a model folder (or a random model never
seen before), then renders it in headless Chromium (render_check.py).

    report_check.py KCPLAN MODEL [-s SCENARIO]... [--sweep SPEC] [--lang vi|en] [--png OUT]
    report_check.py KCPLAN --random SEED [--sweep SPEC] [--lang vi|en]

Checks: the page is self-contained (no external script, style, image or link); its plan table's
yearly totals equal plan.csv's; its headline spend equals summary.json's; with --sweep, the
embedded points equal `kcplan sweep`'s sweep.csv (status and spend per source at every value) and
the slider shows a plan at each point; the page renders (not blank) with no console error."""
import csv
import html.parser
import json
import os
import random
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import proposal_check  # noqa: E402
import spec_check  # noqa: E402


def number(text, lang):
    t = text.strip()
    t = t.replace(".", "").replace(",", ".") if lang == "vi" else t.replace(",", "")
    return float(t)


class PlanTable(html.parser.HTMLParser):
    """The cells of the table with id="plan", and the embedded sweep JSON."""

    def __init__(self):
        super().__init__()
        self.in_plan, self.rows, self.cell, self.data_on, self.data = False, [], None, False, ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id") == "plan":
            self.in_plan = True
        elif self.in_plan and tag == "tr":
            self.rows.append([])
        elif self.in_plan and tag in ("td", "th"):
            self.cell = ""
        elif tag == "script" and a.get("id") == "sweep-data":
            self.data_on = True

    def handle_endtag(self, tag):
        if tag == "table":
            self.in_plan = False
        elif self.in_plan and tag in ("td", "th"):
            self.rows[-1].append(self.cell.strip())
            self.cell = None
        elif tag == "script":
            self.data_on = False

    def handle_data(self, d):
        if self.cell is not None:
            self.cell += d
        if self.data_on:
            self.data += d


def fail(msg):
    print("FAIL " + msg)
    sys.exit(1)


def main():
    kcplan, args = sys.argv[1], sys.argv[2:]
    scen, sweep, lang, png, seed = [], None, "en", None, None
    model = None
    i = 0
    while i < len(args):
        if args[i] in ("-s", "--sweep", "--lang", "--png", "--random"):
            v = args[i + 1]
            if args[i] == "-s":
                scen.append(v)
            elif args[i] == "--sweep":
                sweep = v
            elif args[i] == "--lang":
                lang = v
            elif args[i] == "--png":
                png = v
            else:
                seed = int(v)
            i += 2
        else:
            model = args[i]
            i += 1
    tmp = tempfile.mkdtemp(prefix="kcplan-report-")
    if seed is not None:  # a random model with a plan, never seen before
        rng = random.Random(seed)
        for k in range(50):
            model = os.path.join(tmp, "m%d" % k)
            spec_check.random_model(rng, model, 6)
            proposal_check.decorate(rng, model)
            r = subprocess.run([kcplan, "solve", model], capture_output=True)
            if r.returncode == 0:
                break
        else:
            fail("no random model with a plan")
    sargs = sum([["-s", s] for s in scen], [])
    page = os.path.join(tmp, "report.html")
    cmd = [kcplan, "report", model, "--lang", lang, "-o", page] + sargs + (["--sweep", sweep] if sweep else [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s: exit %d: %s" % (" ".join(cmd), r.returncode, r.stderr))
    text = open(page, encoding="utf-8").read()
    for bad in ("<script src", "<link", "src=\"http", "href=\"http", "@import", "url(http"):
        if bad in text:
            fail("%s: not self-contained: %s" % (page, bad))
    if "@media print" not in text:
        fail("%s: no print CSS" % page)
    out = os.path.join(tmp, "solve")
    os.makedirs(out)
    subprocess.run([kcplan, "solve", model, "-o", out, "-q"] + sargs, check=False)
    plan = list(csv.DictReader(open(os.path.join(out, "plan.csv"))))
    summary = json.load(open(os.path.join(out, "summary.json")))
    p = PlanTable()
    p.feed(text)
    head, total = p.rows[0], p.rows[-1]
    years = [int(y) for y in head[1:-1]]
    for k, y in enumerate(years):
        want = sum(float(x["cost"]) for x in plan if int(x["year"]) == y)
        if abs(number(total[1 + k], lang) - want) > 1e-3:
            fail("plan table total %d: %s, plan.csv %.3f" % (y, total[1 + k], want))
    spend = summary["objective"]["total_spend"]
    shown = re.search(r'<div class="v">([0-9.,]+)</div><div class="l">(Total spend|Tổng kinh phí sử dụng)', text)
    if not shown or abs(number(shown.group(1), lang) - spend) > 1e-3:
        fail("headline spend %r, summary.json %r" % (shown and shown.group(1), spend))
    slider = False
    if sweep:
        data = json.loads(p.data)
        sdir = os.path.join(tmp, "sweep")
        os.makedirs(sdir)
        subprocess.run([kcplan, "sweep", model, "--vary", sweep, "-o", sdir, "--format", "csv"] + sargs,
                       capture_output=True, check=True)
        rows = list(csv.DictReader(open(os.path.join(sdir, "sweep.csv"))))
        if len(rows) != len(data["points"]):
            fail("the report holds %d sweep points, kcplan sweep %d" % (len(data["points"]), len(rows)))
        srcs = [s["id"] for s in summary["sources"]]
        for row, pt in zip(rows, data["points"]):
            if abs(float(row["value"]) - pt["value"]) > 1e-9 or row["status"] != pt["status"]:
                fail("sweep point %s: %s/%s in sweep.csv, %s/%s in the report" % (row["index"], row["value"],
                                                                                  row["status"], pt["value"], pt["status"]))
            if "spend" in pt:
                for k, s in enumerate(srcs):
                    if abs(float(row["spend_" + s]) - pt["spend"][k]) > 1e-3:
                        fail("sweep point %s: spend %s %s vs %s" % (row["index"], s, row["spend_" + s], pt["spend"][k]))
                if abs(sum(pt["money"]) - sum(pt["spend"])) > 1e-2:
                    fail("sweep point %s: the plan's money does not add up to the spend" % row["index"])
        slider = True
    # the proposal's HTML of the first year renders too
    prop = os.path.join(tmp, "proposal.html")
    first = json.load(open(os.path.join(model, "program.json"), encoding="utf-8-sig"))["first_year"]
    subprocess.run([kcplan, "proposal", model, "--year", str(first), "--lang", lang, "-o", prop] + sargs, check=True)
    cmd = ["python3", os.path.join(HERE, "render_check.py"), page] + (["--slider"] if slider else []) + \
          (["--png", png] if png else []) + [prop]
    r = subprocess.run(cmd)
    if r.returncode != 0:
        sys.exit(r.returncode)
    subprocess.run(["rm", "-rf", tmp])
    print("ok: report of %s%s%s" % (model if seed is None else "random model (seed %d)" % seed,
                                    " with a sweep" if sweep else "", " (%s)" % lang))


if __name__ == "__main__":
    main()
