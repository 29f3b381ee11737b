"""Recalculates a workbook with LibreOffice Calc and prints every sheet's
values as JSON: `python recalc.py BOOK.xlsx WORKDIR`.

Every formula's saved value is stripped first, so the numbers printed can
only come from LibreOffice computing the formulas (not from what the
writer saved); openpyxl then reads what LibreOffice saved.
"""
import json
import os
import re
import subprocess
import sys
import zipfile

import openpyxl

src, work = sys.argv[1], sys.argv[2]
stripped = os.path.join(work, "stripped.xlsx")
removed = 0
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.startswith("xl/worksheets/"):
            data, n = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", rb"\1", data)
            removed += n
        zout.writestr(item, data)
profile = os.path.join(work, "profile")
out = os.path.join(work, "lo")
done = subprocess.run(
    ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
     "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, stripped],
    capture_output=True, text=True)
if done.returncode != 0 or not os.path.exists(os.path.join(out, "stripped.xlsx")):
    sys.exit(f"LibreOffice could not convert: {done.stderr}")
book = openpyxl.load_workbook(os.path.join(out, "stripped.xlsx"), data_only=True)
formulas = openpyxl.load_workbook(src)
print(json.dumps({
    "stripped": removed,
    "formulas": sum(1 for ws in formulas for row in ws.iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith("=")),
    "sheets": {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book},
}, default=str))
