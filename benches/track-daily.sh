#!/usr/bin/env bash
# `mvplan track` on a year of daily actuals for 50 channels (18,250 rows),
# whole process: bash benches/track-daily.sh (needs hyperfine, python3).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="${MVPLAN_BIN:-$PWD/target/release/mvplan}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import datetime, sys
out = sys.argv[1]
plan = ["[plan]", 'title = "Fifty"', 'organisation = "Bench"', 'owner = "Bench"',
        "start = 2027-01-01", "end = 2027-12-31", 'currency = "EUR"', "",
        "[[goals]]", 'id = "g"', 'statement = "G"', "",
        "[[objectives]]", 'id = "o"', 'statement = "O"', 'supports = ["g"]', 'unit = "EUR"',
        "baseline = 0", "target = 1000000", ""]
for c in range(50):
    plan += ["[[channels]]", f'id = "c{c}"', f'name = "C{c}"', 'supports = ["o"]',
             "budget = 365000", 'kpis = [{ name = "k", target = 1 }]', ""]
plan += ["[budget]", "total = 18250000"]
open(f"{out}/fifty.toml", "w").write("\n".join(plan) + "\n")
rows = ["kind,item,period,committed,actual,currency"]
for i in range(365):
    day = datetime.date(2027, 1, 1) + datetime.timedelta(days=i)
    rows += [f"spend,c{c},{day.isoformat()},0,1000,EUR" for c in range(50)]
open(f"{out}/daily.csv", "w").write("\n".join(rows) + "\n")
PY
cd "$work"
hyperfine -N --warmup 3 --runs 20 "$bin track fifty.toml daily.csv --as-of 2027-12-31 --format json"
