#!/usr/bin/env python3
"""proposal_check.py — checks `kcplan proposal` in every format and both languages against the plan.

    proposal_check.py KCPLAN MODEL [-s SCENARIO]...   the model, every year of its horizon
    proposal_check.py KCPLAN --random N SEED          N random models never seen before (with
                                                      groups and names full of , " < & |)
    --quick (first argument after KCPLAN): only the horizon's middle year (for slow valgrind runs)

Every proposal is read back (CSV with the csv module, Markdown and HTML by their tables, the
workbook by unzipping it and evaluating its formulas here, independently of the values cached in
it) and compared with plan.csv of `kcplan solve` on the same inputs: each item's units, money per
source and counterpart; each group row the sum of its items; the grand total the year's totals;
the footer's proposed, cumulative and remaining money. With actuals (the model folder's
actuals.csv, or --actuals FILE) the closed years before the year are executed columns (thực hiện)
whose units and cost are plan.csv's rows of those years; with --baseline PLAN.csv an item is marked
adjusted (điều chỉnh) in its note exactly when its cell differs from the approved plan's. Exit 1 on
any difference.

    proposal_check.py KCPLAN MODEL [-s SCENARIO]... [--actuals FILE] [--baseline PLAN.csv]"""
import csv
import html.parser
import io
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_check  # noqa: E402  (its random model generator)

ROMAN = re.compile(r"^[IVXLCDM]+$")
QUICK = False


def number(text, lang):
    """A number as the proposal writes it in lang (18.500,5 or 18,500.5), or plain (CSV)."""
    t = text.strip().replace("\u2212", "-")
    if lang == "vi":
        t = t.replace(".", "").replace(",", ".")
    elif lang == "en":
        t = t.replace(",", "")
    return float(t)


# ---------- readers: every format becomes a list of rows of cell texts (or numbers) ----------

def read_csv_rows(path, excel, lang="en"):
    """The rows of a proposal CSV; --excel --lang vi separates fields with ';' (decimal commas)."""
    raw = open(path, "rb").read()
    if excel:
        assert raw.startswith(b"\xef\xbb\xbf"), "--excel CSV must start with a byte-order mark"
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), "--excel CSV must use CRLF"
        raw = raw[3:]
    else:
        assert not raw.startswith(b"\xef\xbb\xbf"), "plain CSV must not start with a byte-order mark"
    delim = ";" if excel and lang == "vi" else ","
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=delim))


def read_md_rows(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.startswith("|") or re.match(r"^\|[:\-| ]+\|$", line):
            if not line.startswith("|"):
                rows.append([])
            continue
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        rows.append([html.unescape(re.sub(r"\\(.)", r"\1", c.strip().replace("**", ""))) for c in cells])
    return rows


class TableParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.row = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "table":
            self.rows.append([])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.row is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr":
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def read_html_rows(path):
    text = open(path, encoding="utf-8").read()
    assert "<script" not in text and "http://" not in text and "https://" not in text, "proposal HTML is not self-contained"
    assert "@page" in text and "landscape" in text, "proposal HTML has no A4 landscape print set-up"
    p = TableParser()
    p.feed(text)
    return p.rows


NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class Formula:
    """Evaluates the formulas the workbook uses: numbers, cell references, SUM(A1:B2), ROUND(x,n),
    + - * / ()."""

    def __init__(self, cells):
        self.cells, self.cache = cells, {}

    def value(self, ref):
        if ref not in self.cache:
            kind, v = self.cells.get(ref, ("n", 0.0))
            self.cache[ref] = self.eval(v) if kind == "f" else v
        return self.cache[ref]

    def eval(self, f):
        saved = getattr(self, "toks", None), getattr(self, "i", 0)  # a reference may evaluate another cell
        v = self.eval_new(f)
        self.toks, self.i = saved
        return v

    def eval_new(self, f):
        self.toks = re.findall(r"SUM|ROUND|[A-Z]+[0-9]+:[A-Z]+[0-9]+|[A-Z]+[0-9]+|[0-9.]+|[-+*/(),]", f)
        assert "".join(self.toks) == f.replace(" ", ""), "unexpected formula " + f
        self.i = 0
        v = self.expr()
        assert self.i == len(self.toks), "trailing tokens in " + f
        return v

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def expr(self):
        v = self.term()
        while self.peek() in ("+", "-"):
            op = self.toks[self.i]
            self.i += 1
            w = self.term()
            v = v + w if op == "+" else v - w
        return v

    def term(self):
        v = self.atom()
        while self.peek() in ("*", "/"):
            op = self.toks[self.i]
            self.i += 1
            w = self.atom()
            v = v * w if op == "*" else v / w
        return v

    def atom(self):
        t = self.toks[self.i]
        self.i += 1
        if t == "(":
            v = self.expr()
            self.i += 1
            return v
        if t == "-":
            return -self.atom()
        if t == "ROUND":  # half away from zero, as spreadsheets round
            self.i += 1  # (
            v = self.expr()
            self.i += 1  # ,
            digits = int(self.expr())
            self.i += 1  # )
            scale = 10.0 ** digits
            return math.copysign(math.floor(abs(v) * scale + 0.5 + 1e-9), v) / scale
        if t == "SUM":
            self.i += 1  # (
            rng = self.toks[self.i]
            self.i += 2  # range )
            a, b = rng.split(":")
            ca, ra = re.match(r"([A-Z]+)([0-9]+)", a).groups()
            cb, rb = re.match(r"([A-Z]+)([0-9]+)", b).groups()
            total = 0.0
            for r in range(int(ra), int(rb) + 1):
                for c in range(col_index(ca), col_index(cb) + 1):
                    v = self.value(xl_ref(r - 1, c))
                    total += v if isinstance(v, float) else 0.0
            return total
        if re.match(r"[A-Z]+[0-9]+$", t):
            v = self.value(t)
            return v if isinstance(v, float) else 0.0
        return float(t)


def xl_ref(row, col):
    s, c = "", col + 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return "%s%d" % (s, row + 1)


def read_xlsx_rows(path, ours=True):
    """The rows of a workbook, formulas evaluated here and checked against their cached values.
    ours: a workbook kcplan wrote, so its layout (frozen header, A4 landscape, formats) is checked."""
    z = zipfile.ZipFile(path)
    assert z.testzip() is None, "the workbook's zip is damaged"
    names = z.namelist()
    for part in ("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"):
        assert part in names, "the workbook lacks " + part
    for n in names:
        if n.endswith(".xml") or n.endswith(".rels"):
            ET.fromstring(z.read(n))  # every part is well-formed XML
    shared = []
    if "xl/sharedStrings.xml" in names:
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    pane = sheet.find("m:sheetViews/m:sheetView/m:pane", NS)
    assert not ours or pane is not None and pane.get("state") == "frozen" and pane.get("ySplit"), "the header is not frozen"
    setup = sheet.find("m:pageSetup", NS)
    assert not ours or setup is not None and setup.get("orientation") == "landscape" and setup.get("paperSize") == "9", \
        "the sheet is not set up for A4 landscape"
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = [f.get("formatCode") for f in styles.iter("{%s}numFmt" % NS["m"])]
    assert not ours or "#,##0.000" in fmts, "money has no number format"
    cells, cached = {}, {}
    for c in sheet.iter("{%s}c" % NS["m"]):
        ref, t = c.get("r"), c.get("t")
        f, v = c.find("m:f", NS), c.find("m:v", NS)
        if f is not None:
            cells[ref] = ("f", f.text)
            if v is not None:
                cached[ref] = float(v.text)
        elif t == "s":
            cells[ref] = ("s", shared[int(v.text)])
        elif v is not None:
            cells[ref] = ("n", float(v.text))
    ev = Formula(cells)
    nformula = 0
    for ref, (kind, f) in cells.items():
        if kind == "f":
            nformula += 1
            got = ev.value(ref)
            if ref in cached:
                assert abs(got - cached[ref]) < 1e-6, "%s: %s evaluates to %r, cached %r" % (ref, f, got, cached[ref])
    assert not ours or nformula > 0, "the workbook has no formulas"
    maxr = max(int(re.match(r"[A-Z]+([0-9]+)", r).group(1)) for r in cells)
    maxc = max(col_index(re.match(r"([A-Z]+)", r).group(1)) for r in cells)
    rows = []
    for r in range(maxr):
        row = []
        for c in range(maxc + 1):
            ref = xl_ref(r, c)
            if ref not in cells:
                row.append("")
            else:
                v = ev.value(ref)
                row.append(v)
        while row and row[-1] == "":
            row.pop()
        rows.append(row)
    if ours:
        rows = check_live_quantities(cells, rows)
    return rows, nformula


def check_live_quantities(cells, rows):
    """The workbook's items carry a unit price (Đơn giá) beside their quantity, and their total is
    ROUND(quantity x unit price ...): raising one item's quantity by one must raise its total, its
    group's and the grand total alike, its money columns still adding up to its total. Returns the
    rows with the table's unit price column taken out (the other formats have none; the footer
    below keeps its columns)."""
    h = next(i for i, r in enumerate(rows) if r and r[0] in ("STT", "No."))
    head = rows[h]
    pc = next(j for j, c in enumerate(head) if c in ("Đơn giá", "Unit price"))
    assert head[pc - 1] in ("Số lượng", "Quantity") and head[pc + 1] in ("Tổng kinh phí", "Total cost"), \
        "the unit price is not between the quantity and the total: %r" % head
    end = next(i for i in range(h + 1, len(rows)) if not rows[i] or all(str(c) == "" for c in rows[i]))
    items = [i for i in range(h + 1, end) if str(rows[i][0]) not in ("",) and not ROMAN.match(str(rows[i][0]))]
    grand = next(i for i in range(h + 1, end) if str(rows[i][0]) == "")
    for i in items:
        kind, f = cells.get(xl_ref(i, pc + 1), ("n", None))
        want = "ROUND(%s*%s" % (xl_ref(i, pc - 1), xl_ref(i, pc))
        assert kind == "f" and f.replace(" ", "").startswith(want), \
            "%s: the total %r is not %s..." % (xl_ref(i, pc + 1), f, want)
    live = [i for i in items if isinstance(rows[i][pc], float) and rows[i][pc] > 0]
    if live:
        i = live[0]
        bumped = dict(cells)
        bumped[xl_ref(i, pc - 1)] = ("n", float(rows[i][pc - 1]) + 1)
        ev = Formula(bumped)
        d_item = ev.value(xl_ref(i, pc + 1)) - rows[i][pc + 1]
        d_grand = ev.value(xl_ref(grand, pc + 1)) - rows[grand][pc + 1]
        assert d_item > 0 and abs(d_item - d_grand) < 1e-6, \
            "one more unit of %r changes its total by %r and the grand total by %r" % (rows[i][1], d_item, d_grand)
        parts = sum(ev.value(xl_ref(i, c)) for c in range(pc + 2, len(head) - 1))
        assert abs(parts - ev.value(xl_ref(i, pc + 1))) < 1e-6, "%r's money columns do not add up to its total" % rows[i][1]
    return [r[:pc] + r[pc + 1:] if h <= i < end and len(r) > pc else r for i, r in enumerate(rows)]


# ---------- the check ----------

def plan_rows(folder, scen, tmp, extra=()):
    out = os.path.join(tmp, "solve")
    os.makedirs(out, exist_ok=True)
    r = subprocess.run([KCPLAN, "solve", folder, "-o", out, "-q"] + sum([["-s", s] for s in scen], []) + list(extra),
                       capture_output=True, text=True)
    if r.returncode not in (0, 4):
        return None
    return list(csv.DictReader(open(os.path.join(out, "plan.csv"))))


def activities(folder):
    """Display names by id of the activities and the proposals (proposals.csv); PROPOSALS maps a
    proposal's name to (units it delivers, owner, its activity's name)."""
    acts = {}
    for r in csv.DictReader(open(os.path.join(folder, "activities.csv"), encoding="utf-8-sig")):
        acts[r["id"]] = r.get("name") or r["id"]
    PROPOSALS.clear()
    path = os.path.join(folder, "proposals.csv")
    for r in csv.DictReader(open(path, encoding="utf-8-sig")) if os.path.exists(path) else []:
        acts[r["id"]] = r.get("name") or r["id"]
        PROPOSALS[acts[r["id"]]] = (float(r.get("units") or 1), r.get("owner") or "", acts[r["activity"]])
    return acts


PROPOSALS = {}


def yield_of(name):
    """The units an item's one unit in plan.csv delivers: a proposal's units, else 1."""
    return PROPOSALS[name][0] if name in PROPOSALS else 1.0


def split_tables(rows):
    """The proposal table (from its header row to the grand total) and the footer's source rows."""
    head = next(i for i, r in enumerate(rows) if r and r[0] in ("STT", "No."))
    end = head + 1
    while end < len(rows) and rows[end] and any(str(c) != "" for c in rows[end]):
        end += 1
    table = rows[head:end]
    foot_head = next(i for i, r in enumerate(rows) if i > end and r and any(str(c) in ("Nguồn vốn", "Source") for c in r))
    footer = []
    for r in rows[foot_head + 1:]:
        if not r or all(str(c) == "" for c in r):
            break
        footer.append([c for c in r if str(c) != ""] if isinstance(r[0], str) and r[0] == "" else r)
    return table, footer


ADJUSTED = re.compile(r"điều chỉnh|thực hiện khác|adjusted from|executed otherwise")


def check_one(fmt, lang, rows, plan, year, sources, names, ceilings, nexec=0, approved=None):
    """Compares one proposal (as rows) with plan.csv's rows of that year (and of the nexec closed
    years before it, its executed columns). approved: {(year, activity name): (units, [money])} of
    --baseline, or None. Returns an error or None."""
    if fmt in ("csv", "xlsx") or (fmt == "excel" and lang == "en"):
        num = lambda v: v if isinstance(v, float) else number(v, None)  # noqa: E731
    elif fmt == "excel":  # Vietnamese regional settings: a decimal comma, no grouping
        num = lambda v: float(v.replace(",", "."))  # noqa: E731
    else:
        num = lambda v: number(v, lang)  # noqa: E731
    table, footer = split_tables(rows)
    head, body = table[0], table[1:]
    nsrc = len(sources)
    if len(head) != 7 + nsrc + 2 * nexec:
        return "%s: the header has %d columns, not %d (%d executed years)" % (fmt, len(head), 7 + nsrc + 2 * nexec, nexec)
    fy = min(int(r["year"]) for r in plan) if plan else year
    for j in range(2 * nexec):
        h = str(head[3 + j])
        if not (h.startswith("Thực hiện %d" % (fy + j // 2)) or h.startswith("Executed %d" % (fy + j // 2))):
            return "%s: column %d is %r, not the executed year %d" % (fmt, 4 + j, h, fy + j // 2)
    q = 3 + 2 * nexec  # the year's quantity, then total, sources, counterpart, notes
    by_year = {}
    for r in plan:
        by_year.setdefault(int(r["year"]), {})[names[r["activity"]]] = r
    by_name = by_year.get(year, {})
    shown = set(by_name)
    for j in range(nexec):
        shown |= set(by_year.get(fy + j, {}))
    shown |= {PROPOSALS[n][2] for n in shown if n in PROPOSALS}  # an activity is listed with its proposals
    seen, group, group_sum, groups = set(), None, None, []
    total_row = None
    zero = {"units": "0", "counterpart": "0", **{s: "0" for s in sources}}

    def money(r):
        return [num(r[q + 2 + k]) for k in range(nsrc + 1)] + [num(r[3 + 2 * j + 1]) for j in range(nexec)]

    def exec_cost(p):
        return sum(float(p[s]) for s in sources) + float(p["counterpart"])

    for r in body:
        stt = str(r[0])
        if ROMAN.match(stt):
            if group is not None:
                groups.append((group, group_sum))
            group, group_sum = r, [0.0] * (nsrc + 1 + nexec)
        elif stt == "":
            total_row = r
        else:
            p = by_name.get(r[1])
            if p is None and r[1] not in shown and not (approved and (year, r[1]) in approved):
                return "%s: item %r is not in plan.csv for %d or a year shown" % (fmt, r[1], year)
            p = p or zero
            seen.add(r[1])
            want = [float(p[s]) for s in sources] + [float(p["counterpart"])]
            want += [exec_cost(by_year.get(fy + j, {}).get(r[1], zero)) for j in range(nexec)]
            got = money(r)
            if any(abs(a - b) > 5e-4 for a, b in zip(got, want)):
                return "%s: %s money %r, plan.csv %r" % (fmt, r[1], got, want)
            if abs(num(r[q]) - yield_of(r[1]) * float(p["units"])) > 5e-4:
                return "%s: %s units %r, plan.csv %s (x %g)" % (fmt, r[1], r[q], p["units"], yield_of(r[1]))
            note = str(r[-1]) if len(r) == len(head) else ""
            if r[1] in PROPOSALS and PROPOSALS[r[1]][1] and PROPOSALS[r[1]][1] not in note:
                return "%s: proposal %s: its owner %r is not in its note %r" % (fmt, r[1], PROPOSALS[r[1]][1], note)
            for j in range(nexec):
                e = by_year.get(fy + j, {}).get(r[1], zero)
                if abs(num(r[3 + 2 * j]) - yield_of(r[1]) * float(e["units"])) > 5e-4:
                    return "%s: %s executed %d units %r, plan.csv %s" % (fmt, r[1], fy + j, r[3 + 2 * j], e["units"])
            if abs(num(r[q + 1]) - sum(want[:nsrc + 1])) > 1e-3:
                return "%s: %s total %r is not its sources plus counterpart" % (fmt, r[1], r[q + 1])
            if approved is not None:
                au, am = approved.get((year, r[1]), (0.0, [0.0] * nsrc))
                changed = abs(au - float(p["units"])) > 1e-9 or \
                    any(abs(a - float(p[s])) > 5e-4 for a, s in zip(am, sources))
                note = str(r[-1]) if len(r) == len(head) else ""
                if changed != bool(ADJUSTED.search(note)):
                    return "%s: %s %d %s the approved plan, but its note is %r" % (
                        fmt, r[1], year, "differs from" if changed else "keeps", note)
            group_sum = [a + b for a, b in zip(group_sum, got)]
    if group is not None:
        groups.append((group, group_sum))
    if set(by_name) != seen & set(by_name):
        return "%s: plan.csv items missing from the proposal: %s" % (fmt, sorted(set(by_name) - seen))
    for g, s in groups:
        if any(abs(a - b) > 1e-3 for a, b in zip(money(g), s)):
            return "%s: group %s subtotal %r, its items add to %r" % (fmt, g[1], money(g), s)
    if total_row is None:
        return "%s: no grand total" % fmt
    want = [sum(float(p[s]) for p in by_name.values()) for s in sources] + \
           [sum(float(p["counterpart"]) for p in by_name.values())] + \
           [sum(exec_cost(p) for p in by_year.get(fy + j, {}).values()) for j in range(nexec)]
    if any(abs(a - b) > 1e-3 for a, b in zip(money(total_row), want)):
        return "%s: grand total %r, plan.csv's %d totals %r" % (fmt, money(total_row), year, want)
    if abs(num(total_row[q + 1]) - sum(want[:nsrc + 1])) > 1e-3:
        return "%s: grand total cost %r, want %r" % (fmt, total_row[q + 1], sum(want[:nsrc + 1]))
    # footer: proposed, cumulative to the year and remaining per source
    if len(footer) != nsrc:
        return "%s: the footer has %d source rows, not %d" % (fmt, len(footer), nsrc)
    for k, s in enumerate(sources):
        f = [c for c in footer[k] if str(c) != ""]
        prop = sum(float(p[s]) for p in plan if int(p["year"]) == year)
        cum = sum(float(p[s]) for p in plan if int(p["year"]) <= year)
        if abs(num(f[1]) - prop) > 1e-3:
            return "%s: footer %s proposed %r, plan.csv %r" % (fmt, s, f[1], prop)
        vals = [x for x in f[2:]]
        if not any(isinstance(x, float) or re.match(r"^-?[0-9.,]+$", str(x)) for x in vals):
            return "%s: footer %s has no figures" % (fmt, s)
        nums = []
        for x in vals:
            try:
                nums.append(num(x))
            except ValueError:
                nums.append(None)
        if not any(v is not None and abs(v - cum) < 1e-3 for v in nums):
            return "%s: footer %s has no cumulative %r: %r" % (fmt, s, cum, vals)
        if ceilings[k] is not None and not any(v is not None and abs(v - (ceilings[k] - cum)) < 1e-3 for v in nums):
            return "%s: footer %s has no remaining %r: %r" % (fmt, s, ceilings[k] - cum, vals)
    return None


def read_plan_file(path, names, sources):
    """A plan.csv-shaped file (actuals, an approved plan) as {(year, activity name): (units, [money])}."""
    out = {}
    for r in csv.DictReader(open(path, encoding="utf-8-sig")):
        out[int(r["year"]), names[r["activity"]]] = (float(r["units"]), [float(r.get(s) or 0) for s in sources])
    return out


def check_model(folder, scen, tmp, years=None, actuals=None, baseline=None):
    extra = (["--actuals", actuals] if actuals else []) + (["--baseline", baseline] if baseline else [])
    plan = plan_rows(folder, scen, tmp, extra)
    if plan is None:
        return None  # no plan (infeasible); proposal must then refuse too
    prog = json.load(open(os.path.join(folder, "program.json"), encoding="utf-8-sig"))
    sources = [s["id"] for s in prog["sources"]]
    ceilings = [s.get("ceiling") for s in prog["sources"]]
    if scen:  # a scenario may change ceilings: take them from summary.json
        summ = json.load(open(os.path.join(tmp, "solve", "summary.json")))
        ceilings = [s.get("ceiling") for s in summ["sources"]]
    names = activities(folder)
    actuals = actuals or os.path.join(folder, "actuals.csv")
    closed = {y for y, _ in read_plan_file(actuals, names, sources)} if os.path.exists(actuals) else set()
    approved = read_plan_file(baseline, names, sources) if baseline else None
    years = years or range(prog["first_year"], prog["last_year"] + 1)
    if QUICK:
        years = [(prog["first_year"] + prog["last_year"]) // 2]
    sargs = sum([["-s", s] for s in scen], []) + extra
    for year in years:
        for lang in ("vi", "en"):
            for fmt in ("csv", "excel", "md", "html", "xlsx"):
                path = os.path.join(tmp, "p-%d-%s.%s" % (year, lang, "csv" if fmt == "excel" else fmt))
                cmd = [KCPLAN, "proposal", folder, "--year", str(year), "--lang", lang, "-o", path] + sargs
                if fmt == "excel":
                    cmd.append("--excel")
                r = subprocess.run(cmd, capture_output=True, text=True)
                if r.returncode not in (0, 4):
                    return "%s %d %s: exit %d: %s" % (fmt, year, lang, r.returncode, r.stderr.strip())
                try:
                    if fmt in ("csv", "excel"):
                        rows = read_csv_rows(path, fmt == "excel", lang)
                    elif fmt == "md":
                        rows = read_md_rows(path)
                    elif fmt == "html":
                        rows = read_html_rows(path)
                    else:
                        rows, _ = read_xlsx_rows(path)
                    nexec = len([y for y in closed if y < year])
                    err = check_one(fmt, lang, rows, plan, year, sources, names,
                                    ceilings, nexec, approved)
                except (AssertionError, StopIteration, ValueError, IndexError) as e:
                    err = "%s: %s" % (fmt, e or type(e).__name__)
                if err:
                    return "%d %s %s" % (year, lang, err)
                os.remove(path)
    return None


TRICKY = ['Đào tạo, "nghề" <b>&</b>', "Mô hình | trình diễn", "Hạ tầng *cụm* _công_ nghiệp", "plain", "Xử lý\\ ô nhiễm"]


def decorate(rng, folder):
    """Gives a random model names and groups full of characters the formats must escape."""
    rows = list(csv.reader(open(os.path.join(folder, "activities.csv"))))
    head = rows[0] + ["name", "group", "unit"]
    out = [head]
    for i, r in enumerate(rows[1:]):
        name = "%s %d" % (rng.choice(TRICKY), i)
        group = rng.choice(["", "Nhóm A, đào tạo", "Group <B>", "C"])
        out.append(r + [name, group, rng.choice(["người", "lớp, khóa", "unit"])])
    with open(os.path.join(folder, "activities.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(out)


def main():
    global KCPLAN, QUICK
    KCPLAN = sys.argv[1]
    if len(sys.argv) > 2 and sys.argv[2] == "--quick":
        QUICK = True
        del sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        if sys.argv[2] == "--random":
            n, seed = int(sys.argv[3]), int(sys.argv[4])
            rng = random.Random(seed)
            checked = 0
            for i in range(n):
                folder = os.path.join(tmp, "m%d" % i)
                spec_check.random_model(rng, folder, 6)
                decorate(rng, folder)
                prng = random.Random(seed * 104729 + i)  # its own stream: the models stay those of the seed
                if prng.random() < 0.4:
                    spec_check.random_proposals(prng, folder)
                    if subprocess.run([KCPLAN, "check", folder], capture_output=True).returncode != 0:
                        os.remove(os.path.join(folder, "proposals.csv"))
                if subprocess.run([KCPLAN, "check", folder], capture_output=True).returncode != 0:
                    continue
                work = os.path.join(tmp, "w%d" % i)
                os.makedirs(work)
                err = check_model(folder, [], work)
                if plan_rows(folder, [], work) is not None:
                    checked += 1
                if err:
                    failures += 1
                    keep = "/tmp/kcplan-proposal-fail-%d-%d" % (seed, i)
                    subprocess.run(["rm", "-rf", keep])
                    subprocess.run(["cp", "-r", folder, keep])
                    print("FAIL random model %d (kept in %s): %s" % (i, keep, err))
            print("%d random models with a plan checked, %d failed" % (checked, failures))
            if checked < n // 3:
                print("FAIL too few random models with a plan")
                failures += 1
        else:
            opt = {k: [sys.argv[i + 1] for i in range(3, len(sys.argv) - 1) if sys.argv[i] == k]
                   for k in ("-s", "--actuals", "--baseline")}
            err = check_model(sys.argv[2], opt["-s"], tmp, actuals=(opt["--actuals"] or [None])[0],
                              baseline=(opt["--baseline"] or [None])[0])
            if err:
                failures += 1
                print("FAIL %s: %s" % (sys.argv[2], err))
            else:
                print("ok: %s: proposals of every year, vi and en, csv/excel/md/html/xlsx match plan.csv" % sys.argv[2])
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
