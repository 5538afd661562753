#!/usr/bin/env python3
"""spec_check.py — an independent implementation of docs/model.md to check kcplan's stage optima.

Reads a model folder with Python's csv/json modules, writes each lexicographic stage as a CPLEX LP
file of its own (sharing no code with kcplan's formulation), solves it with glpsol, and compares the
optima with the `objective` block of kcplan's summary.json (1e-5 relative, the acceptance bar).

  spec_check.py KCPLAN MODEL [-s SCENARIO.json]... [--actuals FILE] [--baseline PLAN.csv]
                                        check one model folder (with scenarios applied, other
                                        actuals, the stability stages against an approved plan)
  spec_check.py KCPLAN --random N SEED [MAX_ACTIVITIES]
                                        generate N random models (every feature of docs/model-format.md,
                                        actuals with closed years included, half of them
                                        with a random approved plan, half with proposals) and
                                        check each
"""
import csv, json, math, os, random, subprocess, sys, tempfile

TOL_REL = 1e-5


def read_csv(path):
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [{k: (v.strip() if v is not None else "") for k, v in row.items()} for row in csv.DictReader(f)]


def num(v, default):
    return default if v is None or v == "" else float(v)


def load(folder, actuals=None, baseline=None):
    prog = json.load(open(os.path.join(folder, "program.json"), encoding="utf-8-sig"))
    m = {"fy": prog["first_year"], "ly": prog["last_year"], "g": prog.get("price_growth", 0.0),
         "carry": prog.get("carry_over", False)}
    m["base"] = prog.get("price_base_year", m["fy"])
    m["years"] = list(range(m["fy"], m["ly"] + 1))
    m["src"] = [s["id"] for s in prog["sources"]]
    m["ceil"] = {s["id"]: s.get("ceiling") for s in prog["sources"]}
    obj = prog.get("objective", {})
    m["att"] = obj.get("attainment", "weighted")
    m["timing"] = obj.get("timing", "early")
    pref = obj.get("source_preference", m["src"])
    m["rank"] = {s: pref.index(s) + 1 for s in m["src"]}
    m["act"] = {}
    for r in read_csv(os.path.join(folder, "activities.csv")):
        disb = [float(v) for v in r.get("disbursement", "").split()] or [1.0]
        m["act"][r["id"]] = {"cost": float(r["unit_cost"]), "w": num(r.get("weight"), 1.0),
                             "min": num(r.get("min_per_year"), 0.0),
                             "max": None if r.get("max_per_year", "") == "" else float(r["max_per_year"]),
                             "p": disb, "div": r.get("divisible", "") == "1"}
    m["tgt"] = [(r["activity"], int(r["first_year"]), int(r["last_year"]), float(r["target"]))
                for r in read_csv(os.path.join(folder, "targets.csv"))]
    elig = read_csv(os.path.join(folder, "eligibility.csv"))
    m["maxs"], m["mins"] = {}, {}
    for a in m["act"]:
        for s in m["src"]:
            m["maxs"][a, s] = 1.0 if elig is None else 0.0
            m["mins"][a, s] = 0.0
    for r in elig or []:
        m["maxs"][r["activity"], r["source"]] = num(r.get("max_share"), 1.0)
        m["mins"][r["activity"], r["source"]] = num(r.get("min_share"), 0.0)
    m["ann"] = {}
    for r in read_csv(os.path.join(folder, "annual_ceilings.csv")) or []:
        m["ann"][r["source"], int(r["year"])] = float(r["ceiling"])
    m["prop"] = []  # proposals.csv: expanded into items of their own by with_proposals()
    for r in read_csv(os.path.join(folder, "proposals.csv")) or []:
        m["prop"].append({"id": r["id"], "parent": r["activity"], "yield": num(r.get("units"), 1.0),
                          "cost": float(r["cost"]), "score": num(r.get("score"), 0.0),
                          "p": [float(v) for v in r.get("disbursement", "").split()] or None,
                          "f": int(num(r.get("first_year"), m["fy"])),
                          "l": None if r.get("last_year", "") == "" else int(r["last_year"])})
    load_actuals(m, actuals or os.path.join(folder, "actuals.csv"))
    m["bu"], m["bm"] = {}, {}  # the approved plan (--baseline): a missing cell is 0
    m["has_base"] = baseline is not None
    for r in read_csv(baseline) if baseline else []:
        a, y = r["activity"], int(r["year"])
        m["bu"][a, y] = float(r["units"])
        for s in m["src"]:
            m["bm"][a, y, s] = num(r.get(s), 0.0)
    return m


def load_actuals(m, path):
    """actuals.csv (docs/model-format.md): the years it covers are closed, their units and money as
    recorded (a missing cell is 0)."""
    m["closed"], m["au"], m["am"] = 0, {}, {}
    rows = read_csv(path)
    for r in rows or []:
        a, y = r["activity"], int(r["year"])
        m["au"][a, y] = float(r["units"])
        for s in m["src"]:
            m["am"][a, y, s] = num(r.get(s), 0.0)
        m["closed"] = max(m["closed"], y - m["fy"] + 1)


def closed(m, y):
    return y < m["fy"] + m["closed"]


def apply_scenario(m, path):
    """docs/scenarios.md on the reference model, in kcplan's documented order: program, objective, sources,
    annual_ceilings, activities (columns, unit_cost_scale, exclude), proposals (added, changed,
    excluded), targets, eligibility."""
    sc = json.load(open(path, encoding="utf-8-sig"))
    p = sc.get("program", {})
    if "price_growth" in p:
        m["g"] = p["price_growth"]
    if "price_base_year" in p:
        m["base"] = p["price_base_year"]
    if "carry_over" in p:
        m["carry"] = p["carry_over"]
    o = sc.get("objective", {})
    if "attainment" in o:
        m["att"] = o["attainment"]
    if "timing" in o:
        m["timing"] = o["timing"]
    if "source_preference" in o:
        m["rank"] = {s: o["source_preference"].index(s) + 1 for s in m["src"]}
    for sid, ch in sc.get("sources", {}).items():
        if sid.startswith("_"):
            continue
        if "ceiling" in ch:
            m["ceil"][sid] = ch["ceiling"]
        for key in ("ceiling_scale", "annual_scale"):
            if key in ch:
                if key == "ceiling_scale" and m["ceil"][sid] is not None:
                    m["ceil"][sid] *= ch[key]
                for y in m["years"]:
                    if (sid, y) in m["ann"]:
                        m["ann"][sid, y] *= ch[key]
    for row in sc.get("annual_ceilings", []):
        m["ann"][row["source"], row["year"]] = row["ceiling"]
    defaults = {"weight": 1.0, "min_per_year": 0.0, "max_per_year": None, "support_rate": 1.0}
    drop = set()
    for aid, ch in sc.get("activities", {}).items():
        if aid.startswith("_"):
            continue
        ac = m["act"][aid]
        for k, v in ch.items():
            field = {"unit_cost": "cost", "weight": "w", "min_per_year": "min", "max_per_year": "max"}.get(k)
            if field:
                ac[field] = defaults.get(k) if v is None else v
            elif k == "disbursement":
                ac["p"] = [1.0] if v is None else [float(x) for x in (v.split() if isinstance(v, str) else v)]
            elif k == "divisible":
                ac["div"] = bool(v)
        if "unit_cost_scale" in ch:
            ac["cost"] *= ch["unit_cost_scale"]
        if ch.get("exclude"):
            drop.add(aid)
    for aid in drop:
        del m["act"][aid]
        m["tgt"] = [t for t in m["tgt"] if t[0] != aid]
    for aid in drop:  # an excluded activity's proposals go with it
        m["prop"] = [pr for pr in m["prop"] if pr["parent"] != aid]
    byid = {pr["id"]: pr for pr in m["prop"]}
    for pid, ch in sc.get("proposals", {}).items():
        if pid.startswith("_"):
            continue
        if pid not in byid:  # a new proposal, with proposals.csv's defaults
            byid[pid] = {"id": pid, "parent": None, "yield": 1.0, "cost": 0.0, "score": 0.0, "p": None,
                         "f": m["fy"], "l": None}
            m["prop"].append(byid[pid])
        pr = byid[pid]
        for k, v in ch.items():
            if k == "activity":
                pr["parent"] = v
            elif k == "units":
                pr["yield"] = 1.0 if v is None else v
            elif k == "cost":
                pr["cost"] = v
            elif k == "score":
                pr["score"] = 0.0 if v is None else v
            elif k == "first_year":
                pr["f"] = m["fy"] if v is None else v
            elif k == "last_year":
                pr["l"] = v
            elif k == "disbursement":
                pr["p"] = None if v is None else [float(x) for x in (v.split() if isinstance(v, str) else v)]
        if "cost_scale" in ch:
            pr["cost"] *= ch["cost_scale"]
        if ch.get("exclude"):
            m["prop"].remove(pr)
    for row in sc.get("targets", []):
        key = (row["activity"], row["first_year"], row["last_year"])
        m["tgt"] = [t for t in m["tgt"] if t[:3] != key] + [key + (float(row["target"]),)]
    for row in sc.get("eligibility", []):
        m["maxs"][row["activity"], row["source"]] = row.get("max_share", 1.0)
        m["mins"][row["activity"], row["source"]] = row.get("min_share", 0.0)


def with_proposals(m):
    """The model with each proposal an item of its own (docs/model.md "Proposals"): at most one unit,
    whole, at the price of its window's first year, its activity's shares and (unless its own) profile;
    its units count toward its activity's targets `yield` each. Run after the scenarios."""
    if not m["prop"]:
        return m
    m = dict(m, act=dict(m["act"]), maxs=dict(m["maxs"]), mins=dict(m["mins"]))
    for pr in m["prop"]:
        if pr["parent"] not in m["act"]:
            continue  # its activity was excluded
        parent = m["act"][pr["parent"]]
        prof = pr["p"] or parent["p"]
        m["act"][pr["id"]] = {"cost": pr["cost"], "w": 0.0, "min": 0.0, "max": 1.0, "p": prof, "div": False,
                              "prop": pr["parent"], "yield": pr["yield"], "score": pr["score"], "py": pr["f"],
                              "win": (pr["f"], pr["l"] if pr["l"] is not None else m["ly"] - len(prof) + 1)}
        for s in m["src"]:
            m["maxs"][pr["id"], s] = m["maxs"][pr["parent"], s]
            m["mins"][pr["id"], s] = m["mins"][pr["parent"], s]
    return m


def props(m):
    return [a for a in m["act"] if "prop" in m["act"][a]]


def cost(m, a, y):
    ac = m["act"][a]
    return ac["cost"] * (1 + m["g"]) ** (y - ac.get("py", m["base"]))


def startable(m, a, y):
    ac = m["act"][a]
    if "win" in ac and not ac["win"][0] <= y <= ac["win"][1]:
        return False
    return y + len(ac["p"]) - 1 <= m["ly"]


def lin(terms):
    out = []
    for c, v in terms:
        if c != 0:
            out.append("%s %.17g %s" % ("-" if c < 0 else "+", abs(c), v))
    return " ".join(out) if out else "+ 0 dummy"


def build(m, stage, keeps, fixed=None, elastic=False, forced=True, fund=()):
    """LP text for one stage: stage in attmax, att, spend, pref, stab, stabm, timing; keeps = [(stage, bound)];
    fixed = {integer column: value} turns the MIP into the LP of the continuous columns."""
    fixed = fixed or {}
    A, S, Y = list(m["act"]), m["src"], m["years"]
    xs = {(a, y): "x_%s_%d" % (a, y) for a in A for y in Y}
    fs = {(a, y, s): "f_%s_%d_%s" % (a, y, s) for a in A for y in Y for s in S}
    sh = {i: "sh_%d" % i for i in range(len(m["tgt"]))}
    nt = {i: "n_%d" % i for i in range(len(m["tgt"]))}

    def need(a, y, factor=1.0):
        p = m["act"][a]["p"]
        return [(-factor * p[k] * cost(m, a, y - k), xs[a, y - k]) for k in range(len(p)) if y - k >= m["fy"]]

    # stability (an approved plan): du >= |x - xb| and dm >= |f - fb| in the open years
    opn = [y for y in Y if not closed(m, y)]
    du = {(a, y): "du_%s_%d" % (a, y) for a in A for y in opn} if m["has_base"] else {}
    dm = {(a, y, s): "dm_%s_%d_%s" % (a, y, s) for a in A for y in opn for s in S} if m["has_base"] else {}
    expr = {
        "stab": [(1.0, v) for v in du.values()],
        "stabm": [(1.0, v) for v in dm.values()],
        "attmax": [(1.0, "M")],
        "att": [(m["act"][t[0]]["w"] / t[3], sh[i]) for i, t in enumerate(m["tgt"])],
        "spend": [(1.0, fs[k]) for k in fs],
        "pref": [(m["rank"][k[2]], fs[k]) for k in fs],
        "timing": [((y - m["fy"]) * cost(m, a, y), xs[a, y]) for a in A for y in Y],
        "merit": [(m["act"][a]["score"], xs[a, y]) for a in props(m) for y in Y],
    }
    # elastic model (docs/model.md "Extra money"): e[s,y] raises year y's annual ceiling (cumulatively with
    # carry-over) and the total ceiling; every shortfall is 0
    # closed years (actuals): units and money fixed as recorded, no payment or share rows, their own
    # annual rows dropped; extra money only in the open years
    es = {(s, y): "e_%s_%d" % (s, y) for s in S for y in Y if not closed(m, y)} if elastic else {}
    expr["gap"] = [(1.0, v) for v in es.values()]
    sense = "Maximize" if (stage == "timing" and m["timing"] == "late") or stage == "merit" else "Minimize"
    rows = []
    for a in A:
        for y in Y:
            if closed(m, y):
                continue
            rows.append("pay_%s_%d: %s %s = 0" % (a, y, lin([(1.0, fs[a, y, s]) for s in S]), lin(need(a, y))))
            for s in S:
                mx, mn = m["maxs"][a, s], m["mins"][a, s]
                rows.append("mx_%s_%d_%s: %s %s <= 0" % (a, y, s, lin([(1.0, fs[a, y, s])]), lin(need(a, y, mx))))
                rows.append("mn_%s_%d_%s: %s %s >= 0" % (a, y, s, lin([(1.0, fs[a, y, s])]), lin(need(a, y, mn))))
    for s in S:
        if m["ceil"][s] is not None:
            rows.append("c_%s: %s %s <= %.17g" % (s, lin([(1.0, fs[a, y, s]) for a in A for y in Y]),
                                                  lin([(-1.0, es[s, y]) for y in Y if (s, y) in es]), m["ceil"][s]))
        if (s, m["fy"]) in m["ann"]:
            for y in Y:
                if closed(m, y):
                    continue
                ys = [z for z in Y if z <= y] if m["carry"] else [y]
                cap = sum(m["ann"][s, z] for z in ys)
                rows.append("an_%s_%d: %s %s <= %.17g" % (s, y, lin([(1.0, fs[a, z, s]) for a in A for z in ys]),
                                                        lin([(-1.0, es[s, z]) for z in ys if (s, z) in es]), cap))
    for p in props(m):  # a proposal starts at most once (exactly once when the gap funds it)
        rows.append("once_%s: %s %s 1" % (p, lin([(1.0, xs[p, y]) for y in Y]), "=" if p in fund else "<="))
    for i, (a, f, l, t) in enumerate(m["tgt"]):
        units = [(-1.0, xs[a, y]) for y in range(f, l + 1)]
        units += [(-m["act"][p]["yield"], xs[p, y]) for p in props(m) if m["act"][p]["prop"] == a for y in range(f, l + 1)]
        rows.append("tot_%d: %s %s = 0" % (i, lin([(1.0, nt[i])]), lin(units)))
        rows.append("cov_%d: %s >= %.17g" % (i, lin([(1.0, nt[i]), (1.0, sh[i])]), t))
        if m["att"] == "balanced":
            rows.append("bal_%d: %s <= 0" % (i, lin([(m["act"][a]["w"] / t, sh[i]), (-1.0, "M")])))
    for (a, y), v in du.items():
        b = m["bu"].get((a, y), 0.0)
        rows.append("dup_%s_%d: %s >= %.17g" % (a, y, lin([(1.0, v), (-1.0, xs[a, y])]), -b))
        rows.append("dun_%s_%d: %s >= %.17g" % (a, y, lin([(1.0, v), (1.0, xs[a, y])]), b))
    for (a, y, s), v in dm.items():
        b = m["bm"].get((a, y, s), 0.0)
        rows.append("dmp_%s_%d_%s: %s >= %.17g" % (a, y, s, lin([(1.0, v), (-1.0, fs[a, y, s])]), -b))
        rows.append("dmn_%s_%d_%s: %s >= %.17g" % (a, y, s, lin([(1.0, v), (1.0, fs[a, y, s])]), b))
    for k, (st, bound) in enumerate(keeps):
        op = ">=" if (st == "timing" and m["timing"] == "late") or st == "merit" else "<="
        rows.append("keep_%d: %s %s %.17g" % (k, lin(expr[st]), op, bound))
    bounds, gens, ints = [], [], []
    for (a, y), v in xs.items():
        ac = m["act"][a]
        if closed(m, y):
            bounds.append("%s = %.17g" % (v, m["au"].get((a, y), 0.0)))
        elif not startable(m, a, y):
            bounds.append("%s = 0" % v)
        elif v in fixed:
            bounds.append("%s = %.17g" % (v, fixed[v]))
        else:
            bounds.append("%.17g <= %s <= %s" % (ac["min"], v, "+inf" if ac["max"] is None else "%.17g" % ac["max"]))
        (gens if ac["div"] else ints).append(v)
    for i, (a, f, l, t) in enumerate(m["tgt"]):
        bounds.append("0 <= %s <= %.17g" % (sh[i], 0 if elastic and forced else t))
        (gens if m["act"][a]["div"] else ints).append(nt[i])
        if nt[i] in fixed:
            bounds.append("%s = %.17g" % (nt[i], fixed[nt[i]]))
    for (a, y, s), v in fs.items():
        if closed(m, y):
            bounds.append("%s = %.17g" % (v, m["am"].get((a, y, s), 0.0)))
    ints = [v for v in ints if v not in fixed and not (v.startswith("x_") and closed(m, int(v.rsplit("_", 1)[1])))]
    bounds.append("M >= 0")
    bounds += ["%s >= 0" % v for v in es.values()]
    bounds.append("dummy = 0")
    text = "%s\n obj: %s\nSubject To\n %s\nBounds\n %s\n" % (sense, lin(expr[stage]), "\n ".join(rows), "\n ".join(bounds))
    if ints:
        text += "General\n %s\n" % "\n ".join(ints)
    return text + "End\n"


def glpsol(text, tmp):
    """Solves an LP/MIP file with glpsol; when glpsol fails (it has crashed on a few degenerate LPs),
    asks CBC. Returns (value, "optimal") or (None, "infeasible" or a failure text)."""
    path = os.path.join(tmp, "stage.lp")
    open(path, "w").write(text)
    for f in (path + ".sol", path + ".cbc"):
        if os.path.exists(f):
            os.remove(f)
    out = subprocess.run(["glpsol", "--lp", path, "-o", path + ".sol", "--tmlim", "120"],
                         capture_output=True, text=True)
    sol = open(path + ".sol").read() if os.path.exists(path + ".sol") else ""
    status = ([l for l in sol.splitlines() if l.startswith("Status:")] or [""])[0]
    if "OPTIMAL" in status:
        obj = [l for l in sol.splitlines() if l.startswith("Objective:")][0]
        return float(obj.split("=")[1].split()[0]), "optimal"
    if "EMPTY" in status or "NO PRIMAL FEASIBLE" in out.stdout or "INFEASIBLE" in status:
        return None, "infeasible"
    cbc = subprocess.run(["cbc", path, "ratioGap", "1e-12", "sec", "120", "solve", "solu", path + ".cbc"],
                         capture_output=True, text=True)
    first = open(path + ".cbc").readline() if os.path.exists(path + ".cbc") else ""
    if first.startswith("Optimal"):
        return float(first.split("objective value")[1]), "optimal"
    if "nfeasible" in first:
        return None, "infeasible"
    return None, "glpsol: %s; cbc: %s" % (status or out.stdout[-200:], first.strip() or cbc.stdout[-200:])


def columns(tmp):
    """Column values from glpsol's last printed solution (names may stand on a line of their own)."""
    sol = open(os.path.join(tmp, "stage.lp.sol")).read().splitlines()
    vals, i = {}, 0
    while i < len(sol) and not sol[i].startswith("   No. Column name"):
        i += 1
    pending = None
    for line in sol[i + 2:]:
        if not line.strip() or line.startswith("Integer feasibility") or line.startswith("Karush"):
            break
        tok = line.split()
        if pending is None and tok[0].isdigit() and len(tok) >= 2:
            name, rest = tok[1], tok[2:]
            if not rest:
                pending = name
                continue
        else:
            name, rest, pending = pending, tok, None
        for t in rest:
            try:
                vals[name] = float(t)
                break
            except ValueError:
                continue  # "*" (integer) or a basis status such as "B", "NL"
    return vals


def reference(m, tmp, timing=True):
    """The lexicographic stages, each integer solution made exact (integers rounded, continuous
    columns re-optimised) before its optimum is kept: glpsol accepts 8.999999 as integral. With
    timing False the timing stage is left out."""
    stages = (["attmax"] if m["att"] == "balanced" else []) + ["att"] + (["merit"] if props(m) else []) + \
             ["spend", "pref"] + \
             (["stab", "stabm"] if m["has_base"] else []) + \
             ([] if m["timing"] == "none" or not timing else ["timing"])
    keeps, vals = [], {}
    for st in stages:
        v, status = glpsol(build(m, st, keeps), tmp)
        for _ in range(3):  # a later stage glpsol calls infeasible: its keep rows held too tight for
            if v is not None or not keeps:  # its own tolerances; loosen the last one tenfold
                break
            last, bound = keeps[-1]
            prev = vals[last]
            keeps[-1] = (last, prev + 10 * (bound - prev))
            v, status = glpsol(build(m, st, keeps), tmp)
        if v is None:
            return None, status
        names = {"x_%s_%d" % (a, y) for a in m["act"] if not m["act"][a]["div"] for y in m["years"]}
        names |= {"n_%d" % i for i, t in enumerate(m["tgt"]) if not m["act"][t[0]]["div"]}
        ints = {k: round(x) for k, x in columns(tmp).items() if k in names}
        pv, pstatus = glpsol(build(m, st, keeps, ints), tmp)
        if pv is not None:
            v = pv
        vals[st] = v
        tol = 1e-7 * max(1.0, abs(v))
        maximised = (st == "timing" and m["timing"] == "late") or st == "merit"
        keeps.append((st, v - tol if maximised else v + tol))
    return vals, "optimal"


def prepared(folder, scenarios=(), actuals=None, baseline=None):
    """The reference model of a folder with its actuals, approved plan and scenarios applied and its
    proposals made items; and the matching kcplan arguments."""
    m = load(folder, actuals, baseline)
    args = (["--actuals", actuals] if actuals else []) + (["--baseline", baseline] if baseline else [])
    for sc in scenarios:
        apply_scenario(m, sc)
        args += ["-s", sc]
    return with_proposals(m), args


def check_gap(kcplan, folder, tmp, scenarios=(), actuals=None, min_score=None):
    """kcplan gap --format json against the reference elastic model (every target forced; with
    min_score every proposal scoring at least that funded too)."""
    m, args = prepared(folder, scenarios, actuals)
    args += ["--min-score", repr(min_score)] if min_score is not None else []
    fund = {p for p in props(m) if min_score is not None and m["act"][p]["score"] >= min_score}
    v, status = glpsol(build(m, "gap", [], elastic=True, fund=fund), tmp)
    run = subprocess.run([kcplan, "gap", folder, "--format", "json"] + args, capture_output=True, text=True)
    if v is None:
        if status == "infeasible":
            return None if run.returncode == 3 else "reference: no gap closes it, kcplan exited %d" % run.returncode
        return "reference gap failed: %s" % status
    if run.returncode != 0:
        return "kcplan gap exited %d: %s" % (run.returncode, run.stderr.strip())
    got = json.loads(run.stdout)["extra_total"]
    return None if close(got, v) else "gap: kcplan %r, reference %r" % (got, v)


def check_rejects(kcplan, folder, tmp, scenarios=(), actuals=None, baseline=None):
    """proposals.csv's extra_needed against the reference: for a proposal left out, the least extra
    money (the elastic model, shortfalls free) with every unit fixed as planned and the proposal
    started in one open year of its window, the least over those years; kcplan rounds it up to
    0.001. A funded proposal's row must match plan.csv."""
    m, args = prepared(folder, scenarios, actuals, baseline)
    if not props(m):
        return None
    out = os.path.join(tmp, "rejects-out")
    subprocess.run(["rm", "-rf", out])
    os.makedirs(out)
    run = subprocess.run([kcplan, "solve", folder, "-q", "-o", out] + args, capture_output=True, text=True)
    if run.returncode != 0:
        return None if run.returncode == 3 else "kcplan exited %d: %s" % (run.returncode, run.stderr.strip())
    units = {}
    for r in read_csv(os.path.join(out, "plan.csv")):
        units["x_%s_%s" % (r["activity"], r["year"])] = float(r["units"])
    fixed = {"x_%s_%d" % (a, y): units.get("x_%s_%d" % (a, y), 0.0) for a in m["act"] for y in m["years"]
             if not closed(m, y)}
    bad = []
    for r in read_csv(os.path.join(out, "proposals.csv")):
        p = r["id"]
        started = [y for y in m["years"] if units.get("x_%s_%d" % (p, y), 0) > 0.5]
        if r["funded"] == "1":
            if started != [int(r["start_year"])]:
                bad.append("%s: funded from %s, plan.csv starts it in %s" % (p, r["start_year"], started))
            continue
        if started:
            bad.append("%s: not funded, plan.csv starts it in %s" % (p, started))
            continue
        best = None
        for y in m["years"]:
            if closed(m, y) or not startable(m, p, y):
                continue
            v, status = glpsol(build(m, "gap", [], dict(fixed, **{"x_%s_%d" % (p, y): 1.0}), True, False), tmp)
            if v is not None and (best is None or v < best):
                best = v
        if r["extra_needed"] == "":
            if best is not None and best > 1e-6 * max(1.0, best):
                bad.append("%s: no extra money given, the reference needs %r" % (p, best))
            continue
        got = float(r["extra_needed"])
        if best is None or not best - 1e-6 * max(1.0, best) <= got <= best + 0.001 + 1e-6 * max(1.0, best):
            bad.append("%s: extra_needed %r, the reference's least %r" % (p, got, best))
    return "; ".join(bad) or None


def close(a, b, scale=1.0):
    return abs(a - b) <= TOL_REL * max(scale, abs(a), abs(b))


def check(kcplan, folder, tmp, scenarios=(), timing=True, actuals=None, baseline=None):
    """kcplan solve's stage optima against the reference's. The timing stage is a tie-breaker
    searched within a budget: where kcplan did not prove it, the reference optimum must lie between
    kcplan's bound and its value; with timing False only kcplan's bound <= value is checked."""
    m, args = prepared(folder, scenarios, actuals, baseline)
    ref, status = reference(m, tmp, timing)
    run = subprocess.run([kcplan, "solve", folder, "--format", "json"] + args, capture_output=True, text=True)
    if ref is None:
        if status == "infeasible":
            if run.returncode != 3:
                return "reference infeasible (%s) but kcplan exited %d" % (status, run.returncode)
            return None
        return "reference solve failed: %s" % status
    if run.returncode != 0:
        return "kcplan exited %d: %s" % (run.returncode, run.stderr.strip())
    out = json.loads(run.stdout)
    o = out["objective"]
    pairs = [("att", "weighted_shortfall"), ("spend", "total_spend"), ("pref", "source_preference")]
    if m["att"] == "balanced":
        pairs.append(("attmax", "max_weighted_shortfall"))
    if m["has_base"]:
        pairs += [("stab", "stability"), ("stabm", "stability_money")]
    if props(m):
        pairs.append(("merit", "merit"))
    t = [st for st in out["solver"]["stages"] if st["name"] == "timing"]
    bad = [st["name"] + " not proven" for st in out["solver"]["stages"] if st["name"] != "timing" and not st["proven"]]
    if t and not t[0]["proven"]:
        # the best possible lies between the bound and the kept value (late timing: maximised)
        lo, hi = sorted([o["timing_bound"], o["timing_value"]])
        eps = 1e-6 * max(1.0, abs(lo), abs(hi))
        if m["timing"] == "late" and not o["timing_bound"] >= o["timing_value"] - eps or \
                m["timing"] == "early" and not o["timing_bound"] <= o["timing_value"] + eps:
            bad.append("timing bound %r on the wrong side of %r" % (o["timing_bound"], o["timing_value"]))
        if "timing" in ref and not lo - eps <= ref["timing"] <= hi + eps:
            bad.append("timing optimum %r outside kcplan's [%r, %r]" % (ref["timing"], lo, hi))
    elif m["timing"] != "none" and "timing" in ref:
        pairs.append(("timing", "timing_value"))
    # kcplan keeps each stage within 1e-7 of its optimum or of the stage's largest objective
    # coefficient, whichever is larger: a later stage's value is compared on that scale too
    # (spend: the largest money column's scale, a target's units at the unit cost; formulate.c)
    scale = {"att": max([m["act"][t[0]]["w"] for t in m["tgt"]] + [1.0]),
             "spend": max([t[3] * cost(m, t[0], y) for t in m["tgt"] for y in m["years"]] + [1.0]),
             "pref": float(len(m["src"])), "attmax": 1.0, "stab": 1.0, "stabm": 1.0,
             "merit": max([m["act"][p]["score"] for p in props(m)] + [1.0]),
             "timing": max([(y - m["fy"]) * cost(m, a, y) for a in m["act"] for y in m["years"]] + [1.0])}
    bad += ["%s: kcplan %r, reference %r" % (k, o[k], ref[st]) for st, k in pairs
            if not close(o[k], ref[st], scale[st])]
    return "; ".join(bad) or None


def random_model(rng, folder, max_act=6):
    os.makedirs(folder)
    fy = 2021
    ny = rng.randint(1, 5)
    ly = fy + ny - 1
    nsrc = rng.randint(1, 3)
    src = ["s%d" % i for i in range(nsrc)]
    nact = rng.randint(1, max_act)
    acts, meta, lines = [], [], ["id,unit_cost,weight,min_per_year,max_per_year,disbursement,divisible,support_rate"]
    full = 0.0
    targets = ["activity,first_year,last_year,target"]
    for i in range(nact):
        a = "a%d" % i
        L = rng.choice([1, 1, 1, 2, 3]) if ny >= 3 else 1
        p = [rng.randint(1, 5) for _ in range(L)]
        s = sum(p)
        p = [x / s for x in p]
        p[-1] = 1 - sum(p[:-1])
        div = rng.random() < 0.25
        cost = round(rng.uniform(1, 500), rng.choice([0, 1, 2]))
        mn = rng.choice([0, 0, 0, 1])
        mx = rng.choice(["", "", str(mn + rng.randint(1, 6))])
        lines.append("%s,%s,%s,%d,%s,%s,%d,%s" % (a, cost, rng.choice([0, 1, 1, 2, 0.5]), mn, mx,
                                                  " ".join("%.6f" % x for x in p).rstrip(), div,
                                                  rng.choice([1, 0.5, 0.3])))
        acts.append(a)
        meta.append((a, cost, L, div))
        y = fy
        while y <= ly:
            l = min(ly, y + rng.randint(0, 2))
            if rng.random() < 0.8:
                t = rng.randint(1, 12) if not div else round(rng.uniform(0.5, 12), 2)
                targets.append("%s,%d,%d,%s" % (a, y, l, t))
                full += t * cost
            y = l + 1
    # fix the profile sum exactly: rewrite with fractions that sum to 1 in decimal
    fixed = [lines[0]]
    for ln in lines[1:]:
        parts = ln.split(",")
        fr = [float(x) for x in parts[5].split()]
        dec = ["%.3f" % x for x in fr[:-1]]
        last = 1 - sum(float(d) for d in dec)
        parts[5] = " ".join(dec + ["%.3f" % last]) if fr[:-1] else "1"
        fixed.append(",".join(parts))
    open(os.path.join(folder, "activities.csv"), "w").write("\n".join(fixed) + "\n")
    open(os.path.join(folder, "targets.csv"), "w").write("\n".join(targets) + "\n")
    money = full * rng.uniform(0.3, 1.2)
    shares = [rng.random() + 0.2 for _ in src]
    sources = []
    for j, s in enumerate(src):
        c = round(money * shares[j] / sum(shares), 3)
        sources.append({"id": s, "ceiling": c if rng.random() < 0.85 else None})
    prog = {"first_year": fy, "last_year": ly, "sources": sources,
            "price_growth": rng.choice([0, 0, 0.05, -0.02]), "carry_over": rng.random() < 0.5,
            "objective": {"attainment": rng.choice(["weighted", "balanced"]),
                          "timing": rng.choice(["early", "late", "none"]),
                          "source_preference": rng.sample(src, len(src))}}
    json.dump(prog, open(os.path.join(folder, "program.json"), "w"))
    if rng.random() < 0.6:
        rows = ["activity,source,max_share,min_share"]
        for a in acts:
            payers = rng.sample(src, rng.randint(1, nsrc))
            for k, s in enumerate(payers):
                mx = 1 if k == 0 else rng.choice([1, 0.5])
                mn = rng.choice([0, 0, 0.1]) if k > 0 else 0
                rows.append("%s,%s,%s,%s" % (a, s, mx, mn))
        open(os.path.join(folder, "eligibility.csv"), "w").write("\n".join(rows) + "\n")
    if rng.random() < 0.5:
        rows = ["source,year,ceiling"]
        for s in src:
            if rng.random() < 0.6:
                for y in range(fy, ly + 1):
                    rows.append("%s,%d,%.3f" % (s, y, money / nsrc / ny * rng.uniform(0.5, 1.5)))
        open(os.path.join(folder, "annual_ceilings.csv"), "w").write("\n".join(rows) + "\n")
    if ny > 1 and rng.random() < 0.4:  # actuals: the first years closed, recorded units and money
        rows = ["year,activity,units," + ",".join(src)]
        for y in range(fy, fy + rng.randint(1, ny - 1) + 1 if rng.random() < 0.9 else fy + ny):
            for a, c, L, div in meta:
                if y + L - 1 <= ly and rng.random() < 0.7:
                    u = round(rng.uniform(0, 4), 2) if div else rng.choice([0, 0, 1, 2, 3])
                else:
                    u = 0
                paid = u * c * rng.uniform(0.8, 1.2) / L  # a first instalment, more or less as priced
                payers = rng.sample(src, rng.randint(1, nsrc))  # eligible or not: it happened
                money = {s: 0.0 for s in src}
                for s in payers:
                    money[s] = round(paid / len(payers), 3)
                rows.append("%d,%s,%s,%s" % (y, a, u, ",".join("%.3f" % money[s] for s in src)))
        open(os.path.join(folder, "actuals.csv"), "w").write("\n".join(rows) + "\n")


def random_proposals(rng, folder):
    """proposals.csv for a random model: 1 to 6 proposals of random activities, their units at a cost
    per unit around the activity's, a window, sometimes a profile of their own, a score."""
    prog = json.load(open(os.path.join(folder, "program.json")))
    fy, ly = prog["first_year"], prog["last_year"]
    acts = read_csv(os.path.join(folder, "activities.csv"))
    rows = ["id,name,activity,units,cost,disbursement,first_year,last_year,score,owner"]
    for k in range(rng.randint(1, 6)):
        r = rng.choice(acts)
        plen = len(r["disbursement"].split()) if r.get("disbursement") else 1
        own = ""
        if rng.random() < 0.3:
            L = rng.randint(1, ly - fy + 1)
            fr = [rng.randint(1, 4) for _ in range(L)]
            dec = ["%.3f" % (x / sum(fr)) for x in fr[:-1]]
            own = " ".join(dec + ["%.3f" % (1 - sum(float(d) for d in dec))]) if L > 1 else "1"
            plen = L
        last_start = ly - plen + 1
        if last_start < fy:
            continue
        f = rng.randint(fy, last_start)
        l = rng.choice(["", str(rng.randint(f, last_start))])
        units = rng.choice([1, 1, 2, 3]) if r.get("divisible") != "1" else rng.choice([1, 1.5, 2.25])
        c = round(units * float(r["unit_cost"]) * rng.uniform(0.6, 1.5), rng.choice([0, 1, 3]))
        rows.append("p%d,Proposal %d,%s,%s,%s,%s,%d,%s,%s,Owner %d" % (k, k, r["id"], units, max(c, 0.001), own, f, l,
                                                                     rng.choice([0, 10, 35, 50, 72.5, 90]), k % 3))
    open(os.path.join(folder, "proposals.csv"), "w").write("\n".join(rows) + "\n")


def random_baseline(rng, folder, path):
    """An approved plan for a random model: random cells, units and money (it need not be feasible:
    the stability stages only stay close to it)."""
    prog = json.load(open(os.path.join(folder, "program.json")))
    src = [x["id"] for x in prog["sources"]]
    acts = read_csv(os.path.join(folder, "activities.csv"))
    acts += [{"id": r["id"], "unit_cost": r["cost"], "proposal": 1}
             for r in read_csv(os.path.join(folder, "proposals.csv")) or []]
    rows = ["year,activity,units," + ",".join(src)]
    for y in range(prog["first_year"], prog["last_year"] + 1):
        for r in acts:
            if rng.random() < 0.6:
                u = round(rng.uniform(0, 5), 2) if r.get("divisible") == "1" else rng.randint(0, 1 if "proposal" in r else 5)
                money = [u * float(r["unit_cost"]) * rng.uniform(0, 1.2) * (rng.random() < 0.7) for _ in src]
                rows.append("%d,%s,%s,%s" % (y, r["id"], u, ",".join("%.3f" % v for v in money)))
    open(path, "w").write("\n".join(rows) + "\n")


def main():
    kcplan = sys.argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        if sys.argv[2] == "--random":
            n, seed = int(sys.argv[3]), int(sys.argv[4])
            max_act = int(sys.argv[5]) if len(sys.argv) > 5 else 6
            rng = random.Random(seed)
            checked = with_actuals = with_base = with_props = 0
            for i in range(n):
                folder = os.path.join(tmp, "m%d" % i)
                random_model(rng, folder, max_act)
                if subprocess.run([kcplan, "check", folder], capture_output=True).returncode != 0:
                    continue  # the generator may draw an invalid model (e.g. shares); kcplan refused it
                prng = random.Random(seed * 104729 + i)  # proposals: a stream of their own as well
                if prng.random() < 0.5:
                    random_proposals(prng, folder)
                    if subprocess.run([kcplan, "check", folder], capture_output=True).returncode != 0:
                        os.remove(os.path.join(folder, "proposals.csv"))  # e.g. a window the actuals close
                checked += 1
                with_actuals += os.path.exists(os.path.join(folder, "actuals.csv"))
                with_props += os.path.exists(os.path.join(folder, "proposals.csv"))
                brng = random.Random(seed * 7919 + i)  # its own stream: the models stay those of the seed
                base = None
                if brng.random() < 0.5:
                    base = folder + "-approved.csv"
                    random_baseline(brng, folder, base)
                    with_base += 1
                err = check(kcplan, folder, tmp, baseline=base) or check_gap(kcplan, folder, tmp) or \
                    check_rejects(kcplan, folder, tmp, baseline=base)
                if not err and os.path.exists(os.path.join(folder, "proposals.csv")):
                    err = check_gap(kcplan, folder, tmp, min_score=prng.choice([0, 35, 50, 72.5]))
                if err:
                    failures += 1
                    keep = "/tmp/kcplan-spec-fail-%d-%d" % (seed, i)
                    subprocess.run(["rm", "-rf", keep])
                    subprocess.run(["cp", "-r", folder, keep])
                    if base:
                        subprocess.run(["cp", base, keep + "-approved.csv"])
                    print("FAIL random model %d (kept in %s): %s" % (i, keep, err))
            print("%d random models checked (%d with actuals, %d with an approved plan, %d with proposals), %d failed" %
                  (checked, with_actuals, with_base, with_props, failures))
            if checked < n // 2:
                print("FAIL too few valid random models")
                failures += 1
        else:
            opt = {k: [sys.argv[i + 1] for i in range(3, len(sys.argv) - 1) if sys.argv[i] == k]
                   for k in ("-s", "--actuals", "--baseline")}
            scen, act, base = opt["-s"], (opt["--actuals"] or [None])[0], (opt["--baseline"] or [None])[0]
            # --hard: the reference cannot prove the timing stage or the gap in reasonable time
            hard = "--hard" in sys.argv
            err = check(kcplan, sys.argv[2], tmp, scen, not hard, act, base) or \
                (None if hard else check_gap(kcplan, sys.argv[2], tmp, scen, act)) or \
                check_rejects(kcplan, sys.argv[2], tmp, scen, act, base)
            if err:
                failures += 1
                print("FAIL %s %s: %s" % (sys.argv[2], " ".join(scen), err))
            else:
                print("ok: %s %s agrees with the reference" % (sys.argv[2], " ".join(scen)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
