#!/usr/bin/env bash
# `mvplan review` of 1,000 unit plans that each describe their stack (four
# tools, one a marketing-automation platform every unit buys, customer-facing
# automations) and target the group's shared audiences with phased channels
# and initiatives that depend on another unit's: the stack and calendar
# roll-ups at their worst (every unit a consolidation candidate, collisions
# up to the cap), whole process: bash benches/review-operations.sh (needs
# hyperfine, python3).
set -euo pipefail
cd "$(dirname "$0")/.."
flock /tmp/cargo.lock cargo build --release --quiet 2>/dev/null || cargo build --release --quiet
bin="$PWD/target/release/mvplan"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import sys
out = sys.argv[1]
tools = ["HubSpot Marketing Hub", "Marketo Engage", "Salesforce MCAE", "Klaviyo"]
for u in range(1000):
    plan = ["[plan]", f'title = "Unit {u} plan"', 'organisation = "Bench"', f'unit = "Unit {u}"',
            'owner = "Bench"', "start = 2027-01-01", "end = 2027-12-31", 'currency = "EUR"',
            'status = "submitted"', "",
            "[strategy]", 'statement = "Win where we are strong"', "",
            "[[goals]]", 'id = "g"', 'statement = "Grow"', 'metric = "Revenue"', 'unit = "EUR"',
            "baseline = 10000000", "target = 12000000", "due = 2027-12-31", "",
            "[[objectives]]", 'id = "o"', 'statement = "Pipeline"', 'supports = ["g"]',
            'metric = "Pipeline"', 'unit = "EUR"', "baseline = 0", "target = 4000000",
            "due = 2027-12-31", ""]
    for a in range(3):
        plan += ["[[audiences]]", f'id = "segment-{a}"', f'name = "Segment {a}"', ""]
    for c in range(8):
        q = [15000 if (q + c + u) % 3 else 0 for q in range(4)]
        q[c % 4] = 15000
        total = sum(q)
        plan += ["[[channels]]", f'id = "c{c}"', f'name = "Channel {c}"', 'supports = ["o"]',
                 f"budget = {total}", f"quarterly = {q}",
                 "forecast = { o = 500000 }", f'audiences = ["segment-{(u + c) % 3}"]',
                 f'kpis = [{{ id = "k{c}", name = "Leads", target = 100 }}]', ""]
    plan += ["[[initiatives]]", f'id = "launch-{u}"', 'name = "Launch"', 'owner = "Marketing"',
             "start = 2027-03-01", "end = 2027-05-31", 'supports = ["o"]',
             f'audiences = ["segment-{u % 3}"]',
             f'depends_on = ["launch-{(u + 1) % 1000}"]', ""]
    plan += ["[budget]", "total = 800000", "contingency = 20000", "",
             "[[budget.lines]]", 'id = "research"', 'name = "Research"', "amount = 100000",
             'work = "upstream"', 'supports = ["o"]', "",
             "[[budget.lines]]", 'id = "martech"', 'name = "Martech"', "amount = 90000",
             'work = "upstream"', 'activity = "marketing-operations"', 'supports = ["o"]', "",
             "[[team]]", 'id = "mops"', 'role = "Marketing operations"', "fte = 1", 'work = "upstream"', "",
             "[[stack]]", 'id = "crm"', 'tool = "Group CRM"', 'capability = "crm"', 'scope = "central"',
             'fed_by = ["map"]', "",
             "[[stack]]", 'id = "map"', f'tool = "{tools[u % 4]}"', 'capability = "marketing-automation"',
             'owner = "mops"', "cost = 40000", 'feeds = ["crm"]', 'used_by = ["k0", "c1"]', "",
             "[[stack.automations]]", 'id = "nurture"', 'name = "Nurture"', 'override_by = "mops"', "",
             "[[stack.automations]]", 'id = "scoring"', 'name = "Scoring"', "customer_facing = false", "",
             "[[stack]]", 'id = "intent"', 'tool = "Bombora"', 'capability = "intent-data"',
             'owner = "mops"', "cost = 30000", 'feeds = ["map"]', "",
             "[[stack]]", 'id = "ga"', 'tool = "GA4"', 'capability = "analytics"',
             'owner = "mops"', "cost = 10000", 'fed_by = ["map"]', 'used_by = ["o"]', ""]
    open(f"{out}/unit-{u:04}.toml", "w").write("\n".join(plan) + "\n")
PY
("$bin" review "$work" --format json 2>/dev/null || true) | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("plans", len(d["plans"]), "broken", len(d["broken"]), "consolidation", [(c["capability"], len(c["units"]), c["cost"]) for c in d["stack"]["consolidation"]],
      "collisions", len(d["calendar"]["collisions"]), "entries", len(d["calendar"]["entries"]), "dependencies", len(d["calendar"]["dependencies"]))'
hyperfine -N --warmup 2 --runs 10 "$bin review $work --format json -o /dev/null" "$bin review $work --format md -o /dev/null" "$bin review $work --format csv --table calendar -o /dev/null"
