#!/usr/bin/env bash
# Plans as workbooks, whole process (needs hyperfine, python3):
#   bash benches/plan-workbook.sh
# 1. `mvplan import` of a 200-channel plan workbook (target ≤ 30 ms);
# 2. `mvplan review` of a folder of 1,000 plan workbooks (target ≤ 2 s on
#    2 cores). The workbooks are written by `mvplan export --what
#    plan-workbook` from generated TOML plans, which are then removed.
# MVPLAN_BIN=path times another build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${MVPLAN_BIN:-}" ]; then
    flock /tmp/cargo.lock cargo build --release --locked --quiet
fi
bin="${MVPLAN_BIN:-$PWD/target/release/mvplan}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/big" "$work/units"
python3 - "$work" <<'PY'
import sys
out = sys.argv[1]

def plan(title, channels):
    p = ["[plan]", f'title = "{title}"', 'organisation = "Bench"', 'unit = "Bench"',
         'owner = "Bench"', "start = 2027-01-01", "end = 2027-12-31", 'currency = "EUR"',
         'status = "submitted"', "",
         "[strategy]", 'statement = "Win where we are strong"', "",
         "[[goals]]", 'id = "g"', 'statement = "Grow"', 'metric = "Revenue"', 'unit = "EUR"',
         "baseline = 10000000", "target = 12000000", "due = 2027-12-31", "",
         "[[objectives]]", 'id = "o"', 'statement = "Pipeline"', 'supports = ["g"]',
         'metric = "Pipeline"', 'unit = "EUR"', "baseline = 0", f"target = {500000 * channels}",
         "due = 2027-12-31", ""]
    for c in range(channels):
        p += ["[[channels]]", f'id = "c{c}"', f'name = "Channel {c}"', 'category = "search"',
              'supports = ["o"]', "budget = 60000", "quarterly = [15000, 15000, 15000, 15000]",
              "forecast = { o = 500000 }",
              f'kpis = [{{ id = "k{c}", name = "Leads", target = 100 }}]', ""]
    p += ["[budget]", f"total = {60000 * channels + 120000}", "contingency = 20000", "",
          "[[budget.lines]]", 'id = "research"', 'name = "Research"', "amount = 100000",
          'work = "upstream"', 'supports = ["o"]', ""]
    return "\n".join(p) + "\n"

open(f"{out}/big/big.toml", "w").write(plan("200 channels", 200))
for u in range(1000):
    open(f"{out}/units/unit-{u:04}.toml", "w").write(plan(f"Unit {u} plan", 8))
PY
"$bin" -q export --what plan-workbook "$work/big/big.toml" -o "$work/big/big.xlsx"
for f in "$work"/units/*.toml; do
    "$bin" -q export --what plan-workbook "$f" -o "${f%.toml}.xlsx"
    rm "$f"
done
ls "$work/units" | head -2
"$bin" check "$work/big/big.xlsx" | tail -1
hyperfine -N --warmup 3 --runs 20 \
    "$bin import $work/big/big.xlsx -o /dev/null --no-policy" \
    "$bin check $work/big/big.xlsx --no-policy --format json"
hyperfine -N --warmup 1 --runs 10 "$bin review $work/units --format json -o /dev/null"
