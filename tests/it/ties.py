#!/usr/bin/env python3
"""Figures for tests/it/ties.rs, computed from the outside plan files alone
(tomllib and decimal, no mvplan), printed as `plan.name=value` lines.

    python3 tests/it/ties.py

Money is tied to a forecast when it is the budget of a channel that
forecasts an objective of the plan (`forecast` for an objective it has, or
a `response` curve). Team, agency fees and other budget lines forecast
nothing: they are tied to none. Spend is channels + lines + team + agencies.
"""
import os
import tomllib
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "outside")


def d(v):
    return Decimal(str(v))


def main():
    for name in sorted(os.listdir(OUT)):
        path = os.path.join(OUT, name, "plan.toml")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            p = tomllib.load(f)
        objectives = {o["id"] for o in p.get("objectives", [])}
        tied = untied_channels = Decimal(0)
        funded_with_target = 0
        for c in p.get("channels", []):
            b = d(c.get("budget", 0))
            forecasts = "response" in c or any(k in objectives for k in c.get("forecast", {}))
            if forecasts:
                tied += b
            else:
                untied_channels += b
            if b != 0 and any("target" in k for k in c.get("kpis", [])):
                funded_with_target += 1
        team = sum((d(r["cost"]) for r in p.get("team", []) if "cost" in r), Decimal(0))
        lines = sum((d(l["amount"]) for l in p.get("budget", {}).get("lines", [])), Decimal(0))
        agencies = sum((d(a["fee"]) for a in p.get("agencies", [])), Decimal(0))
        spend = tied + untied_channels + team + lines + agencies
        print(f"{name}.tied={tied}")
        print(f"{name}.spend={spend}")
        print(f"{name}.untied={spend - tied}")
        print(f"{name}.funded_with_target={funded_with_target}")
        total = d(p["budget"]["total"])
        print(f"{name}.total={total}")
        for s in p.get("scenarios", []):
            print(f"{name}.scenario.{s['name']}={d(s['budget']) - total}")


if __name__ == "__main__":
    main()
