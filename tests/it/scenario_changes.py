#!/usr/bin/env python3
"""Figures for tests/it/scenario_changes.rs, computed from the test plan
(tests/fixtures/scenario-changes/plan.toml) with tomllib alone, no mvplan,
printed as `name=value` lines.

    python3 tests/it/scenario_changes.py

An objective's level in a scenario: each curve channel's Hill curve
(max × r / (1 + r), r = (budget / half_saturation)^slope) at its budget in
the scenario, plus each channel without a curve's typed forecast scaled by
its budget in the scenario over its budget in the plan (pro rata). A
scenario that names `changes` moves those channels only; one that gives a
budget alone spreads its difference from the plan's total over the curve
channels in proportion to their budgets.
"""
import os
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
PLAN = os.path.join(HERE, "..", "fixtures", "scenario-changes", "plan.toml")


def hill(r, x):
    if x <= 0:
        return 0.0
    q = (x / r["half_saturation"]) ** r.get("slope", 1)
    return r["max_outcome"] * q / (1 + q)


def level(p, oid, budgets):
    total = 0.0
    for c in p["channels"]:
        b = budgets[c["id"]]
        r = c.get("response")
        if r and r["objective"] == oid:
            total += hill(r, b)
        elif oid in c.get("forecast", {}) and c["budget"] > 0:
            total += c["forecast"][oid] * b / c["budget"]
    return total


def main():
    with open(PLAN, "rb") as f:
        p = tomllib.load(f)
    plan = {c["id"]: float(c["budget"]) for c in p["channels"]}
    oids = [o["id"] for o in p["objectives"]]
    for oid in oids:
        print(f"plan.{oid}={level(p, oid, plan)}")
    curve = [c["id"] for c in p["channels"] if c.get("response")]
    pool = sum(plan[c] for c in curve)
    for s in p["scenarios"]:
        budgets = dict(plan)
        if "changes" in s:
            for k, v in s["changes"].items():
                budgets[k] += v
            print(f"{s['id']}.budget={p['budget']['total'] + sum(s['changes'].values())}")
        else:
            delta = s["budget"] - p["budget"]["total"]
            for c in curve:
                budgets[c] = plan[c] * (pool + delta) / pool
            print(f"{s['id']}.budget={s['budget']}")
        for oid in oids:
            print(f"{s['id']}.{oid}={level(p, oid, budgets)}")


def fintech():
    """The fintech-app outside plan with its "shift £400k from paid social
    to referral" written as changes: consideration has no curve, so paid
    social's typed forecast of it moves pro rata (an uplift objective: the
    baseline plus the forecasts)."""
    path = os.path.join(HERE, "..", "fixtures", "outside", "fintech-app", "plan.toml")
    with open(path, "rb") as f:
        p = tomllib.load(f)
    changes = {"paid-social": -400_000, "referral": 400_000}
    o = next(o for o in p["objectives"] if o["id"] == "consideration")
    total = float(o["baseline"]) if o.get("forecast_basis") == "uplift" else 0.0
    for c in p["channels"]:
        if c["budget"] <= 0 or "consideration" not in c.get("forecast", {}):
            continue
        b = c["budget"] + changes.get(c["id"], 0)
        total += c["forecast"]["consideration"] * b / c["budget"]
    print(f"fintech.shift.consideration={total}")


main()
fintech()
