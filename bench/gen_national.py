#!/usr/bin/env python3
"""gen_national.py DIR P [SEED [GROWTH]] — writes a deterministic synthetic national khuyến công model:
P provinces x 8 activity types x 5 years (2021-2025), one national fund and P local funds. Each
province's activities may be paid only by its own local fund and the national fund (the national
share capped per activity type, as the regulations cap national support). Unit costs, targets and
the provinces' local money vary with the seed; the national fund and each local fund cover about
80% of what the targets cost, so every province must trade activities off. GROWTH is the yearly
price growth (default 0; e.g. 0.03), applied to unit costs after the first year."""
import json
import os
import random
import sys

TYPES = [  # id, unit, base unit cost, national max share, disbursement, weight
    ("training", "người", 2.6, 0.0, "1", 1),
    ("startup_class", "lớp", 50, 0.0, "1", 1),
    ("demo_model", "mô hình", 350, 1.0, "1", 2),
    ("cleaner_production", "cơ sở", 50, 1.0, "1", 1),
    ("trade_fair", "lượt", 30, 0.8, "1", 1),
    ("cluster_infra", "cụm", 1700, 1.0, "0.4 0.6", 2),
    ("pollution_treatment", "cơ sở", 150, 1.0, "1", 1),
    ("communication", "đợt", 100, 0.0, "1", 1),
]
BASE_TARGETS = [140, 4, 4, 2, 6, 1, 5, 1]  # per year, roughly Can Tho's scale


def main():
    folder, p = sys.argv[1], int(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    growth = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    rng = random.Random(seed * 1000 + p)
    os.makedirs(folder, exist_ok=True)
    first, last = 2021, 2025
    acts = ["id,name,unit,unit_cost,weight,max_per_year,disbursement,group"]
    tgts = ["activity,first_year,last_year,target"]
    elig = ["activity,source,max_share"]
    local_need, national_need = [], 0.0
    for k in range(1, p + 1):
        prov = "p%02d" % k
        need = 0.0
        for (t, unit, cost, nat, disb, w), base in zip(TYPES, BASE_TARGETS):
            aid = "%s_%s" % (prov, t)
            c = round(cost * rng.uniform(0.8, 1.25), 1)
            scale = rng.uniform(0.5, 1.5)
            cap = max(2, int(base * scale * 1.6) + 1)
            acts.append("%s,Tỉnh %d: %s,%s,%s,%d,%d,%s,Tỉnh %d" % (aid, k, t, unit, c, w, cap, disb, k))
            periods = [(2021, 2022), (2023, 2025)] if t != "cluster_infra" else [(2021, 2024)]
            for f, l in periods:
                n = max(1, int(round(base * scale * (l - f + 1) * (0.25 if t == "cluster_infra" else 1))))
                n = min(n, cap * (l - f + 1))
                tgts.append("%s,%d,%d,%d" % (aid, f, l, n))
                need += n * c
            elig.append("%s,local_%02d,1" % (aid, k))
            if nat > 0:
                elig.append("%s,national,%s" % (aid, nat))
        local_need.append(need)
        national_need += need
    sources = [{"id": "national", "name": "Khuyến công quốc gia (KCQG)", "ceiling": round(0.45 * national_need, 1)}]
    annual = ["source,year,ceiling"]
    for y in range(first, last + 1):
        annual.append("national,%d,%.1f" % (y, 0.45 * national_need / 5 * (0.8 if y == first else 1.05)))
    for k, need in enumerate(local_need, 1):
        sources.append({"id": "local_%02d" % k, "name": "Khuyến công địa phương tỉnh %d" % k,
                        "ceiling": round(need * rng.uniform(0.3, 0.45), 1)})
    prog = {"name": "Synthetic national programme: %d provinces (seed %d)" % (p, seed),
            "first_year": first, "last_year": last, "sources": sources, "price_growth": growth,
            "carry_over": True, "objective": {"attainment": "weighted", "timing": "early"}}
    json.dump(prog, open(os.path.join(folder, "program.json"), "w"), ensure_ascii=False, indent=1)
    for name, rows in (("activities.csv", acts), ("targets.csv", tgts), ("eligibility.csv", elig),
                       ("annual_ceilings.csv", annual)):
        with open(os.path.join(folder, name), "w") as f:
            f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
