#!/usr/bin/env bash
# `mvplan track` on a million actuals rows (2,739 channels × 365 days of
# spend, ~28 MB of CSV), whole process: time with hyperfine, peak memory
# with /usr/bin/time -v. The cost must grow with the rows, and stay a small
# multiple of the file. bash benches/track-million.sh (needs hyperfine,
# python3, GNU time).
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/cargo.lock cargo build --release --quiet 2>/dev/null || cargo build --release --quiet
bin="${MVPLAN_BIN:-$PWD/target/release/mvplan}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import datetime, sys
out = sys.argv[1]
n = 2739
plan = ["[plan]", 'title = "Million"', 'organisation = "Bench"', 'owner = "Bench"',
        "start = 2027-01-01", "end = 2027-12-31", 'currency = "EUR"', "",
        "[[goals]]", 'id = "g"', 'statement = "G"', "",
        "[[objectives]]", 'id = "o"', 'statement = "O"', 'supports = ["g"]', 'unit = "EUR"',
        "baseline = 0", "target = 1000000", ""]
for c in range(n):
    plan += ["[[channels]]", f'id = "c{c}"', f'name = "C{c}"', 'supports = ["o"]',
             "budget = 3650", 'kpis = [{ name = "k", target = 1 }]', ""]
plan += ["[budget]", f"total = {n * 3650}"]
open(f"{out}/million.toml", "w").write("\n".join(plan) + "\n")
with open(f"{out}/million.csv", "w") as f:
    f.write("kind,item,period,committed,actual,currency\n")
    for i in range(365):
        day = (datetime.date(2027, 1, 1) + datetime.timedelta(days=i)).isoformat()
        f.write("".join(f"spend,c{c},{day},0,9,\n" for c in range(n)))
PY
cd "$work"
ls -l million.csv
/usr/bin/time -v "$bin" track million.toml million.csv --as-of 2027-12-31 --format json 2>&1 >/dev/null \
  | grep -E "Maximum resident|Elapsed"
hyperfine -N --warmup 1 --runs 5 -i "$bin track million.toml million.csv --as-of 2027-12-31 --format json"
