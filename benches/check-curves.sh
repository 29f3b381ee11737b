#!/usr/bin/env bash
# `mvplan check` on plans whose channels all have response curves — 500,
# 2,000 and 4,000 channels, ten to an objective, each with a typed forecast
# too — whole process: the forecast from curves must grow with the plan,
# not with its cube. bash benches/check-curves.sh (needs hyperfine, python3).
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/cargo.lock cargo build --release --quiet 2>/dev/null || cargo build --release --quiet
bin="${MVPLAN_BIN:-$PWD/target/release/mvplan}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
for n in (500, 2000, 4000):
    plan = ["[plan]", f'title = "{n} curves"', 'organisation = "Bench"', 'owner = "Bench"',
            "start = 2027-01-01", "end = 2027-12-31", 'currency = "EUR"', "",
            "[[goals]]", 'id = "g"', 'statement = "Grow"', "",]
    for o in range(n // 10):
        plan += ["[[objectives]]", f'id = "o{o}"', f'statement = "Objective {o}"',
                 'supports = ["g"]', 'unit = "EUR"', "baseline = 0", "target = 1000000", ""]
    for c in range(n):
        o = c // 10
        plan += ["[[channels]]", f'id = "c{c}"', f'name = "Channel {c}"', f'supports = ["o{o}"]',
                 "budget = 10000", f'forecast = {{ o{o} = 50000 }}', "",
                 "[channels.response]", f'objective = "o{o}"', f"half_saturation = {8000 + c % 7 * 1000}",
                 "slope = 1", "max_outcome = 120000", 'source = "Bench MMM"', ""]
    plan += ["[budget]", f"total = {n * 10000}"]
    open(f"{out}/curves-{n}.toml", "w").write("\n".join(plan) + "\n")
PY
cd "$work"
for n in 500 2000 4000; do "$bin" check "curves-$n.toml" >/dev/null || true; done
hyperfine -N --warmup 1 --runs 5 -i \
  "$bin check curves-500.toml" "$bin check curves-2000.toml" "$bin check curves-4000.toml"
