#!/usr/bin/env python3
"""wide_check.py — kcplan's attainment optimum against glpsol and CBC on random models whose numbers
span many orders of magnitude, settled from the plans themselves.

Every model is drawn with log-uniform unit costs (0.01 to 100,000 million VND), targets (1 to a
million units), weights (0.0001 to 100), price growth up to 10% a year and ceilings from a third of
the full cost to more than all of it. kcplan solves it; the independent stage-1 model of
spec_check.py (its own LP text) is solved by glpsol and by CBC. Each of the three plans then has its
whole units fixed and the rest re-solved by `glpsol --exact` (rational arithmetic): that is the
plan's true weighted shortfall, whatever tolerance its solver used. kcplan fails when

  - its plan is infeasible, or its true value differs from the one it reports, or
  - a peer's plan is truly better than kcplan's by more than the documented keep tolerance
    (1e-7 of the largest weight or of the optimum; 1e-6 is used here), or
  - it exits with anything but 0, or 2 with the documented "cannot be solved reliably" refusal.

Peers that claim an optimum worse than kcplan's true value are counted and printed (they are wrong,
not kcplan). A third of the models that pass are then re-planned: kcplan's own plan of their first
years becomes actuals.csv, and the re-plan (with that plan as --baseline, so the stability stages
run too) is checked the same way against the peers' models with those years closed.

  wide_check.py KCPLAN N SEED        N random models from SEED; exit 1 on any failure
"""
import csv, json, math, os, random, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import spec_check as sc  # noqa: E402


def logu(rng, lo, hi):
    return 10 ** rng.uniform(math.log10(lo), math.log10(hi))


def sig(v, n=4):
    return float("%.*g" % (n, v))


def random_model(rng, folder):
    os.makedirs(folder)
    fy = 2021
    ny = rng.choice([1, 2, 3, 4, 5, 5, 8, 10])
    ly = fy + ny - 1
    nsrc = rng.randint(1, 3)
    src = ["s%d" % i for i in range(nsrc)]
    nact = rng.randint(1, 8)
    g = rng.choice([0, 0, 0.03, -0.02, 0.1])
    lines = ["id,unit_cost,weight,min_per_year,max_per_year,disbursement,divisible"]
    targets = ["activity,first_year,last_year,target"]
    full = 0.0
    acts = []
    for i in range(nact):
        a = "a%d" % i
        acts.append(a)
        L = rng.choice([1, 1, 1, 2, 3]) if ny >= 3 else 1
        p = [rng.randint(1, 5) for _ in range(L)]
        dec = ["%.3f" % (x / sum(p)) for x in p[:-1]]
        disb = " ".join(dec + ["%.3f" % (1 - sum(float(d) for d in dec))]) if dec else "1"
        div = rng.random() < 0.2
        cost = sig(logu(rng, 0.01, 1e5))
        w = 0 if rng.random() < 0.05 else sig(logu(rng, 1e-4, 100), 2)
        scale = logu(rng, 1, 1e6)
        mn = 0 if rng.random() < 0.85 else int(scale / ny / 4)
        mx = "" if rng.random() < 0.7 else str(int(mn + max(1, scale / ny * rng.uniform(0.3, 2))))
        lines.append("%s,%r,%r,%d,%s,%s,%d" % (a, cost, w, mn, mx, disb, div))
        y = fy
        while y <= ly:
            last = min(ly, y + rng.randint(0, 3))
            if rng.random() < 0.85:
                t = sig(scale * rng.uniform(0.2, 1), 3) if div else max(1, int(scale * rng.uniform(0.2, 1)))
                targets.append("%s,%d,%d,%r" % (a, y, last, t))
                full += t * cost * (1 + g) ** (last - fy)
            y = last + 1
    open(os.path.join(folder, "activities.csv"), "w").write("\n".join(lines) + "\n")
    open(os.path.join(folder, "targets.csv"), "w").write("\n".join(targets) + "\n")
    money = max(1.0, full) * rng.uniform(0.3, 1.3)
    shares = [rng.random() + 0.2 for _ in src]
    sources = [{"id": s, "ceiling": sig(money * shares[j] / sum(shares), 6) if rng.random() < 0.9 else None}
               for j, s in enumerate(src)]
    prog = {"first_year": fy, "last_year": ly, "sources": sources, "price_growth": g,
            "carry_over": rng.random() < 0.5,
            "objective": {"attainment": "weighted", "timing": rng.choice(["early", "none"])}}
    json.dump(prog, open(os.path.join(folder, "program.json"), "w"))
    if nsrc > 1 and rng.random() < 0.6:
        rows = ["activity,source,max_share,min_share"]
        for a in acts:
            for k, s in enumerate(rng.sample(src, rng.randint(1, nsrc))):
                rows.append("%s,%s,%s,0" % (a, s, 1 if k == 0 else rng.choice([1, 0.5])))
        open(os.path.join(folder, "eligibility.csv"), "w").write("\n".join(rows) + "\n")
    if rng.random() < 0.4:
        rows = ["source,year,ceiling"]
        for s in src:
            if rng.random() < 0.6:
                rows += ["%s,%d,%r" % (s, y, sig(money / nsrc / ny * rng.uniform(0.5, 1.5), 6)) for y in range(fy, ly + 1)]
        open(os.path.join(folder, "annual_ceilings.csv"), "w").write("\n".join(rows) + "\n")


def int_names(m):
    names = {"x_%s_%d" % (a, y) for a in m["act"] if not m["act"][a]["div"] for y in m["years"]}
    return names | {"n_%d" % i for i, t in enumerate(m["tgt"]) if not m["act"][t[0]]["div"]}


def exact_value(m, fixed, tmp):
    """The weighted shortfall of the plan whose whole units are `fixed`, in rational arithmetic
    (None when no money flow pays for those units)."""
    path = os.path.join(tmp, "fixed.lp")
    open(path, "w").write(sc.build(m, "att", [], fixed))
    if os.path.exists(path + ".sol"):
        os.remove(path + ".sol")
    subprocess.run(["glpsol", "--lp", path, "--exact", "-o", path + ".sol"], capture_output=True, text=True)
    sol = open(path + ".sol").read() if os.path.exists(path + ".sol") else ""
    if "Status:     OPTIMAL" not in sol:
        return None
    return float([l for l in sol.splitlines() if l.startswith("Objective:")][0].split("=")[1].split()[0])


def cbc_plan(m, tmp):
    path = os.path.join(tmp, "cbc.lp")
    open(path, "w").write(sc.build(m, "att", []))
    out = path + ".sol"
    if os.path.exists(out):
        os.remove(out)
    subprocess.run(["cbc", path, "ratioGap", "1e-9", "sec", "60", "solve", "solu", out], capture_output=True, text=True)
    if not os.path.exists(out):
        return None, None
    lines = open(out).read().splitlines()
    if not lines or not lines[0].startswith("Optimal"):
        return None, None
    vals = {}
    for ln in lines[1:]:
        tok = ln.split()
        if len(tok) >= 3:
            vals[tok[1]] = float(tok[2])
    return float(lines[0].split("objective value")[1]), vals


def glpsol_plan(m, tmp):
    v, status = sc.glpsol(sc.build(m, "att", []), tmp)
    return (v, sc.columns(tmp)) if v is not None else (None, None)


def kcplan_plan(m, folder):
    fixed = {}
    with open(os.path.join(folder, "out", "plan.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if not m["act"][r["activity"]]["div"]:
                fixed["x_%s_%s" % (r["activity"], r["year"])] = float(r["units"])
    for a in m["act"]:
        if not m["act"][a]["div"]:
            for y in m["years"]:
                fixed.setdefault("x_%s_%d" % (a, y), 0.0)
    for i, (a, f, l, t) in enumerate(m["tgt"]):
        if not m["act"][a]["div"]:
            fixed["n_%d" % i] = sum(fixed["x_%s_%d" % (a, y)] for y in range(f, l + 1))
    return fixed


def check_one(kcplan, folder, tmp, stats, extra=()):
    m = sc.load(folder)
    out = os.path.join(folder, "out")
    os.makedirs(out)
    # (the time limit only keeps a pathological solve from hanging the run: hitting it, exit 4, fails)
    run = subprocess.run([kcplan, "solve", folder, "-o", out, "--format", "json", "--time-limit", "300"] + list(extra),
                         capture_output=True, text=True)
    if run.returncode == 2 and "cannot be solved reliably" in run.stderr:
        stats["refused"] += 1
        return None
    ref_v, ref_cols = glpsol_plan(m, tmp)
    cbc_v, cbc_cols = cbc_plan(m, tmp)
    if run.returncode == 3:
        if ref_v is None and cbc_v is None:
            stats["infeasible"] += 1
            return None
        return "kcplan says infeasible, glpsol %r, CBC %r" % (ref_v, cbc_v)
    if run.returncode != 0:
        return "kcplan exited %d: %s" % (run.returncode, run.stderr.strip()[-300:])
    said = json.load(open(os.path.join(out, "summary.json")))["objective"]["weighted_shortfall"]
    wmax = max([m["act"][t[0]]["w"] for t in m["tgt"]] + [1e-300])
    tol = 1e-6 * max(wmax, abs(said))
    mine = exact_value(m, kcplan_plan(m, folder), tmp)
    if mine is None:
        return "kcplan's plan is infeasible in exact arithmetic"
    if abs(mine - said) > tol:
        return "kcplan reports %r, its plan's exact value is %r" % (said, mine)
    best = mine
    for name, v, cols in (("glpsol", ref_v, ref_cols), ("CBC", cbc_v, cbc_cols)):
        if cols is None:
            stats[name + "_failed"] += 1
            continue
        ints = {k: round(x) for k, x in cols.items() if k in int_names(m)}
        z = exact_value(m, ints, tmp)
        if z is None:
            stats[name + "_infeasible_plan"] += 1
            continue
        if z < mine - tol:
            return "%s's plan is better: exact %r against kcplan's %r" % (name, z, mine)
        if z > mine + tol:
            stats[name + "_worse"] += 1
        best = min(best, z)
    stats["agreed"] += 1
    return None


def main():
    kcplan, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    stats = {k: 0 for k in ("agreed", "replanned", "refused", "infeasible", "invalid", "glpsol_worse", "CBC_worse", "glpsol_failed",
                            "CBC_failed", "glpsol_infeasible_plan", "CBC_infeasible_plan")}
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            folder = os.path.join(tmp, "m%d" % i)
            random_model(rng, folder)
            chk = subprocess.run([kcplan, "check", folder], capture_output=True, text=True)
            if chk.returncode != 0:
                stats["invalid"] += 1
                if "cannot be solved reliably" in chk.stderr:
                    stats["refused"] += 1
                shutil.rmtree(folder)
                continue
            err = check_one(kcplan, folder, tmp, stats)
            years = sc.load(folder)["years"]
            rrng = random.Random(seed * 7919 + i)  # its own stream: the models stay those of the seed
            if not err and len(years) > 1 and rrng.random() < 0.35 and \
                    os.path.exists(os.path.join(folder, "out", "plan.csv")):
                last = years[0] + rrng.randint(0, len(years) - 2)
                approved = os.path.join(tmp, "approved-%d.csv" % i)
                shutil.move(os.path.join(folder, "out", "plan.csv"), approved)
                shutil.rmtree(os.path.join(folder, "out"))
                rows = open(approved).read().splitlines()
                open(os.path.join(folder, "actuals.csv"), "w").write(
                    "\n".join([rows[0]] + [r for r in rows[1:] if int(r.split(",")[0]) <= last]) + "\n")
                stats["replanned"] += 1
                err = check_one(kcplan, folder, tmp, stats, ["--baseline", approved])
                err = err and "re-plan with %d-%d closed: %s" % (years[0], last, err)
            if err:
                failures += 1
                keep = "/tmp/kcplan-wide-fail-%d-%d" % (seed, i)
                shutil.rmtree(keep, ignore_errors=True)
                shutil.copytree(folder, keep)
                print("FAIL model %d (kept in %s): %s" % (i, keep, err), flush=True)
            shutil.rmtree(folder)
    print(" ".join("%s=%d" % kv for kv in stats.items()))
    print("%d passed, %d failed" % (n - failures, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
