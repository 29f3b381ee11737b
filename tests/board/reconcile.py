"""A board reader's reconciliation sheet, made from a rendered pitch deck.

Reads the Markdown deck (argument 1) as a reader reads the slides, without
mvplan's code: the total budget (budget slide, the summary's "Approve …"),
and each objective's end-of-plan value (the forecast slide, the summary's
"What it returns", the scenario at 100% of the plan's budget, the levels
slide's Plan row, the health slide), and each objective's share of the gap
to its target closed (forecast slide, summary, health findings, verdict). Prints JSON: {"sheet": {quantity: [[slide, value], …]},
"disagree": [quantity, …]}; values agree within the rounding the deck
prints (three significant figures).
"""

import json
import re
import sys

deck = open(sys.argv[1], encoding="utf-8").read().replace("\\", "")
slides = deck.split("\n---\n")[1:]
# The title slide, then the executive summary.
summary = slides[1] if len(slides) > 1 else ""


def title(slide):
    for line in slide.splitlines():
        if line.startswith("# "):
            return line[2:]
    return ""


def number(text):
    """'€18.3M' → 18300000; '1,020 donors' → 1020; '26%' → 26; '+8 pts → 26%' → 26."""
    text = text.split("→")[-1]
    m = re.search(r"(-?[0-9][0-9,]*(?:\.[0-9]+)?)\s*([kMB]?)", text)
    if not m:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * {"": 1, "k": 1e3, "M": 1e6, "B": 1e9}[m.group(2)]


def rows(slide):
    out = []
    for line in slide.splitlines():
        if line.startswith("|") and not line.startswith("|---") and not line.startswith("|--"):
            out.append([c.strip().strip("*").strip() for c in line.strip("|").split("|")])
    return out


sheet = {}


def put(quantity, slide, value):
    if value is not None:
        sheet.setdefault(quantity, []).append([slide, value])


# Metric ↔ statement, from the forecast slide's notes ("How each objective
# is measured: statement → metric; …"); older decks had them in an
# objectives appendix (objective, how it is measured, due).
metrics = {}
for s in slides:
    if title(s).startswith("Appendix: How each objective is measured"):
        for r in rows(s)[1:]:
            metrics[r[1]] = r[0]
    m = re.search(r"<!-- How each objective is measured: (.*?)\. -->", s, re.S)
    if m:
        for pair in m.group(1).split("; "):
            if " → " in pair:
                statement, metric = pair.rsplit(" → ", 1)
                metrics[metric] = statement

for s in slides:
    t = title(s)
    table = rows(s)
    if "| **Total budget** |" in s:
        for r in table:
            if r[0] == "Total budget":
                put("budget", "budget", number(r[1]))
    if s is summary and t.startswith("Approve "):
        put("budget", "summary", number(t[len("Approve "):].split(" ")[0]))
    elif s is summary and t.startswith("Not yet ready to approve "):
        put("budget", "summary", number(t[len("Not yet ready to approve "):].split(" ")[0]))
    elif s is summary and re.match(r"^\S+ buys ", t):
        put("budget", "summary", number(t.split(" ")[0]))
    if s is summary:
        m = re.search(r"\*\*What it returns:\*\* (.*)", s)
        for piece in (m.group(1).split("; ") if m else []):
            for metric in metrics:
                if piece.startswith(metric + " ") and " vs " in piece:
                    put("level of " + metric, "summary", number(piece[len(metric):].split(" vs ")[0]))
    if table and table[0][:3] == ["Objective", "Today → target", "Forecast"]:
        for r in table[1:]:
            for metric, statement in metrics.items():
                if r[0] == statement and r[2] != "—":
                    put("level of " + metric, "forecast", number(r[2].replace("≈", "")))
    if table and table[0][:3] == ["Scenario", "Budget", "vs plan"]:
        header = table[0]
        for r in table[1:]:
            if r[2] == "100%":
                for i, metric in enumerate(header[3:], start=3):
                    if i < len(r) and r[i] not in ("", "—"):
                        put("level of " + metric, "scenarios (" + r[0] + ")", number(r[i].replace("≈", "")))
    if table and table[0][:2] == ["Level", "Budget"]:
        header = table[0]
        for r in table[1:]:
            if r[0] == "Plan":
                for i, h in enumerate(header[2:], start=2):
                    if h.endswith(", planned mix"):
                        metric = h[: -len(", planned mix")]
                        metric = next((m for m in metrics if m.lower() == metric.lower()), metric)
                        put("level of " + metric, "levels", number(r[i]))
    # What one channel brings of a metric: the allocation slide's result at
    # the planned budget, and the channel slide's contribution.
    if table and table[0][:5] == ["Channel", "Budget", "Optimal", "Change", "Result"]:
        metric = t.split(":")[0]
        for r in table[1:]:
            if r[0] != "Forecast":
                put("result of " + r[0] + " for " + metric.lower(), "allocation", number(r[4]))
    if table and len(table[0]) > 4 and table[0][4] == "Forecast contribution":
        for r in table[1:]:
            for piece in r[4].split("; "):
                if "not counted" in piece or not piece:
                    continue
                figure, _, metric = piece.partition(" ")
                # "265 SQOs sales-qualified …": the unit, then the metric.
                for m in metrics:
                    if piece.lower().endswith(m.lower()) and not figure.startswith("+"):
                        put("result of " + r[0] + " for " + m.lower(), "channels", number(figure))
    # Each scenario's outcome: its row on the scenarios slide, and the
    # sentences that quote it ("at $3.4M (Hold) pipeline falls to $38.8M").
    if table and table[0][:3] == ["Scenario", "Budget", "vs plan"]:
        header = table[0]
        for r in table[1:]:
            for i, metric in enumerate(header[3:], start=3):
                if i < len(r) and metric in metrics and r[i] not in ("", "—") and "⚠" not in r[i]:
                    put("outcome of " + r[0] + " for " + metric.lower(), "scenarios", number(r[i].replace("≈", "")))
    for m in re.finditer(r"at \S+ \(([^)]+(?:\([^)]*\))?[^)]*)\) (.+?) falls to (\S+)", s):
        put("outcome of " + m.group(1) + " for " + m.group(2).lower(), "sentence: " + t[:30], number(m.group(3)))
    # The budget slide's upstream share: its title and its table.
    m = re.search(r"; (\d+)% funds upstream work", t)
    if m:
        put("upstream share", "budget title", float(m.group(1)))
        for r in table:
            if r[0] == "of which upstream":
                put("upstream share", "budget table", number(r[2]))


# The plan health slide: a shortfall's level ("forecasts for X reach $46M of
# its target"), a typed-vs-curves finding's figure ("the deck uses the
# curves' $38.8M"), and the verdict — a second computation of one forecast
# or a typed figure presented there is a second value of the quantity.
for s in slides:
    if not title(s).startswith("Appendix: plan health"):
        continue
    board = "\n".join(l for l in s.splitlines() if not l.startswith("<!--"))
    for m in re.finditer(r"forecasts for (.+?) reach ([^+\s]\S*) of its target of", board):
        put("level of " + m.group(1), "health", number(m.group(2)))
    for m in re.finditer(
        r"scenario ([^:\n]+): the plan's typed (?:outcome for|change of) (.+?) (?:is above|is below|overstates|understates) [^;\n]*; the deck uses the curves' (\S+)",
        board,
    ):
        put("outcome of " + m.group(1) + " for " + m.group(2).lower(), "health", number(m.group(3)))
    # The checker's own wording, were it on the slide: the typed figure as a
    # second value of the quantity.
    for m in re.finditer(r"scenario (.+?) expects (\S+) of (.+?), but", board):
        put("outcome of " + m.group(1) + " for " + m.group(3).lower(), "health", number(m.group(2)))
    for m in re.finditer(r"the forecast of (.+?) reads (.+?) in the .+? but (.+?) in the ", board):
        metric = next((k for k in metrics if k.lower() == m.group(1)), m.group(1))
        put("level of " + metric, "health", number(m.group(2)))
        put("level of " + metric, "health", number(m.group(3)))

# The share of the gap to each target a forecast closes: the forecast
# slide's "Gap closed", the summary's "What it returns", the health slide's
# shortfall findings and the verdict ("moves away" reads as -1).
def gap(text):
    if "moves away" in text:
        return -1.0
    m = re.search(r"(\d+)% of the gap closed|^(\d+)%", text)
    return float(m.group(1) or m.group(2)) if m else None


for s in slides:
    table = rows(s)
    if table and table[0][:5] == ["Objective", "Today → target", "Forecast", "Change vs needed", "Gap closed"]:
        for r in table[1:]:
            for metric, statement in metrics.items():
                if r[0] == statement:
                    put("gap closed of " + metric, "forecast", gap(r[4]))
    board = "\n".join(l for l in s.splitlines() if not l.startswith("<!--"))
    if s is summary:
        m = re.search(r"\*\*What it returns:\*\* (.*)", s)
        for piece in (m.group(1).split("; ") if m else []):
            for metric in metrics:
                if piece.startswith(metric + " ") and "needed" in piece:
                    put("gap closed of " + metric, "summary", gap(piece))
    for m in re.finditer(r"forecasts for (.+?) reach .*", board):
        if m.group(1) in metrics:
            put("gap closed of " + m.group(1), "health finding", gap(m.group(0)))
    for m in re.finditer(r"forecast (closes (\d+)% of the gap|moves away) (?:to|from) the (.+?) target", board):
        metric = next((k for k in metrics if k.lower() == m.group(3)), None)
        if metric:
            put("gap closed of " + metric, "verdict", -1.0 if m.group(2) is None else float(m.group(2)))


def agree(a, b):
    return abs(a - b) <= 0.006 * max(abs(a), abs(b)) + 1e-9


disagree = [q for q, seen in sheet.items() if any(not agree(v, seen[0][1]) for _, v in seen)]
print(json.dumps({"sheet": sheet, "disagree": disagree}, ensure_ascii=False))
