#!/usr/bin/env python3
"""Coverage on one basis, for tests/it/coverage.rs, computed from the outside
plan files alone (tomllib and decimal, no mvplan), printed as `key=value`.

    python3 tests/it/coverage.py

For each objective no response curve covers (its forecast is what a reader
adds up: the typed forecasts of its funded channels, plus the baseline for
`forecast_basis = "uplift"`), the share of the change from today to the
target that the forecast delivers, (level − today) ÷ (target − today), as a
whole percent (half up), or `moves away` when the forecast falls; and the
level-basis figure (level ÷ target) that no slide may show instead.
"""
import os
import tomllib
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "outside")
PLANS = ["industrial-b2b", "dtc-skincare", "nonprofit-or-public", "saas-plg", "hotel-group"]


def whole(d):
    return d.quantize(Decimal(1), rounding=ROUND_HALF_UP)


for name in PLANS:
    with open(os.path.join(OUT, name, "plan.toml"), "rb") as f:
        p = tomllib.load(f)
    curves = {
        c["response"]["objective"] for c in p.get("channels", []) if "response" in c
    }
    for o in p.get("objectives", []):
        m = o.get("measure", o)
        if o["id"] in curves or "target" not in m or "baseline" not in m:
            continue
        if o.get("units_share") or o.get("delivered_by_units"):
            continue
        forecast = sum(
            (Decimal(str(v)) for c in p.get("channels", [])
             if Decimal(str(c.get("budget", 0))) != 0
             for k, v in c.get("forecast", {}).items() if k == o["id"]),
            Decimal(0),
        )
        if forecast == 0:
            continue
        today, target = Decimal(str(m["baseline"])), Decimal(str(m["target"]))
        level = forecast + today if o.get("forecast_basis") == "uplift" else forecast
        if target == today:
            continue
        share = (level - today) * 100 / (target - today)
        key = f"{name}.{o['id']}"
        print(f"{key}.statement={o['statement']}")
        print(f"{key}.metric={m.get('metric', '')}")
        print(f"{key}.gap={'moves away' if share < 0 else whole(share)}")
        print(f"{key}.level={whole(level * 100 / target)}")
