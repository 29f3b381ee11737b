"""Fills a blank plan workbook the way a unit planner would, with openpyxl:
`python fill_plan.py BLANK.xlsx OUT.xlsx [clean|mistakes]`.

Cells are found by their headers (and the Plan sheet's rows by the field
name in column A), never by position, as a person reads the sheet.
`mistakes` makes the usual ones and prints, as JSON, the cell each must be
reported at: text in an amount, a merged header, an extra column, a
renamed sheet, a row inserted in the middle of a table and a date typed as
text; `typo` makes only a typo in an objective id."""
import datetime
import json
import sys

import openpyxl
from openpyxl.utils import get_column_letter

blank, out, mode = sys.argv[1], sys.argv[2], (sys.argv[3] if len(sys.argv) > 3 else "clean")
book = openpyxl.load_workbook(blank)


def columns(ws):
    return {c.value: c.column for c in ws[1] if c.value}


def add(sheet, **fields):
    ws = book[sheet]
    cols = columns(ws)
    r = ws.max_row + 1
    # A blank sheet's formats reach far down; the first empty row is the next.
    for row in range(2, ws.max_row + 2):
        if all(ws.cell(row, c).value is None for c in cols.values()):
            r = row
            break
    for k, v in fields.items():
        ws.cell(r, cols[k.replace("__", ".")], v)
    return r


plan = book["Plan"]
rows = {plan.cell(r, 1).value: r for r in range(2, plan.max_row + 1)}
for field, value in {
    "plan.title": "FY2027 Drives plan",
    "plan.organisation": "Helix Group",
    "plan.unit": "Drives",
    "plan.owner": "Ines Duarte",
    "plan.start": datetime.date(2027, 1, 1),
    "plan.end": datetime.date(2027, 12, 31),
    "plan.currency": "EUR",
    "plan.status": "submitted",
    "strategy.statement": "Win retrofit projects in food plants through integrators.",
    "budget.total": 400000,
    "budget.contingency": 20000,
}.items():
    plan.cell(rows[field], 2, value)

add("Goals", id="revenue", statement="Grow drive revenue to EUR 30M", metric="Revenue",
    unit="EUR", baseline=26000000, target=30000000, due=datetime.date(2027, 12, 31))
add("Objectives", id="pipeline", statement="EUR 6M of retrofit pipeline", supports="revenue",
    metric="Pipeline", unit="EUR", baseline=4000000, target=6000000, due=datetime.date(2027, 12, 31))
obj2 = add("Objectives", id="integrators", statement="Sign 12 integrator partners", supports="revenue",
           metric="Partners", unit="partners", baseline=4, target=12, due=datetime.date(2027, 9, 30))
add("Channels", id="search", name="Paid search", category="search", supports="pipeline",
    budget=120000, work="downstream", quarterly__1=30000, quarterly__2=30000,
    quarterly__3=30000, quarterly__4=30000)
ch2 = add("Channels", id="events", name="Trade fairs", category="events", supports="pipeline, integrators",
          budget=160000, work="downstream", quarterly__1=40000, quarterly__2=80000,
          quarterly__3=20000, quarterly__4=20000)
add("Channels", id="partners", name="Integrator programme", category="partner", supports="integrators",
    budget=80000, work="upstream", quarterly__1=20000, quarterly__2=20000,
    quarterly__3=20000, quarterly__4=20000)
add("KPIs", channel="search", name="Cost per qualified lead", target=150, unit="EUR")
add("KPIs", channel="events", name="Booth meetings", target=300, unit="meetings")
add("KPIs", channel="partners", name="Partners signed", target=8, unit="partners")
add("Forecasts", channel="search", objective="pipeline", forecast=2500000)
add("Forecasts", channel="events", objective="pipeline", forecast=3500000)
add("Forecasts", channel="partners", objective="integrators", forecast=8)
add("Budget lines", id="research", name="Retrofit market study", amount=20000, work="upstream",
    activity="insights-research", supports="pipeline")
add("Team", id="lead", role="Marketing lead", fte=1, work="upstream")
add("Risks", id="fairs", risk="Fair cancelled", likelihood="low", impact="high",
    mitigation="Move budget to search")
add("Assumptions", id="retrofit", statement="Plants retrofit before 2028", underpins="pipeline",
    test="Ask 20 plant managers", test_by=datetime.date(2027, 3, 31))
add("Asks", id="budget", ask="Approve EUR 400k", kind="budget", amount=400000)

expected = []
if mode == "typo":
    # A typo in an objective id: a plan that loads, checked by the rules
    # (a plan with load errors is not checked further, in TOML as here).
    ch = book["Channels"]
    cols = columns(ch)
    ch.cell(ch2, cols["supports"], "pipline, integrators")
    expected.append(("unknown-ref", f"Channels!{get_column_letter(cols['supports'])}{ch2}"))
if mode == "mistakes":
    ch = book["Channels"]
    cols = columns(ch)
    # A row inserted in the middle of the channels: a new channel, and the
    # rows below move down.
    ch.insert_rows(ch2)
    for k, v in {"id": "webinars", "name": "Webinars", "category": "content",
                 "supports": "pipeline", "budget": "about 5k", "work": "downstream"}.items():
        ch.cell(ch2, cols[k], v)
    # Text in an amount (in the inserted row).
    expected.append(("invalid-value", f"Channels!{get_column_letter(cols['budget'])}{ch2}"))
    # An extra column.
    extra = max(cols.values()) + 1
    ch.cell(1, extra, "Comments")
    ch.cell(2, extra, "ask Ines")
    expected.append(("unknown-field", f"Channels!{get_column_letter(extra)}1"))
    # A date typed as text.
    ob = book["Objectives"]
    ocols = columns(ob)
    ob.cell(obj2, ocols["due"], "30/09/2027")
    expected.append(("invalid-value", f"Objectives!{get_column_letter(ocols['due'])}{obj2}"))
    # A merged header.
    team = book["Team"]
    team.merge_cells("B1:C1")
    expected.append(("invalid-value", "Team!B1:C1"))
    # A renamed sheet.
    book["Risks"].title = "Risk register"
    expected.append(("unknown-field", "'Risk register'!A1"))
book.save(out)
print(json.dumps(expected))
