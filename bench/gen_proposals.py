#!/usr/bin/env python3
"""gen_proposals.py DIR [N [P [SEED]]] — a deterministic synthetic national call for proposals: N
submitted proposals (default 2000) from P provinces (default 34) over 2021-2025, one national fund
and one local fund per province. Each province has five project activities (demonstration models,
cleaner production, cluster infrastructure, pollution treatment, trade promotion) that only
proposals deliver (max_per_year 0: no generic units), each with a target over the programme of
about 40% of the units its province's proposals offer. A proposal has a window of one to three
start years, its own payment profile of one to three years (cluster infrastructure two or three),
a requested cost drawn around its activity's unit cost times its units, an appraisal score from 40
to 100 and an owner. The national fund (up to 80% of a project, as the regulations cap national
support; cluster infrastructure and pollution treatment 100%) covers about 35% of all that is
requested, with annual ceilings carried over; each local fund about 25% of its province's requests.
The attainment stage then chooses which units to deliver, and the merit stage the best-scored
selection among the plans that deliver them."""
import json
import os
import random
import sys

TYPES = [  # id, unit, unit cost, national max share, profile lengths
    ("demo_model", "mô hình", 350, 0.8, (1, 2)),
    ("cleaner_production", "cơ sở", 50, 0.8, (1,)),
    ("cluster_infra", "cụm", 1700, 1.0, (2, 3)),
    ("pollution_treatment", "cơ sở", 150, 1.0, (1, 2)),
    ("trade_promotion", "lượt", 30, 0.8, (1,)),
]
OWNERS = ["HTX", "Công ty TNHH", "Công ty CP", "Cơ sở", "Làng nghề", "UBND huyện"]


def profile(rng, n):
    if n == 1:
        return "1"
    w = [rng.randint(2, 6) for _ in range(n)]
    fr = ["%.2f" % (x / sum(w)) for x in w[:-1]]
    return " ".join(fr + ["%.2f" % (1 - sum(float(f) for f in fr))])


def main():
    folder = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    p = int(sys.argv[3]) if len(sys.argv) > 3 else 34
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = random.Random(seed * 7919 + n * 31 + p)
    os.makedirs(folder, exist_ok=True)
    first, last = 2021, 2025
    acts = ["id,name,unit,unit_cost,weight,max_per_year,group"]
    elig = ["activity,source,max_share"]
    props = ["id,name,activity,units,cost,disbursement,first_year,last_year,score,owner"]
    offered = {}
    requested = [0.0] * (p + 1)
    for k in range(1, p + 1):
        for t, unit, cost, nat, _ in TYPES:
            aid = "p%02d_%s" % (k, t)
            acts.append("%s,Tỉnh %d: %s,%s,%s,%d,0,Tỉnh %d" % (aid, k, t, unit, cost, rng.choice([1, 1, 2]), k))
            elig.append("%s,local_%02d,1" % (aid, k))
            elig.append("%s,national,%s" % (aid, nat))
            offered[aid] = 0
    for i in range(n):
        k = rng.randint(1, p)
        t, unit, cost, nat, lens = TYPES[rng.randrange(len(TYPES))]
        aid = "p%02d_%s" % (k, t)
        units = 1 if t == "cluster_infra" else rng.choice([1, 1, 1, 2, 2, 3, 5])
        c = round(units * cost * rng.lognormvariate(0, 0.25), 1)
        plen = rng.choice(lens)
        f = rng.randint(first, last - plen + 1)
        l = min(last - plen + 1, f + rng.randint(0, 2))
        props.append("d%04d,Đề án %d,%s,%d,%s,%s,%d,%d,%d,%s %d" % (
            i + 1, i + 1, aid, units, c, profile(rng, plen), f, l, rng.randint(40, 100), rng.choice(OWNERS), i % 97 + 1))
        offered[aid] += units
        requested[k] += c
    tgts = ["activity,first_year,last_year,target"]
    for aid, u in offered.items():
        if u > 0:
            tgts.append("%s,%d,%d,%d" % (aid, first, last, max(1, int(0.4 * u))))
    total = sum(requested)
    sources = [{"id": "national", "name": "Khuyến công quốc gia (KCQG)", "ceiling": round(0.35 * total, 1)}]
    annual = ["source,year,ceiling"] + ["national,%d,%.1f" % (y, 0.35 * total / 5 * (0.7 if y == first else 1.1))
                                        for y in range(first, last + 1)]
    for k in range(1, p + 1):
        sources.append({"id": "local_%02d" % k, "name": "Khuyến công địa phương tỉnh %d" % k,
                        "ceiling": round(0.25 * requested[k], 1)})
    prog = {"name": "Synthetic national call for proposals: %d proposals, %d provinces (seed %d)" % (n, p, seed),
            "first_year": first, "last_year": last, "sources": sources, "carry_over": True,
            "objective": {"attainment": "weighted", "timing": "early"}}
    json.dump(prog, open(os.path.join(folder, "program.json"), "w"), ensure_ascii=False, indent=1)
    for name, rows in (("activities.csv", acts), ("targets.csv", tgts), ("eligibility.csv", elig),
                       ("annual_ceilings.csv", annual), ("proposals.csv", props)):
        with open(os.path.join(folder, name), "w") as fh:
            fh.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
