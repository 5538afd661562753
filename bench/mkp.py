#!/usr/bin/env python3
"""mkp.py — 0-1 multi-period capital budgeting (multidimensional knapsack) instances as kcplan models.

  mkp.py [--proposals] convert FILE OUTDIR [PREFIX]   every instance of an OR-Library file (mknap1, mknapcb*)
  mkp.py [--proposals] generate OUTDIR N M ALPHA SEED  one instance after Chu & Beasley's recipe

Each instance k becomes OUTDIR/PREFIXk/ holding a kcplan model and plain.lp, the textbook model
(max sum p(j) x(j) s.t. sum r(i,j) x(j) <= b(i), x binary) for glpsol and CBC, and optimum.txt (the
published optimum, 0 when unknown). In the kcplan model each project j is an activity with a target
of one unit in the first year, weighted by its value p(j), at most one unit a year; its cost profile
r(1..m, j) over m years is its unit cost (the sum) and disbursement (the shares); with --proposals
each project is instead a row of proposals.csv (cost and disbursement the same, score p(j), a window
of the first year only) of one activity without targets, so that kcplan's merit stage is the
knapsack's optimum and its weighted shortfall 0. One source
"budget" has the constraint right-hand sides b(i) as its annual ceilings. kcplan's weighted
shortfall is then sum p(j) minus the selected projects' value. The shares are written to 17
significant digits; because every r(i,j) and b(i) is an integer, the ceilings are raised by 1e-6 so
that a selection that fits exactly is not lost to the shares' last binary digit (no integer plan can
use that 1e-6). Projects whose costs are all 0 (a few in mknap1) cost 1e-9 in the first year.

Chu & Beasley (1998): r(i,j) uniform integers in [0, 1000], b(i) = ALPHA * sum_j r(i,j) (ALPHA the
tightness ratio: 0.25, 0.5, 0.75), p(j) = sum_i r(i,j) / m + 500 q(j) with q(j) uniform in (0, 1),
rounded down."""
import json
import os
import random
import sys


def read_orlib(path):
    """The instances of an OR-Library multidimensional knapsack file: (n, m, optimum, p, r, b)."""
    tok = open(path).read().split()
    pos = 0

    def take(k):
        nonlocal pos
        out = tok[pos:pos + k]
        pos += k
        return [float(x) for x in out]

    count = int(take(1)[0])
    out = []
    for _ in range(count):
        n, m, opt = take(3)
        n, m = int(n), int(m)
        p = take(n)
        r = [take(n) for _ in range(m)]
        b = take(m)
        out.append((n, m, opt, p, r, b))
    return out


def num(v):
    return "%d" % v if v == int(v) else repr(v)


def write_instance(folder, n, m, opt, p, r, b, proposals=False):
    os.makedirs(folder, exist_ok=True)
    first = 2001
    years = list(range(first, first + m))
    acts = ["id,unit_cost,weight,max_per_year,disbursement"]
    tgts = ["activity,first_year,last_year,target"]
    props = ["id,name,activity,cost,disbursement,first_year,last_year,score"]
    if proposals:
        acts.append("project,1,1,0,1")
    for j in range(n):
        costs = [r[i][j] for i in range(m)]
        total = sum(costs)
        if total == 0:
            costs, total = [1e-9] + [0.0] * (m - 1), 1e-9
        shares = [c / total for c in costs]
        shares[-1] = 1.0 - sum(shares[:-1]) if shares[-1] > 0 else shares[-1]
        profile = " ".join("%.17g" % s for s in shares)
        if proposals:
            props.append("p%03d,Project %d,project,%s,%s,%d,%d,%s" % (j + 1, j + 1, num(total), profile, first, first,
                                                                     num(p[j])))
            continue
        acts.append("p%03d,%s,%s,1,%s" % (j + 1, num(total), num(p[j]), profile))
        tgts.append("p%03d,%d,%d,1" % (j + 1, first, first))
    if proposals:
        with open(os.path.join(folder, "proposals.csv"), "w") as f:
            f.write("\n".join(props) + "\n")
    prog = {"name": os.path.basename(folder), "first_year": first, "last_year": years[-1],
            "sources": [{"id": "budget", "name": "Capital budget"}],
            "objective": {"attainment": "weighted", "timing": "none", "source_preference": ["budget"]}}
    ceil = ["source,year,ceiling"] + ["budget,%d,%s" % (y, repr(b[i] + 1e-6)) for i, y in enumerate(years)]
    for name, text in (("activities.csv", acts), ("targets.csv", tgts), ("annual_ceilings.csv", ceil)):
        with open(os.path.join(folder, name), "w") as f:
            f.write("\n".join(text) + "\n")
    with open(os.path.join(folder, "program.json"), "w") as f:
        json.dump(prog, f, indent=1)
    lp = ["Maximize", " value: " + " + ".join("%s x%d" % (num(p[j]), j + 1) for j in range(n)), "Subject To"]
    for i in range(m):
        terms = [("%s x%d" % (num(r[i][j]), j + 1)) for j in range(n) if r[i][j] != 0]
        lp.append(" c%d: %s <= %s" % (i + 1, " + ".join(terms) if terms else "0 x1", num(b[i])))
    lp += ["Binary"] + [" x%d" % (j + 1) for j in range(n)] + ["End"]
    with open(os.path.join(folder, "plain.lp"), "w") as f:
        f.write("\n".join(lp) + "\n")
    with open(os.path.join(folder, "optimum.txt"), "w") as f:
        f.write("%s %s\n" % (num(opt), num(sum(p))))


def chu_beasley(n, m, alpha, seed):
    rng = random.Random(seed)
    r = [[float(rng.randint(0, 1000)) for _ in range(n)] for _ in range(m)]
    b = [float(int(alpha * sum(row))) for row in r]
    p = [float(int(sum(r[i][j] for i in range(m)) / m + 500 * rng.random())) for j in range(n)]
    return n, m, 0.0, p, r, b


def main():
    argv = [a for a in sys.argv if a != "--proposals"]
    props = len(argv) < len(sys.argv)
    if len(argv) >= 4 and argv[1] == "convert":
        prefix = argv[4] if len(argv) > 4 else os.path.splitext(os.path.basename(argv[2]))[0] + "-"
        for k, inst in enumerate(read_orlib(argv[2])):
            write_instance(os.path.join(argv[3], "%s%d" % (prefix, k + 1)), *inst, proposals=props)
    elif len(argv) == 7 and argv[1] == "generate":
        n, m, alpha, seed = int(argv[3]), int(argv[4]), float(argv[5]), int(argv[6])
        write_instance(argv[2], *chu_beasley(n, m, alpha, seed), proposals=props)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
