#!/usr/bin/env python3
"""Figures for tests/it/outside_decks.rs, computed from the plan files and the
actuals alone (tomllib and csv, no mvplan), printed as `name=value` lines.

    python3 tests/it/outside_decks.py

Each figure is the arithmetic a reader would do with the plan in one hand:
a share of the channel money, a pace line, an invoice counted once.
"""
import csv
import datetime as dt
import os
import tomllib
from decimal import Decimal, ROUND_HALF_EVEN, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "outside")


def plan(name):
    with open(os.path.join(OUT, name, "plan.toml"), "rb") as f:
        return tomllib.load(f)


def pct(part, whole):
    """A share as the deck rounds it: whole percent, halves to even."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_EVEN)


def compact(symbol, v):
    """An amount as a board reads it: $3.74M, $71.3k, £420k, $12.3M (three
    significant digits, one decimal of a million from ten million; halves up)."""
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


def days(a, b):
    return (b - a).days + 1


out = {}

# ---- A3: the asks against the budget --------------------------------------
# Industrial: the budget ask is the budget ($3,741,500); the analyst's
# $71,250 is the team row `mops-analyst` inside it, not added to it.
ind = plan("industrial-b2b")
asks = {a["id"]: a for a in ind["asks"]}
team = {t["id"]: t for t in ind["team"]}
assert asks["budget"]["amount"] == ind["budget"]["total"]
assert team[asks["mops-hire"]["role"]]["cost"] == 71_250
out["ind_asked"] = ind["budget"]["total"]  # $3.7M to approve
out["ind_inside"] = team["mops-analyst"]["cost"]  # $71.3k already in it
# Skincare: £3,278,180 budget; the hire's £41,250 is a team row; the
# £420k Boots option is decided in June (contingent).
sk = plan("dtc-skincare")
sa = {a["id"]: a for a in sk["asks"]}
st = {t["id"]: t for t in sk["team"]}
out["sk_asked"] = sa["budget"]["amount"]
out["sk_inside"] = st[sa["retail-hire"]["role"]]["cost"]
out["sk_contingent"] = sa["boots-decision"]["amount"]
# Charity: €187,450 budget; a €12,500 reserve draw only if the Walk is
# cancelled (contingent).
np_ = plan("nonprofit-or-public")
na = {a["id"]: a for a in np_["asks"]}
out["np_asked"] = na["budget"]["amount"]
out["np_contingent"] = na["reserves"]["amount"]
# The contract extension asks 0.2 FTE and states no amount: priced at the
# digital officer's cost per FTE, 24,600 / 0.6 × 0.2 = 8,200, money the
# budget does not hold (new money), so it is in the totals as an estimate.
do = next(t for t in np_["team"] if t["role"].lower().startswith("digital officer"))
out["np_estimate"] = (
    Decimal(do["cost"]) / Decimal(str(do["fte"])) * Decimal(str(na["extend-digital"]["fte"]))
).quantize(Decimal(1))

for k in list(out):
    sym = {"ind": "$", "sk": "£", "np": "€"}[k.split("_")[0]]
    out[k + "_shown"] = compact(sym, out[k])
# The first date any open ask is needed by (the asks' title says "by" it).
for key, p in [("ind", ind), ("sk", sk), ("np", np_)]:
    first = min(a["by"] for a in p["asks"] if "by" in a)
    out[key + "_first_by"] = f"{first.day} {first.strftime('%b %Y')}"
    # Each part of the title is needed by its own asks' date: the budget by
    # the budget ask's, a hire or new money by the headcount ask's.
    for kind in ["budget", "headcount"]:
        d = min(a["by"] for a in p["asks"] if a.get("kind") == kind and "by" in a)
        out[f"{key}_{kind}_by"] = f"{d.day} {d.strftime('%b %Y')}"

# ---- A10: one base for title and table ------------------------------------
# The channel slide: each channel's share of the channel money; the title's
# two largest together.
for key, p in [("ind", ind), ("sk", sk), ("np", np_)]:
    chans = sorted(p["channels"], key=lambda c: -c["budget"])
    money = sum(c["budget"] for c in chans)
    out[f"{key}_top2_share"] = pct(chans[0]["budget"] + chans[1]["budget"], money)
    out[f"{key}_top1_row"] = pct(chans[0]["budget"], money)
    out[f"{key}_top2_row"] = pct(chans[1]["budget"], money)
    # The budget slide: channels as a share of the spend (channels, lines,
    # team costs, agency fees), as its table's "share of spend".
    lines = sum(l["amount"] for l in p.get("budget", {}).get("lines", []))
    team_cost = sum(t.get("cost", 0) for t in p.get("team", []))
    fees = sum(a.get("fee", 0) for a in p.get("agencies", []))
    spend = money + lines + team_cost + fees
    out[f"{key}_channels_of_spend"] = pct(money, spend)

# ---- A13: FTE weighed by availability --------------------------------------
# 1 (head) + 0.6 (digital officer) + 6 × 15% (volunteers) = 2.5; upstream
# is the head alone: 1 / 2.5 = 40%.
fte = sum(Decimal(str(t["fte"])) * Decimal(t.get("availability", 100)) / 100 for t in np_["team"])
up = sum(
    Decimal(str(t["fte"])) * Decimal(t.get("availability", 100)) / 100
    for t in np_["team"]
    if t.get("work") == "upstream"
)
out["np_fte"] = fte.normalize()
out["np_volunteer_fte"] = (Decimal(6) * Decimal(15) / 100).normalize()
out["np_upstream_share"] = pct(up, fte)

# ---- A5, A6, A7, A8: the status deck at 30 Sep 2026 -------------------------
start = dt.date.fromisoformat(str(ind["plan"]["start"]))
end = dt.date.fromisoformat(str(ind["plan"]["end"]))
as_of = dt.date(2026, 9, 30)
gone, year = days(start, as_of), days(start, end)  # 92 of 365 days
rows = list(csv.DictReader(open(os.path.join(OUT, "industrial-b2b", "actuals-q1.csv"))))


def reading(item):
    return Decimal(next(r["actual"] for r in rows if r["kind"] == "result" and r["item"] == item))


# A5: each objective's reading over its pace line (a period total: from
# zero to the target, pro rata to the day).
objectives = {o["id"]: o for o in ind["objectives"]}
for oid in ["pipeline", "sqos", "partner-aftermarket"]:
    target = Decimal(objectives[oid]["target"])
    pace = target * gone / year
    if oid == "sqos":  # a count: its pace is a whole number of SQOs
        pace = pace.quantize(Decimal(1), ROUND_HALF_EVEN)
    out[f"pace_{oid}"] = pct(reading(oid), pace)

# A6: Martech is not phased; July's $64,600 (the 6sense annual licence
# and that month's HubSpot) is more than a quarter of its $118,600: a
# one-off, counted once. The rest ($7,200) goes on at its pace against the
# line's plan to date ($118,600 × 92/365), and the line is not presumed to
# underspend (its next lump is unknown): it ends at the larger of that and
# its budget.
martech = next(l for l in ind["budget"]["lines"] if l["id"] == "martech")
spend_rows = [r for r in rows if r["kind"] == "spend" and r["item"] == "martech" and r["actual"]]
by_month = {}
for r in spend_rows:
    m = r["period"][:7]
    by_month[m] = by_month.get(m, Decimal(0)) + Decimal(r["actual"])
budget = Decimal(martech["amount"])
one_off = sum(v for v in by_month.values() if v * 4 > budget)
actual = sum(by_month.values())
planned = (budget * gone / year).quantize(Decimal(1), ROUND_HALF_EVEN)
out["martech_one_off"] = one_off
out["martech_rest_at_pace"] = (one_off + budget * (actual - one_off) / planned).quantize(
    Decimal(1), ROUND_HALF_EVEN
)
out["martech_reforecast"] = max(out["martech_rest_at_pace"], budget)
out["martech_run_rated"] = (budget * actual / planned).quantize(Decimal(1), ROUND_HALF_EVEN)

# A7: Pump School is phased [0, 22,500, 38,000, 58,000]: nothing planned by
# 30 Sep, nothing spent: on plan, re-forecast at its budget.
pump = next(c for c in ind["channels"] if c["id"] == "pump-school")
assert pump["quarterly"][0] == 0
out["pump_reforecast"] = sum(pump["quarterly"])

# A8: a count's pace and re-forecast in whole numbers: target accounts
# engaged, 29 at 30 Sep against 95 by the end.
out["accounts_pace"] = (Decimal(95) * gone / year).quantize(Decimal(1), ROUND_HALF_EVEN)
out["accounts_reforecast"] = (reading("abm-engaged") * year / gone).quantize(Decimal(1), ROUND_HALF_EVEN)
# 14 branches carried on at that rate pass the 42 the distributors'
# audience has.
branches = reading("mdf-branches") * year / gone
population = next(a["size"] for a in ind["audiences"] if a["id"] == "distributors")
assert branches > population
out["branches_carried_on"] = branches.quantize(Decimal(1), ROUND_HALF_EVEN)
out["branches_population"] = population

for k, v in out.items():
    print(f"{k}={v}")
