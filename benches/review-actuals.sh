#!/usr/bin/env bash
# `mvplan review` of 1,000 unit plans that each name their actuals (nine
# channels and lines, six months of spend, results), whole process:
# bash benches/review-actuals.sh (needs hyperfine, python3).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/mvplan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
for u in range(1000):
    plan = ["[plan]", f'title = "Unit {u} plan"', 'organisation = "Bench"', f'unit = "Unit {u}"',
            'owner = "Bench"', "start = 2027-01-01", "end = 2027-12-31", 'currency = "EUR"',
            'status = "submitted"', f'actuals = ["unit-{u:04}.actuals.csv"]', "",
            "[strategy]", 'statement = "Win where we are strong"', "",
            "[[goals]]", 'id = "g"', 'statement = "Grow"', 'metric = "Revenue"', 'unit = "EUR"',
            "baseline = 10000000", "target = 12000000", "due = 2027-12-31", "",
            "[[objectives]]", 'id = "o"', 'statement = "Pipeline"', 'supports = ["g"]',
            'metric = "Pipeline"', 'unit = "EUR"', "baseline = 0", "target = 4000000",
            "due = 2027-12-31", ""]
    for c in range(8):
        plan += ["[[channels]]", f'id = "c{c}"', f'name = "Channel {c}"', 'supports = ["o"]',
                 "budget = 60000", "quarterly = [15000, 15000, 15000, 15000]",
                 "forecast = { o = 500000 }",
                 f'kpis = [{{ id = "k{c}", name = "Leads", target = 100 }}]', ""]
    plan += ["[budget]", "total = 600000", "contingency = 20000", "",
             "[[budget.lines]]", 'id = "research"', 'name = "Research"', "amount = 100000",
             'work = "upstream"', 'supports = ["o"]', ""]
    open(f"{out}/unit-{u:04}.toml", "w").write("\n".join(plan) + "\n")
    rows = ["kind,item,period,committed,actual,currency"]
    for m in range(1, 7):
        rows += [f"spend,c{c},2027-{m:02d},0,{5000 + 37 * ((u + c + m) % 17)},EUR" for c in range(8)]
        rows.append(f"spend,research,2027-{m:02d},0,8000,EUR")
    rows += ["result,o,2027-03-31,,900000,", f"result,o,2027-06-30,,{1800000 + 1000 * u},"]
    rows += [f"result,k{c},2027-06-30,,{40 + c},"for c in range(8)]
    open(f"{out}/unit-{u:04}.actuals.csv", "w").write("\n".join(rows) + "\n")
PY
("$bin" review "$work" --format csv 2>/dev/null || true) | head -3 | cut -c1-400 || true
hyperfine -N --warmup 2 --runs 10 "$bin review $work --format json -o /dev/null" "$bin review $work --format md -o /dev/null"
