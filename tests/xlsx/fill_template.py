"""Fills an actuals template the way finance would, with openpyxl:
`python fill_template.py TEMPLATE.xlsx ACTUALS.csv OUT.xlsx` puts each CSV
row's committed and actual into the template's matching row (by kind,
item and period), and appends result rows the template does not have."""
import csv
import sys

import openpyxl

template, source, out = sys.argv[1:4]
book = openpyxl.load_workbook(template)
ws = book["Actuals"]
rows = {}
for r in range(2, ws.max_row + 1):
    rows[(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value)] = r
with open(source, newline="") as f:
    for rec in csv.DictReader(f):
        num = lambda s: (float(s) if "." in s else int(s)) if s else None
        key = (rec["kind"], rec["item"], rec["period"])
        r = rows.get(key)
        if r is None:
            r = ws.max_row + 1
            ws.cell(r, 1, rec["kind"])
            ws.cell(r, 2, rec["item"])
            ws.cell(r, 3, rec["period"])
            rows[key] = r
        ws.cell(r, 4, num(rec["committed"]))
        ws.cell(r, 5, num(rec["actual"]))
book.save(out)
