"""Reads a .pptx with python-pptx and prints what tests/pptx.rs checks, as
JSON: per slide its layout, title, placeholders, text, tables, charts and
notes; and the document's properties and theme fonts."""

import json
import sys

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

prs = Presentation(sys.argv[1])
out = {
    "width": prs.slide_width,
    "height": prs.slide_height,
    "title": prs.core_properties.title,
    "author": prs.core_properties.author,
    "subject": prs.core_properties.subject,
    "layouts": [l.name for l in prs.slide_layouts],
    "slides": [],
}
for slide in prs.slides:
    s = {
        "layout": slide.slide_layout.name,
        "title": None,
        "placeholders": [],
        "text": [],
        "boxes": [],
        "tables": [],
        "charts": [],
        "pictures": 0,
        "notes": None,
    }
    for shape in slide.shapes:
        if shape.is_placeholder:
            kind = str(shape.placeholder_format.type).split(" ")[0].split(".")[-1]
            s["placeholders"].append(kind)
            if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                s["title"] = shape.text_frame.text
        if shape.has_text_frame and shape.text_frame.text:
            s["text"].append(shape.text_frame.text)
            if not shape.is_placeholder:
                s["boxes"].append(shape.text_frame.text)
        if shape.has_table:
            s["tables"].append([[c.text for c in row.cells] for row in shape.table.rows])
        if shape.has_chart:
            chart = shape.chart
            s["charts"].append({
                "type": str(chart.chart_type).split(" ")[0].split(".")[-1],
                "series": [
                    {"name": ser.name, "values": [v for v in ser.values]}
                    for plot in chart.plots for ser in plot.series
                ],
                "has_workbook": chart.part.chart_workbook.xlsx_part is not None,
            })
        if shape.shape_type == 13:  # PICTURE
            s["pictures"] += 1
    if slide.has_notes_slide:
        s["notes"] = slide.notes_slide.notes_text_frame.text
    out["slides"].append(s)
print(json.dumps(out))
