#!/usr/bin/env python3
"""Figures for tests/it/reconcile_outside.rs, computed from the outside plan
files alone (tomllib and decimal, no mvplan), printed as `name=value` lines.

    python3 tests/it/reconcile_outside.py

An objective's forecast is what a reader adds up from the plan: the typed
forecasts of its channels that have a budget (a channel with none is not
counted), plus the baseline for `forecast_basis = "uplift"`.
"""
import os
import re
import tomllib
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "outside")


def plan(name):
    with open(os.path.join(OUT, name, "plan.toml"), "rb") as f:
        return tomllib.load(f)


def objective(p, oid):
    return next(o for o in p["objectives"] if o["id"] == oid)


def forecast(p, oid):
    """What the funded channels forecast for an objective (the uplift, for an uplift)."""
    total = Decimal(0)
    for c in p["channels"]:
        if Decimal(str(c.get("budget", 0))) == 0:
            continue
        for k, v in c.get("forecast", {}).items():
            if k == oid:
                total += Decimal(str(v))
    return total


def level(p, oid):
    o = objective(p, oid)
    f = forecast(p, oid)
    if o.get("forecast_basis") == "uplift":
        f += Decimal(str(o["baseline"]))
    return f


def scenario(p, sid):
    return next(s for s in p["scenarios"] if s["id"] == sid)


def line_of(name, needle, after):
    """1-based line of the first `needle` after the line holding `after`."""
    with open(os.path.join(OUT, name, "plan.toml"), encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = next(i for i, l in enumerate(lines) if after in l)
    return next(i for i in range(start, len(lines)) if needle in lines[i]) + 1


def compact(symbol, v):
    """£4.28M, €53k, €12.3M: three significant digits, one decimal of a
    million from ten million; halves up."""
    v = Decimal(v)
    if abs(v) >= 10_000_000:
        body = f"{(v / 1_000_000).quantize(Decimal('0.1'), ROUND_HALF_UP).normalize():f}M"
    elif abs(v) >= 1_000_000:
        body = f"{(v / 1_000_000).quantize(Decimal('0.01'), ROUND_HALF_UP).normalize():f}M"
    else:
        k = v / 1000
        q = Decimal(1) if abs(k) >= 100 else Decimal("0.1") if abs(k) >= 10 else Decimal("0.01")
        body = f"{k.quantize(q, ROUND_HALF_UP).normalize():f}k"
    return symbol + body


out = {}

# ---- A cut that buys more ---------------------------------------------------
# Industrial: scenario `hold` ($3,352,000 < the $3,741,500 budget) types
# 1,015 SQOs; the channels forecast 265 + 170 + 310 + 95 + 120 = 960.
ind = plan("industrial-b2b")
hold = scenario(ind, "hold")
assert Decimal(hold["budget"]) < Decimal(ind["budget"]["total"])
out["ind_hold_sqos"] = hold["outcomes"]["sqos"]
out["ind_plan_sqos"] = forecast(ind, "sqos")
out["ind_hold_line"] = line_of("industrial-b2b", "outcomes", 'id = "hold"')
# The prose fallback of the budget ask: its own figure ("~$43M").
out["ind_if_declined"] = next(a for a in ind["asks"] if a["id"] == "budget")["if_declined"]

# Nonprofit: `no-grant` (€152,000 < €187,450) types 1,120 donors; the funded
# channels forecast 520 + 310 + 190 = 1,020 (Ad Grants has no budget).
npo = plan("nonprofit-or-public")
ng = scenario(npo, "no-grant")
assert Decimal(ng["budget"]) < Decimal(npo["budget"]["total"])
out["npo_nogrant_donors"] = ng["outcomes"]["regular-givers"]
out["npo_plan_donors"] = forecast(npo, "regular-givers")
out["npo_nogrant_line"] = line_of("nonprofit-or-public", "outcomes", 'id = "no-grant"')
out["npo_budget"] = compact("€", npo["budget"]["total"])

# ---- Value: campaign income is counted above today's level ------------------
# €231k + €48k + €118k = €397k forecast, €344k today: €53k more; the goal
# needs €2.6M − €2.31M = €290k, of which €53k is 18%.
income = forecast(npo, "appeal-income")
today = Decimal(str(objective(npo, "appeal-income")["baseline"]))
goal = next(g for g in npo["goals"] if g["id"] == "income")
needed = Decimal(goal["target"]) - Decimal(goal["baseline"])
out["npo_income_today"] = compact("€", today)
out["npo_income_more"] = compact("€", income - today)
out["npo_income_share"] = (100 * (income - today) / needed).quantize(Decimal(1), ROUND_HALF_UP)
out["npo_income_needed"] = compact("€", needed)

# DTC: new customers are valued at £41.20 each, but their purchases are DTC
# revenue, itself valued at £0.38 a £: counted once. The total is DTC revenue
# (£9.22M × 0.38) plus retail (£3.55M × 0.22), over the £3,278,180 budget.
dtc = plan("dtc-skincare")
dtc_value = forecast(dtc, "dtc-revenue") * Decimal(str(objective(dtc, "dtc-revenue")["value_per_unit"])) + forecast(
    dtc, "retail"
) * Decimal(str(objective(dtc, "retail")["value_per_unit"]))
out["dtc_value"] = compact("£", dtc_value)
out["dtc_return"] = (dtc_value / Decimal(dtc["budget"]["total"])).quantize(Decimal("0.01"), ROUND_HALF_UP)

# ---- The contingent ask buys the scenario's change ----------------------------
# `boots-national` types retail £5.1M against the plan's £3.55M forecast:
# +£1.55M; the ask for £420k is its extra money (£3,698,000 − £3,278,180).
boots = scenario(dtc, "boots-national")
out["dtc_boots_retail_change"] = compact("£", Decimal(boots["outcomes"]["retail"]) - forecast(dtc, "retail"))
out["dtc_boots_extra"] = Decimal(boots["budget"]) - Decimal(dtc["budget"]["total"])

# ---- One basis: what the plan's money adds over today ------------------------
# Every bridge values its forecast less today's level (the baseline) where
# the plan gives one. Nonprofit: 1,020 new regular donors against 980 today
# add 40 × €162 = €6,480. DTC: DTC revenue £9.22M − £7.9M = £1.32M × 0.38 and
# retail £3.55M − £2.24M = £1.31M × 0.22; new customers are inside DTC
# revenue, not added: £501.6k + £288.2k = £789.8k over the £3,278,180 budget.
givers = objective(npo, "regular-givers")
added = forecast(npo, "regular-givers") - Decimal(str(givers["baseline"]))
out["npo_givers_added"] = added
out["npo_givers_today"] = givers["baseline"]
out["npo_givers_value"] = compact("€", added * Decimal(str(givers["value_per_unit"])))


def over_today(p, oid):
    o = objective(p, oid)
    return (forecast(p, oid) - Decimal(str(o["baseline"]))) * Decimal(str(o["value_per_unit"]))


dtc_added = over_today(dtc, "dtc-revenue") + over_today(dtc, "retail")
out["dtc_value_added"] = compact("£", dtc_added)


# ---- A shared channel's money split evenly between the objectives it serves --
# A channel serves the objectives it names in `supports` and those it
# forecasts; each carries budget ÷ their number. The bridges' costs then add
# up to no more than the channels' money, itself within the budget.
def served(c):
    out = []
    for k in list(c.get("supports", [])) + list(c.get("forecast", {}).keys()):
        if k not in out:
            out.append(k)
    return out


def share(p, oid):
    return sum(
        (Decimal(str(c.get("budget", 0))) / len(served(c)) for c in p["channels"] if oid in served(c)),
        Decimal(0),
    )


for name, p, sym, ids in [
    ("npo", npo, "€", ["regular-givers", "appeal-income"]),
    ("dtc", dtc, "£", ["new-customers", "dtc-revenue", "retail"]),
]:
    costs = [share(p, i) for i in ids]
    for i, c in zip(ids, costs):
        out[f"{name}_cost_{i}"] = compact(sym, c)
    assert sum(costs) <= Decimal(p["budget"]["total"])
    out[f"{name}_budget_total"] = p["budget"]["total"]


# ---- Cost per extra result: the same basis as the value bridge ---------------
# The objective's share of its channels' money ÷ what its forecast adds over
# today, never ÷ the whole level. Nonprofit: new regular donors carry
# €37.9k for +40 donors (1,020 − 980) = €948 per extra donor (÷ the whole
# 1,020 it would read €37); campaign income carries €32.4k for +€53k (€397k
# − €344k): €1 buys €1.6 more (÷ the level, €12.24), at the one precision
# of every ratio.
def ratio(v):
    """A ratio as a board takes it: two significant figures below 10, whole
    from 10 (halves up)."""
    v = Decimal(v)
    if abs(v) >= Decimal("9.95"):
        return f"{v.quantize(Decimal(1), ROUND_HALF_UP):,}"
    places = 1
    while abs(v) < Decimal(1).scaleb(1 - places) and places < 12:
        places += 1
    return f"{v.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)}"


def whole_money(sym, v):
    v = Decimal(v)
    return compact(sym, v) if abs(v) >= 1000 else f"{sym}{v.quantize(Decimal(1), ROUND_HALF_UP)}"


givers_added = forecast(npo, "regular-givers") - Decimal(str(givers["baseline"]))
out["npo_cost_per_extra_giver"] = whole_money("€", share(npo, "regular-givers") / givers_added)
income_added = forecast(npo, "appeal-income") - Decimal(str(objective(npo, "appeal-income")["baseline"]))
out["npo_income_per_euro"] = ratio(income_added / share(npo, "appeal-income"))


# ---- Value with and without a basis ------------------------------------------
# A value per unit with no `value_basis` (and no win rate, which would value
# the objective instead) is no return a CFO can take at its word: the deck
# states it once, on the value slide, and counts it nowhere. Per plan: each
# such objective's metric and what it would add over today at the typed
# forecasts ((level − baseline) × value per unit), and the bases a value
# may be stated in (revenue, for money earned or won, and every
# `value_basis` the plan gives).
def comment_basis(name, oid):
    """The basis a comment on `value_per_unit`'s line names: the kind of
    money (ARR, revenue for an ADR, …), "first-year" before it where the
    comment says so; None where it names no money."""
    with open(os.path.join(OUT, name, "plan.toml"), encoding="utf-8") as f:
        text = f.read()
    block = text.split(f'id = "{oid}"', 1)[1].split("[[", 1)[0]
    m = re.search(r"^value_per_unit\s*=\s*[0-9_.]+\s*#(.*)$", block, re.M)
    if not m:
        return None
    words = re.findall(r"[a-z0-9-]+", m.group(1).lower())
    kind = next((k for w, k in [("arr", "ARR"), ("revenue", "revenue"), ("adr", "revenue"),
                                ("margin", "margin")] if w in words), None)
    if kind is None:
        return None
    return f"first-year {kind}" if "first-year" in words else kind


OUTSIDE_PLANS = [
    "industrial-b2b", "dtc-skincare", "nonprofit-or-public", "saas-plg",
    "hotel-group", "fintech-app", "power-tools",
]
SYMBOL = {"GBP": "£", "EUR": "€", "USD": "$"}
for name in OUTSIDE_PLANS:
    p = plan(name)
    sym = SYMBOL[p["plan"]["currency"]]
    bases = ["revenue"]
    for o in p["objectives"]:
        if "value_per_unit" not in o or "win_rate" in o:
            continue
        if "value_basis" in o:
            bases.append(o["value_basis"])
            continue
        # The author's comment on the value's line, where it names money
        # (docs/plan-format.md, `value_basis`), is its basis.
        note = comment_basis(name, o["id"])
        if note:
            bases.append(note)
            continue
        # No basis: shown on its bridge, counted on no basis.
        base = Decimal(str(o.get("baseline", 0)))
        added = level(p, o["id"]) - base
        worth = added * Decimal(str(o["value_per_unit"]))
        out[f"unbased.{name}.{o['id']}"] = f"{o['metric']}|{compact(sym, worth)}"
    out[f"bases.{name}"] = "|".join(bases)


# ---- A contingent ask against its own trigger --------------------------------
# Fintech ask `sa-release`: £600k more "only if cost per funded account
# stays under £125". The money is spread over the curve channels in
# proportion to their budgets (the planned mix); each curve is a Hill curve
# max·r/(1+r), r = (spend/half)^slope, applied per quarter to the quarter's
# carried-over spend (weights carryover^lag over four lags, the quarters
# before the plan at the plan's average) at the annual rate. Released on its
# decision date, it buys the share of the period left (days, inclusive).
def hill(c, spend):
    if spend <= 0:
        return 0.0
    if "points" in c and "half_saturation" not in c:
        # Two measured points decide a plain (slope 1) curve exactly:
        # 1/y = (half/max)·(1/x) + 1/max, a line through both.
        (x1, y1), (x2, y2) = [(q["spend"], q["result"]) for q in c["points"][:2]]
        a = (1 / y1 - 1 / y2) / (1 / x1 - 1 / x2)
        b = 1 / y1 - a / x1
        c = {"max_outcome": 1 / b, "half_saturation": a / b}
    r = (spend / c["half_saturation"]) ** c.get("slope", 1)
    return c["max_outcome"] * r / (1 + r)


def response(ch, budget):
    c = ch["response"]
    q = ch.get("quarterly")
    carry = c.get("carryover", 0)
    if not q or not carry:
        return hill(c, budget)
    total_q = sum(q)
    shares = [x / total_q for x in q]
    n = len(shares)
    mean = budget / n
    weights = [carry**lag for lag in range(4)]
    wsum = sum(weights)
    result = 0.0
    for i in range(n):
        eff = sum(w * (mean if lag > i else shares[i - lag] * budget) for lag, w in enumerate(weights))
        result += hill(c, n * eff / wsum) / n
    return result


def contingent_gain(p, ask_id):
    from datetime import date

    a = next(a for a in p["asks"] if a["id"] == ask_id)
    amount = a["amount"]
    curves = [c for c in p["channels"] if "response" in c]
    # Channels the ask's words name (by id read as words, or by name up to
    # a bracket) take the money, split by their budgets; else it is spread
    # over the curve channels of the first objective in the planned mix.
    text = a["ask"].lower().replace("-", " ")

    def named(c):
        words = [c["id"].replace("-", " "), c["name"].lower().replace("-", " ").split(" (")[0].strip()]
        return any(len(w) >= 4 and w in text for w in words)

    chosen = [c for c in curves if named(c)]
    if chosen:
        oid = chosen[0]["response"]["objective"]
    else:
        oid = curves[0]["response"]["objective"]
        chosen = [c for c in curves if c["response"]["objective"] == oid]
    pool = sum(c["budget"] for c in chosen)
    scale = (pool + amount) / pool
    gain = sum(response(c, c["budget"] * scale) - response(c, c["budget"]) for c in chosen if c["response"]["objective"] == oid)
    start, end = p["plan"]["start"], p["plan"]["end"]
    by = a["by"]
    if start < by <= end:
        gain *= ((end - by).days + 1) / ((end - start).days + 1)
    g = Decimal(gain)
    # Three significant figures, as the slide shows it.
    g = g.quantize(Decimal(10) ** (g.adjusted() - 2), ROUND_HALF_UP)
    return amount, g


fin = plan("fintech-app")
amount, gain = contingent_gain(fin, "sa-release")
out["fin_release_gain"] = f"{gain:,.0f}"
out["fin_release_per_extra"] = f"£{(Decimal(amount) / gain).quantize(Decimal(1), ROUND_HALF_UP)}"

pt = plan("power-tools")
amount, gain = contingent_gain(pt, "fifth-van")
out["pt_van_gain"] = f"€{gain / 1000:,.0f}k"

for k, v in out.items():
    print(f"{k}={v}")
