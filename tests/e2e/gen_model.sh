#!/usr/bin/env bash
# gen_model.sh DIR ACTIVITIES YEARS SEED [MONEY_SHARE] — writes a deterministic synthetic model:
# ACTIVITIES indivisible activities over YEARS years with pseudo-random unit costs, weights and
# targets, two sources whose ceilings cover MONEY_SHARE (default 0.7) of the full targets' cost.
# Cutting among many activities of different cost per weight makes branch-and-bound work hard.
set -eu
dir=$1 n=$2 years=$3 seed=$4 share=${5:-0.7}
mkdir -p "$dir"
awk -v n="$n" -v years="$years" -v seed="$seed" -v share="$share" -v dir="$dir" 'BEGIN {
  srand(seed); first = 2021; last = first + years - 1; total = 0
  act = dir "/activities.csv"; tgt = dir "/targets.csv"
  print "id,name,unit,unit_cost,weight,max_per_year" > act
  print "activity,first_year,last_year,target" > tgt
  for (i = 1; i <= n; i++) {
    cost = int(10 + rand() * 990) + 0.5 * int(rand() * 2)
    w = 1 + int(rand() * 3); cap = 2 + int(rand() * 6)
    printf "a%03d,Activity %d,unit,%s,%d,%d\n", i, i, cost, w, cap > act
    for (y = first; y <= last; y += 2) {
      l = y + 1 > last ? last : y + 1
      t = 1 + int(rand() * cap * (l - y + 1))
      printf "a%03d,%d,%d,%d\n", i, y, l, t > tgt
      total += t * cost
    }
  }
  money = total * share
  printf "{\"name\": \"synthetic %d x %d (seed %d)\", \"first_year\": %d, \"last_year\": %d,\n", n, years, seed, first, last > dir "/program.json"
  printf " \"sources\": [{\"id\": \"national\", \"ceiling\": %.3f}, {\"id\": \"local\", \"ceiling\": %.3f}]}\n", money * 0.6, money * 0.4 > dir "/program.json"
}'
